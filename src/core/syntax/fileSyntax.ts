// The shape of one topology file as written, from the core scanner: nested blocks (for the
// outline), Define entries, Class definitions, include sites and `$VAR` uses, all with offsets
// into the text given. Pure and per file: it needs no evaluation, so it works on any file, even
// one that does not resolve. The editor's outline, navigation and rename use it.
import { scan, Tok, type Token } from '../conf/lexer';

export type BlockKind = 'class' | 'object' | 'define' | 'defineAttribute' | 'includeByKey' | 'combineArrays' | 'subTreeCopy' | 'array' | 'element' | 'block';

export interface Block {
  name: string;
  kind: BlockKind;
  /** The key's extent, or the `{` of an array element. */
  keyStart: number;
  keyEnd: number;
  /** From the key to the closing bracket (end of text if unclosed). */
  start: number;
  end: number;
  children: Block[];
  /** Scalar elements of an array block (`!valid_values [ "a" "b" ]`). */
  values: string[];
}

export interface DefineEntry {
  name: string;
  value: string;
  start: number;
  end: number;
}

export interface ClassDef {
  group: string;
  name: string;
  start: number;
  end: number;
}

export interface IncludeSite {
  /** `<x.conf>` directive, `<searchdir:dir>`, or a file named by an IncludeByKey value. */
  kind: 'include' | 'searchdir' | 'includeByKey';
  path: string;
  start: number;
  end: number;
}

export interface VariableUse {
  name: string;
  start: number;
  end: number;
}

export interface FileSyntax {
  blocks: Block[];
  defines: DefineEntry[];
  classes: ClassDef[];
  includes: IncludeSite[];
  variables: VariableUse[];
}

const KINDS: Record<string, BlockKind> = {
  Class: 'class',
  Object: 'object',
  Define: 'define',
  DefineAttribute: 'defineAttribute',
  IncludeByKey: 'includeByKey',
  CombineArrays: 'combineArrays',
  SubTreeCopy: 'subTreeCopy',
};

const isPunct = (t: Token | undefined, c: string): boolean => !!t && t.kind === Tok.Punct && t.text === c;
const isKeyPart = (t: Token | undefined): boolean => !!t && (t.kind === Tok.Word || t.kind === Tok.Quoted);

export function fileSyntax(text: string): FileSyntax {
  const toks = scan(text).tokens;
  const out: FileSyntax = { blocks: [], defines: [], classes: [], includes: [], variables: [] };
  const stack: Block[] = [];
  const siblings = (): Block[] => (stack.length ? stack[stack.length - 1].children : out.blocks);
  const inArray = (): boolean => stack.length > 0 && stack[stack.length - 1].kind === 'array';
  const within = (kind: BlockKind): boolean => stack.some((b) => b.kind === kind);

  for (const t of toks) {
    if (t.kind !== Tok.Word && t.kind !== Tok.Quoted) continue;
    for (const m of text.slice(t.start, t.end).matchAll(/\$([A-Za-z0-9_]+)/g)) {
      const start = t.start + (m.index ?? 0);
      out.variables.push({ name: m[1], start, end: start + m[0].length });
    }
  }

  let i = 0;
  const open = (name: string, kind: BlockKind, keyStart: number, keyEnd: number): void => {
    const b: Block = { name, kind, keyStart, keyEnd, start: keyStart, end: text.length, children: [], values: [] };
    siblings().push(b);
    stack.push(b);
  };
  while (i < toks.length) {
    const t = toks[i];
    if (t.kind === Tok.Include) {
      const sd = /^searchdir:(.*)$/.exec(t.text);
      out.includes.push({ kind: sd ? 'searchdir' : 'include', path: sd ? sd[1] : t.text, start: t.start, end: t.end });
      i++;
      continue;
    }
    if (t.kind === Tok.Punct) {
      if ((t.text === '}' || t.text === ']') && stack.length) stack.pop()!.end = t.end;
      else if (t.text === '{' && inArray()) open(`[${siblings().length}]`, 'element', t.start, t.end);
      else if (t.text === '[' && inArray()) open(`[${siblings().length}]`, 'array', t.start, t.end);
      i++;
      continue;
    }
    if (isKeyPart(t) && inArray()) {
      stack[stack.length - 1].values.push(t.text);
      i++;
      continue;
    }
    if (!isKeyPart(t)) {
      i++;
      continue;
    }
    // A key: adjacent words, quoted strings and dots, optionally prefixed by a mode character.
    const parts: string[] = [];
    const keyStart = t.start;
    let keyEnd = t.end;
    let j = i;
    while (isKeyPart(toks[j]) || (isPunct(toks[j], '.') && parts.length > 0)) {
      const k = toks[j];
      if (j > i && k.start !== keyEnd && !isPunct(k, '.') && !isPunct(toks[j - 1], '.')) break;
      parts.push(k.kind === Tok.Punct ? '.' : k.text);
      keyEnd = k.end;
      j++;
    }
    const key = parts.join('').replace(/^[!?+-]/, '');
    let next = toks[j];
    if (isPunct(next, '=')) next = toks[++j];
    if (isPunct(next, '{') || isPunct(next, '[')) {
      const kind = KINDS[key.split('.')[0]] ?? 'block';
      // Arrays (`Object.Pipeline.x [ {...} ]` too) hold elements, not keys.
      open(key, isPunct(next, '[') ? 'array' : kind, keyStart, keyEnd);
      if (kind === 'class') {
        const seg = key.split('.');
        if (seg.length >= 3) out.classes.push({ group: seg[1], name: seg.slice(2).join('.'), start: keyStart, end: keyEnd });
      }
      i = j + 1;
      continue;
    }
    if (isKeyPart(next) && next.start !== keyEnd) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'define') out.defines.push({ name: key, value: next.text, start: keyStart, end: next.end });
      // An element of an array named by its index attribute reads better in the outline.
      if (top?.kind === 'element' && key === 'index') top.name = `index ${next.text}`;
      if (within('includeByKey') && next.kind === Tok.Quoted && /\.conf$/.test(next.text)) {
        out.includes.push({ kind: 'includeByKey', path: next.text, start: next.start, end: next.end });
      }
      i = j + 1;
      continue;
    }
    i = j > i ? j : i + 1;
  }
  return out;
}

/** The attribute name a `DefineAttribute."x"` block defines. */
export function definedAttribute(b: Block): string | undefined {
  return b.kind === 'defineAttribute' ? b.name.slice('DefineAttribute.'.length) : undefined;
}

/** `valid_values` listed in a DefineAttribute block's constraints. */
export function validValues(b: Block): string[] {
  for (const c of b.children) {
    if (c.kind === 'array' && c.name === 'valid_values') return c.values;
    const inner = validValues(c);
    if (inner.length) return inner;
  }
  return [];
}
