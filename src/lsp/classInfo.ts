// What a class declares about its attributes (DefineAttribute blocks, including those pulled in
// by an include inside the class body, like widget-common.conf), found by syntax in the files
// the current analysis reads.
import type { Session } from './session';
import { definedAttribute, validValues, type Block } from '../core/syntax/fileSyntax';
import type { FileEntry, SyntaxCache } from './syntaxCache';

export interface AttributeDef {
  name: string;
  validValues: string[];
  /** `token_ref` and `type` as written, when the DefineAttribute gives them. */
  tokenRef?: string;
  type?: string;
  file: FileEntry;
  block: Block;
}

/** Blocks enclosing `at`, outermost first. */
export function enclosing(blocks: Block[], at: number, out: Block[] = []): Block[] {
  for (const b of blocks) {
    if (b.start <= at && at < b.end) {
      out.push(b);
      return enclosing(b.children, at, out);
    }
  }
  return out;
}

/** `Object.<group>.<class>...` of the object whose body the innermost block of `chain` is. */
export function objectClass(chain: Block[]): { group: string; cls: string } | undefined {
  const inner = chain[chain.length - 1];
  const parent = chain[chain.length - 2];
  let key: string | undefined;
  if (inner?.kind === 'object') key = inner.name;
  else if (inner?.kind === 'element' && parent?.kind === 'array' && parent.name.startsWith('Object.')) key = parent.name;
  const seg = key?.split('.');
  return seg && seg.length >= 3 ? { group: seg[1], cls: seg[2] } : undefined;
}

/** A key-value written directly in `b`, read from the text (`token_ref "src.word"`). */
function scalar(f: FileEntry, b: Block, key: string): string | undefined {
  const body = f.text.slice(b.keyEnd, b.end);
  const m = new RegExp(`^\\s*${key}\\s+["']?([^"'\\s#]+)`, 'm').exec(body);
  return m?.[1];
}

export function classAttributes(cache: SyntaxCache, session: Session, group: string, cls: string, current: string): Map<string, AttributeDef> {
  const out = new Map<string, AttributeDef>();
  const collect = (f: FileEntry, blocks: Block[]): void => {
    for (const b of blocks) {
      const name = definedAttribute(b);
      if (!name || out.has(name)) continue;
      out.set(name, { name, validValues: validValues(b), tokenRef: scalar(f, b, 'token_ref'), type: scalar(f, b, 'type'), file: f, block: b });
    }
  };
  const files = session.files.length ? session.files : [current];
  for (const file of files) {
    const e = cache.get(file);
    const def = e?.syntax.classes.find((c) => c.group === group && c.name === cls);
    if (!e || !def) continue;
    const block = e.syntax.blocks.find((b) => b.keyStart === def.start);
    if (!block) continue;
    collect(e, block.children);
    for (const site of e.syntax.includes) {
      if (site.start < block.start || site.end > block.end) continue;
      const inc = cache.resolveInclude(site, e.file, session.state?.context.target.input);
      const ie = inc ? cache.get(inc) : undefined;
      if (ie) collect(ie, ie.syntax.blocks);
    }
    break;
  }
  return out;
}
