// Helpful checks on top of the faithful build: an attribute that no class declares and nothing
// reads is silently ignored by alsatplg; a misspelled class name fails with no hint. Both get a
// message that names the likely intended word, and a quick fix.
import { ConfNode } from '../conf/node';
import { rangeOf } from '../conf/files';
import type { SourceRange, TextFix } from '../model';
import { buildMapFor } from './builders';
import { attributeDefinition, classInfo } from './classes';
import { PPContext } from './context';
import type { Obj } from './object';

/** Attributes builders read whatever the class declares. */
const ALWAYS_READ = new Set(['name', 'direction']);

export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = t;
    }
  }
  return prev[b.length];
}

/** The closest of `candidates` to `word` within 2 edits (3 for long words), if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = word.length > 12 ? 4 : 3;
  for (const c of candidates) {
    if (c === word) continue;
    const d = editDistance(c, word);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/** The range of `word` written right before `valueRange` (the key of a `key value` line). */
function keyRange(ctx: PPContext, word: string, valueRange: SourceRange | undefined): SourceRange | undefined {
  if (!valueRange) return undefined;
  const f = ctx.store.get(valueRange.file);
  if (!f) return undefined;
  const lineStart = f.text.lastIndexOf('\n', valueRange.offset - 1) + 1;
  const before = f.text.slice(lineStart, valueRange.offset);
  const m = new RegExp(`(["']?)${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1[\\s=]*$`).exec(before);
  if (!m) return undefined;
  const start = lineStart + m.index + m[1].length;
  return rangeOf(f, start, start + word.length);
}

/** A range that holds exactly `word` (possibly quoted) in its file, for a replacement. */
function exactRange(ctx: PPContext, word: string, r: SourceRange | undefined): SourceRange | undefined {
  if (!r) return undefined;
  const f = ctx.store.get(r.file);
  if (!f) return undefined;
  const text = f.text.slice(r.offset, r.endOffset);
  if (text === word) return r;
  if (text.length === word.length + 2 && text.slice(1, -1) === word) return rangeOf(f, r.offset + 1, r.endOffset - 1);
  return undefined;
}

/** `No Class definition found` with the closest class of the group and a fix. */
export function unknownClassHelp(ctx: PPContext, group: string, name: string, nameRange: SourceRange | undefined): { hint: string; fixes?: TextFix[] } {
  const classes = ctx.input.search(`Class.${group}`);
  const best = classes ? closest(name, classes.kids.map((c) => c.id)) : undefined;
  if (!best) return { hint: '' };
  const at = exactRange(ctx, name, nameRange);
  return { hint: ` (did you mean ${best}?)`, fixes: at ? [{ title: `Change to ${best}`, range: at, newText: best }] : undefined };
}

/** Warn about attributes written on `obj` that its class does not declare and nothing read. */
export function warnUnusedAttributes(ctx: PPContext, obj: Obj): void {
  if (obj.group === 'Base' && obj.className === 'VendorToken') return;
  const map = buildMapFor(obj.group, obj.className);
  const template = new Set([...(map?.template?.ints ?? []), ...(map?.template?.strings ?? []), ...(map?.template?.compounds ?? [])]);
  for (const a of obj.cfg.kids) {
    if (a.type === 'compound' || ALWAYS_READ.has(a.id) || template.has(a.id) || a.consumed) continue;
    if (attributeDefinition(obj.cls, a.id)) continue;
    const declared = classInfo(obj.cls).definitions.map((d) => d.id);
    const best = closest(a.id, declared);
    const key = keyRange(ctx, a.id, a.range);
    ctx.warn(
      'TPLG116',
      best
        ? `${a.id} is not an attribute of class ${obj.className}; did you mean ${best}? alsatplg ignores it`
        : `${a.id} is not an attribute of class ${obj.className} and no child object uses it: alsatplg ignores it`,
      key ?? a.range,
      undefined,
      best && key ? [{ title: `Change to ${best}`, range: key, newText: best }] : undefined,
    );
  }
}

/** Mark an attribute node as read (inherited by a child, or referenced by `$`). */
export function markConsumed(n: ConfNode | undefined): void {
  if (n) n.consumed = true;
}
