// Every place one file names a Define variable, as written: `$NAME` uses (in values and inside
// `$[ ]`), `NAME value` entries of Define blocks, and `IncludeByKey.NAME` keys. The spans cover
// the name only, so replacing them renames the variable and nothing else.
import type { FileSyntax } from './fileSyntax';

export interface NameSpan {
  start: number;
  end: number;
  kind: 'use' | 'define' | 'includeByKey';
}

export const VARIABLE_NAME = /^[A-Za-z0-9_]+$/;

export function variableSites(text: string, syntax: FileSyntax, name: string): NameSpan[] {
  const out: NameSpan[] = [];
  for (const u of syntax.variables) {
    // `$NAME` is matched greedily, so `$NAME_2` is another variable and never a hit here.
    if (u.name === name) out.push({ start: u.start + 1, end: u.end, kind: 'use' });
  }
  for (const d of syntax.defines) {
    const at = nameIn(text, d.start, d.end, name);
    if (d.name === name && at >= 0) out.push({ start: at, end: at + name.length, kind: 'define' });
  }
  const walk = (blocks: FileSyntax['blocks']): void => {
    for (const b of blocks) {
      if (b.kind === 'includeByKey' && b.name === `IncludeByKey.${name}`) {
        const at = nameIn(text, b.keyStart + 'IncludeByKey'.length, b.keyEnd, name);
        if (at >= 0) out.push({ start: at, end: at + name.length, kind: 'includeByKey' });
      }
      walk(b.children);
    }
  };
  walk(syntax.blocks);
  return out.sort((a, b) => a.start - b.start);
}

/** The variable at `offset`, if the cursor is on one of the three kinds of site. */
export function variableAt(text: string, syntax: FileSyntax, offset: number): { name: string; span: NameSpan } | undefined {
  const candidates = new Set<string>();
  for (const u of syntax.variables) if (u.start <= offset && offset <= u.end) candidates.add(u.name);
  for (const d of syntax.defines) if (d.start <= offset && offset <= d.start + d.name.length + 2) candidates.add(d.name);
  const walk = (blocks: FileSyntax['blocks']): void => {
    for (const b of blocks) {
      if (b.kind === 'includeByKey' && b.keyStart <= offset && offset <= b.keyEnd) candidates.add(b.name.slice('IncludeByKey.'.length));
      walk(b.children);
    }
  };
  walk(syntax.blocks);
  for (const name of candidates) {
    if (!VARIABLE_NAME.test(name)) continue;
    const span = variableSites(text, syntax, name).find((s) => s.start <= offset && offset <= s.end);
    if (span) return { name, span };
  }
  return undefined;
}

/** Offset of `name` as a whole word (quoted or not) in text[from, to), or -1. */
function nameIn(text: string, from: number, to: number, name: string): number {
  const re = /[A-Za-z0-9_]+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) if (m[0] === name) return m.index;
  return -1;
}
