// Quick fixes for a missing mandatory attribute (TPLG111): write the attribute into the object's
// own block. With `valid_values` there is one fix per value, with `min` the minimum; otherwise an
// empty string for the user to fill in (a DefineAttribute's `type` does not say: it types only
// the unique attribute).
import type { ConfNode } from '../conf/node';
import { rangeOf } from '../conf/files';
import type { SourceRange, TextFix } from '../model';
import type { PPContext } from './context';

const MAX_VALUE_FIXES = 8;

export function addAttributeFixes(ctx: PPContext, origin: SourceRange | undefined, attr: string, def: ConfNode | undefined): TextFix[] | undefined {
  const file = origin ? ctx.store.get(origin.file) : undefined;
  if (!origin || !file) return undefined;
  const brace = openingBrace(file.text, origin);
  if (brace < 0) return undefined;
  const lineStart = file.text.lastIndexOf('\n', brace) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, brace))![0];
  const at = rangeOf(file, brace + 1, brace + 1);
  const insert = (value: string): string => `\n${indent}\t${attr}\t${value}`;
  const allowed = def?.search('constraints.valid_values')?.kids.filter((k) => k.type === 'string').map((k) => k.value as string) ?? [];
  if (allowed.length) {
    return allowed.slice(0, MAX_VALUE_FIXES).map((v) => ({ title: `Add ${attr} "${v}"`, range: at, newText: insert(`"${v}"`) }));
  }
  const min = def?.search('constraints.min')?.value;
  if (typeof min === 'number') return [{ title: `Add ${attr} ${min} (its minimum; then set its value)`, range: at, newText: insert(String(min)) }];
  return [{ title: `Add ${attr} "" (then fill in its value)`, range: at, newText: insert('""') }];
}

/** Offset of the `{` that opens the object written at `origin` (its id), or -1 (dotted form). */
function openingBrace(text: string, origin: SourceRange): number {
  if (text[origin.offset] === '{') return origin.offset;
  let i = origin.endOffset;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '"' || text[i] === "'")) i++;
  return text[i] === '{' ? i : -1;
}
