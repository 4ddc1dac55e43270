// Outline, include links, go-to-definition, references and workspace symbols (classes, objects,
// Define variables, include files), from the syntax of the files the current analysis reads.
import * as vscode from 'vscode';
import type { Session } from './session';
import type { Block, BlockKind } from '../core/syntax/fileSyntax';
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

  /** The files to search: this one and the analysed target's. */
  private files(current: string): FileEntry[] {
    return filesOf(this.cache, this.session, current);
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

/** References: objects of a class (from its Class header or an object of it), uses of a variable. */
export class TopologyReferences implements vscode.ReferenceProvider {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  provideReferences(doc: vscode.TextDocument, pos: vscode.Position): vscode.Location[] | undefined {
    const e = this.cache.get(doc.uri.fsPath);
    if (!e) return undefined;
    const at = doc.offsetAt(pos);
    const files = filesOf(this.cache, this.session, e.file);
    const v = e.syntax.variables.find((x) => x.start <= at && at <= x.end) ?? e.syntax.defines.find((d) => d.start <= at && at <= d.start + d.name.length);
    if (v) {
      return files.flatMap((f) => f.syntax.variables.filter((u) => u.name === v.name).map((u) => new vscode.Location(vscode.Uri.file(f.file), rangeAt(f, u.start, u.end))));
    }
    const header = findBlock(e.syntax.blocks, (b) => b.kind === 'class' || b.kind === 'object' || (b.kind === 'array' && b.name.startsWith('Object.')), at);
    if (!header) return undefined;
    const [, group, cls] = header.name.split('.');
    const out: vscode.Location[] = [];
    const walk = (f: FileEntry, blocks: Block[]): void => {
      for (const b of blocks) {
        const seg = b.name.split('.');
        if ((b.kind === 'object' || b.kind === 'array') && seg[0] === 'Object' && seg[1] === group && seg[2] === cls) {
          out.push(new vscode.Location(vscode.Uri.file(f.file), rangeAt(f, b.keyStart, b.keyEnd)));
        }
        walk(f, b.children);
      }
    };
    files.forEach((f) => walk(f, f.syntax.blocks));
    return out;
  }
}

/** Classes and objects of the files the current analysis reads, by name. */
export class TopologyWorkspaceSymbols implements vscode.WorkspaceSymbolProvider {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  provideWorkspaceSymbols(query: string): vscode.SymbolInformation[] {
    const q = query.toLowerCase();
    const out: vscode.SymbolInformation[] = [];
    const walk = (f: FileEntry, blocks: Block[], container: string): void => {
      for (const b of blocks) {
        if ((b.kind === 'class' || b.name.startsWith('Object.')) && b.name.toLowerCase().includes(q)) {
          out.push(new vscode.SymbolInformation(b.name, SYMBOL_KIND[b.kind === 'array' ? 'object' : b.kind], container,
            new vscode.Location(vscode.Uri.file(f.file), rangeAt(f, b.keyStart, b.keyEnd))));
        }
        walk(f, b.children, b.name);
      }
    };
    for (const file of this.session.files) {
      const f = this.cache.get(file);
      if (f) walk(f, f.syntax.blocks, '');
      if (out.length > 2000) break;
    }
    return out;
  }
}

function filesOf(cache: SyntaxCache, session: Session, current: string): FileEntry[] {
  const out: FileEntry[] = [];
  for (const f of new Set([current, ...session.files])) {
    const e = cache.get(f);
    if (e) out.push(e);
  }
  return out;
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

