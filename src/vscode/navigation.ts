// Outline, include links and go-to-definition (classes, Define variables, include files), from
// the syntax of the files the current analysis reads.
import * as vscode from 'vscode';
import type { Session } from './session';
import type { Block, BlockKind } from './syntax';
import { rangeAt, type FileEntry, type SyntaxCache } from './syntaxCache';

const SYMBOL_KIND: Record<BlockKind, vscode.SymbolKind> = {
  class: vscode.SymbolKind.Class,
  object: vscode.SymbolKind.Object,
  define: vscode.SymbolKind.Namespace,
  defineAttribute: vscode.SymbolKind.Property,
  includeByKey: vscode.SymbolKind.Module,
  combineArrays: vscode.SymbolKind.Array,
  subTreeCopy: vscode.SymbolKind.Struct,
  array: vscode.SymbolKind.Array,
  element: vscode.SymbolKind.Object,
  block: vscode.SymbolKind.Field,
};

export class TopologySymbols implements vscode.DocumentSymbolProvider {
  constructor(private readonly cache: SyntaxCache) {}

  provideDocumentSymbols(doc: vscode.TextDocument): vscode.DocumentSymbol[] {
    const e = this.cache.get(doc.uri.fsPath);
    if (!e) return [];
    const convert = (b: Block): vscode.DocumentSymbol => {
      const full = rangeAt(e, b.start, b.end);
      const sel = rangeAt(e, b.keyStart, b.keyEnd);
      const s = new vscode.DocumentSymbol(b.name, '', SYMBOL_KIND[b.kind], full, full.contains(sel) ? sel : full);
      s.children = b.children.map(convert);
      return s;
    };
    const symbols = e.syntax.blocks.map(convert);
    const define = symbols.find((s) => s.name === 'Define');
    for (const d of e.syntax.defines) {
      const r = rangeAt(e, d.start, d.end);
      const s = new vscode.DocumentSymbol(d.name, d.value, vscode.SymbolKind.Constant, r, r);
      if (define?.range.contains(r)) define.children.push(s);
    }
    return symbols;
  }
}

export class IncludeLinks implements vscode.DocumentLinkProvider {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const e = this.cache.get(doc.uri.fsPath);
    if (!e) return [];
    const top = this.session.state?.context.target.input;
    const links: vscode.DocumentLink[] = [];
    for (const site of e.syntax.includes) {
      const target = this.cache.resolveInclude(site, e.file, top);
      if (!target) continue;
      const link = new vscode.DocumentLink(rangeAt(e, site.start, site.end), vscode.Uri.file(target));
      link.tooltip = target;
      links.push(link);
    }
    return links;
  }
}

export class TopologyDefinitions implements vscode.DefinitionProvider {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  /** The files to search: the analysed target's, else just this one. */
  private files(current: string): FileEntry[] {
    const files = this.session.files.length ? this.session.files : [current];
    const out: FileEntry[] = [];
    for (const f of new Set([current, ...files])) {
      const e = this.cache.get(f);
      if (e) out.push(e);
    }
    return out;
  }

  provideDefinition(doc: vscode.TextDocument, pos: vscode.Position): vscode.Location[] | undefined {
    const e = this.cache.get(doc.uri.fsPath);
    if (!e) return undefined;
    const at = doc.offsetAt(pos);
    const hit = <T extends { start: number; end: number }>(xs: T[]): T | undefined => xs.find((x) => x.start <= at && at <= x.end);

    const site = hit(e.syntax.includes);
    if (site) {
      const target = this.cache.resolveInclude(site, e.file, this.session.state?.context.target.input);
      return target ? [new vscode.Location(vscode.Uri.file(target), new vscode.Position(0, 0))] : undefined;
    }
    const v = hit(e.syntax.variables);
    if (v) {
      return this.files(e.file).flatMap((f) =>
        f.syntax.defines.filter((d) => d.name === v.name).map((d) => new vscode.Location(vscode.Uri.file(f.file), rangeAt(f, d.start, d.end))));
    }
    const obj = findBlock(e.syntax.blocks, (b) => b.kind === 'object' || (b.kind === 'array' && b.name.startsWith('Object.')), at);
    if (obj) {
      const [, group, cls] = obj.name.split('.');
      return this.files(e.file).flatMap((f) =>
        f.syntax.classes.filter((c) => c.group === group && c.name === cls).map((c) => new vscode.Location(vscode.Uri.file(f.file), rangeAt(f, c.start, c.end))));
    }
    return undefined;
  }
}

/** The block whose key (not body) contains `at`. */
function findBlock(blocks: Block[], ok: (b: Block) => boolean, at: number): Block | undefined {
  for (const b of blocks) {
    if (b.keyStart <= at && at <= b.keyEnd && ok(b)) return b;
    if (b.start <= at && at <= b.end) {
      const inner = findBlock(b.children, ok, at);
      if (inner) return inner;
    }
  }
  return undefined;
}

