// Outline, include links, go-to-definition, references and workspace symbols (classes, objects,
// Define variables, include files), from the syntax of the files the current analysis reads.
import { SymbolKind, type DocumentLink, type DocumentSymbol, type Location, type Position, type Range, type SymbolInformation } from 'vscode-languageserver';
import type { Session } from './session';
import type { Block, BlockKind } from '../core/syntax/fileSyntax';
import { pathToUri } from './documents';
import { containsPosition } from './ranges';
import { offsetAt, rangeAt, type FileEntry, type SyntaxCache } from './syntaxCache';

const SYMBOL_KIND: Record<BlockKind, SymbolKind> = {
  class: SymbolKind.Class,
  object: SymbolKind.Object,
  define: SymbolKind.Namespace,
  defineAttribute: SymbolKind.Property,
  includeByKey: SymbolKind.Module,
  combineArrays: SymbolKind.Array,
  subTreeCopy: SymbolKind.Struct,
  array: SymbolKind.Array,
  element: SymbolKind.Object,
  block: SymbolKind.Field,
};

const contains = (outer: Range, inner: Range): boolean => containsPosition(outer, inner.start) && containsPosition(outer, inner.end);
const location = (f: FileEntry, start: number, end: number): Location => ({ uri: pathToUri(f.file), range: rangeAt(f, start, end) });

export class TopologySymbols {
  constructor(private readonly cache: SyntaxCache) {}

  symbols(file: string): DocumentSymbol[] {
    const e = this.cache.get(file);
    if (!e) return [];
    const convert = (b: Block): DocumentSymbol => {
      const full = rangeAt(e, b.start, b.end);
      const sel = rangeAt(e, b.keyStart, b.keyEnd);
      // An empty name is refused by VS Code; a block always has one, but be safe.
      return { name: b.name || '?', detail: '', kind: SYMBOL_KIND[b.kind], range: full, selectionRange: contains(full, sel) ? sel : full, children: b.children.map(convert) };
    };
    const symbols = e.syntax.blocks.map(convert);
    const define = symbols.find((s) => s.name === 'Define');
    for (const d of e.syntax.defines) {
      const r = rangeAt(e, d.start, d.end);
      if (define && contains(define.range, r)) define.children?.push({ name: d.name || '?', detail: d.value, kind: SymbolKind.Constant, range: r, selectionRange: r });
    }
    return symbols;
  }
}

export class IncludeLinks {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  links(file: string): DocumentLink[] {
    const e = this.cache.get(file);
    if (!e) return [];
    const top = this.session.state?.context.target.input;
    const links: DocumentLink[] = [];
    for (const site of e.syntax.includes) {
      const target = this.cache.resolveInclude(site, e.file, top);
      if (target) links.push({ range: rangeAt(e, site.start, site.end), target: pathToUri(target), tooltip: target });
    }
    return links;
  }
}

export class TopologyDefinitions {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  /** The files to search: this one and the analysed target's. */
  private files(current: string): FileEntry[] {
    return filesOf(this.cache, this.session, current);
  }

  definition(file: string, pos: Position): Location[] | null {
    const e = this.cache.get(file);
    if (!e) return null;
    const at = offsetAt(e, pos);
    const hit = <T extends { start: number; end: number }>(xs: T[]): T | undefined => xs.find((x) => x.start <= at && at <= x.end);

    const site = hit(e.syntax.includes);
    if (site) {
      const target = this.cache.resolveInclude(site, e.file, this.session.state?.context.target.input);
      return target ? [{ uri: pathToUri(target), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : null;
    }
    const v = hit(e.syntax.variables);
    if (v) {
      return this.files(e.file).flatMap((f) =>
        f.syntax.defines.filter((d) => d.name === v.name).map((d) => location(f, d.start, d.end)));
    }
    const obj = findBlock(e.syntax.blocks, (b) => b.kind === 'object' || (b.kind === 'array' && b.name.startsWith('Object.')), at);
    if (obj) {
      const [, group, cls] = obj.name.split('.');
      return this.files(e.file).flatMap((f) =>
        f.syntax.classes.filter((c) => c.group === group && c.name === cls).map((c) => location(f, c.start, c.end)));
    }
    return null;
  }
}

/** References: objects of a class (from its Class header or an object of it), uses of a variable. */
export class TopologyReferences {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  references(file: string, pos: Position): Location[] | null {
    const e = this.cache.get(file);
    if (!e) return null;
    const at = offsetAt(e, pos);
    const files = filesOf(this.cache, this.session, e.file);
    const v = e.syntax.variables.find((x) => x.start <= at && at <= x.end) ?? e.syntax.defines.find((d) => d.start <= at && at <= d.start + d.name.length);
    if (v) {
      return files.flatMap((f) => f.syntax.variables.filter((u) => u.name === v.name).map((u) => location(f, u.start, u.end)));
    }
    const header = findBlock(e.syntax.blocks, (b) => b.kind === 'class' || b.kind === 'object' || (b.kind === 'array' && b.name.startsWith('Object.')), at);
    if (!header) return null;
    const [, group, cls] = header.name.split('.');
    const out: Location[] = [];
    const walk = (f: FileEntry, blocks: Block[]): void => {
      for (const b of blocks) {
        const seg = b.name.split('.');
        if ((b.kind === 'object' || b.kind === 'array') && seg[0] === 'Object' && seg[1] === group && seg[2] === cls) {
          out.push(location(f, b.keyStart, b.keyEnd));
        }
        walk(f, b.children);
      }
    };
    files.forEach((f) => walk(f, f.syntax.blocks));
    return out;
  }
}

/** Classes and objects of the files the current analysis reads, by name. */
export class TopologyWorkspaceSymbols {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  symbols(query: string): SymbolInformation[] {
    const q = String(query ?? '').toLowerCase();
    const out: SymbolInformation[] = [];
    const walk = (f: FileEntry, blocks: Block[], container: string): void => {
      for (const b of blocks) {
        if ((b.kind === 'class' || b.name.startsWith('Object.')) && b.name.toLowerCase().includes(q)) {
          out.push({ name: b.name, kind: SYMBOL_KIND[b.kind === 'array' ? 'object' : b.kind], containerName: container, location: location(f, b.keyStart, b.keyEnd) });
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

