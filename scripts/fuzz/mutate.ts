// Mutations of one file's text (latin1): token-level ones that keep the text close to the grammar,
// so the evaluator gets past the parser, and byte-level ones that do not care about it.
import * as path from 'node:path';
import { scan, Tok, Token } from '../../src/core/conf/lexer';
import { Rng } from './rng';

export interface MutationContext {
  /** Absolute path of the file being mutated. */
  file: string;
  /** `$ALSA_CONFIG_DIR` of the case. */
  baseDir: string;
  /** Text of another seed file, for splicing. */
  otherText(): string;
  /** Add a file that exists only in this case (absolute path). */
  addFile(file: string, text: string): void;
}

type Mutator = (rng: Rng, text: string, ctx: MutationContext) => string;

const HUGE_NUMBERS = [
  '2147483647', '2147483648', '-2147483648', '-2147483649', '4294967295', '4294967296',
  '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
  '18446744073709551615', '18446744073709551616', '0x7fffffff', '0x80000000', '0xffffffff',
  '0x7fffffffffffffff', '0x8000000000000000', '0xffffffffffffffff', '0x10000000000000000',
  '1e308', '1e309', '-1e309', '1e-400', '4.9e-324', '0x1p1023', '0x1p99999', 'nan', 'inf', '-0',
  '0777777777777777777777', '08', '0099', '1' + '0'.repeat(400), '-' + '9'.repeat(100), '0x', '-', '+1',
];

const DOLLARS = [
  '$', '$$', '$[', '"$["', '"$[]"', '"$[1/0]"', '"$[1 % 0]"', '"$[$X + ]"', '"$[(((1)))]"', '$UNDEFINED_NAME',
  '"$$$$"', '"$[2147483647 * 2147483647]"', '"$[-9223372036854775808 / -1]"', '"$[1 << 64]"', '"${a}"',
  '"$[' + '1+'.repeat(3000) + '1]"', '"$[' + '('.repeat(500) + '1' + ')'.repeat(500) + ']"', '"pre$-post"', '"$index$instance"',
];

const REGEX_KEYS = [
  '(a*)*b', '(a|a)*c', '((a+)+)+$', '(a|aa)+$', '([a-z]+)*!', '[[:alpha:]', '[z-a]', '\\\\', '(', ')', 'a{99999}',
  'a{1,2}{3,4}{5,6}', 'x**', '^*', '[]a]', '(|)', '.{0,255}.{0,255}.{0,255}x', '[[:nope:]]', '\\(\\)', '$^', '.*.*.*.*.*.*=',
  'a'.repeat(5000), '('.repeat(300) + 'a' + ')'.repeat(300), '[^]', '', '*', '+?', '{1}', 'a|*', '[a-\\]', '\\1', '(a)\\1',
];

/** Fragments that exercise the pre-processor's keywords; `N`, `K` and `V` are filled in. */
const FRAGMENTS = [
  'IncludeByKey.K { "R" "F" }',
  'IncludeByKey.K { "R" { Object.Widget.N.1 { index 1 } } }',
  'IncludeByKey.K { "R" "F" "[0-9]*" "nope.conf" }',
  'IncludeByKey.K ""',
  'IncludeByKey { K "x" }',
  'Define { K "V" }',
  'Define { K "$K" }',
  'Define { K "$[$K + 1]" N "$K" }',
  'Define.K V',
  'CombineArrays.Object.Base.N [ { a [ 1 2 3 ] b [ V V ] } ]',
  'CombineArrays.Object.Base.N [ { a [ ] } ]',
  'CombineArrays.N [ { a [ 1 2 3 4 5 6 7 8 ] b [ 1 2 3 4 5 6 7 8 ] c [ 1 2 3 4 5 6 7 8 ] d [ 1 2 3 4 5 6 7 8 ] } ]',
  'CombineArrays.N "x"',
  'SubTreeCopy.N { source "Class.Pipeline.K" tree { Object.Widget.N.1 { index V } } }',
  'SubTreeCopy.N { source "Object.Widget.N.1" type "append" tree { x V } }',
  'SubTreeCopy.N { source "" }',
  'SubTreeCopy.N { source "." target "." }',
  'SubTreeCopy.N { source "Class" target "Class.Widget.N" }',
  'Object.Widget.N.1 { index V }',
  'Object.Widget.N."$K" { index "$K" }',
  'Object.Pipeline.N.1 { index V Object.Pipeline.N.2 { index V } }',
  'Object.Base.route [ { source "N.1" sink "N.1" } ]',
  'Object.PCM.pcm.V { name "N" id V direction "playback" }',
  'Class.Widget.N { DefineAttribute.K { type "integer" constraints { min V max -V } } attributes { !constructor [ "K" ] unique "K" } Object.Widget.N.1 {} }',
  'Class.Pipeline.N { Object.Pipeline.N.1 {} }',
  'Class.Base.N { DefineAttribute.K { token_ref "N.word" constraints { !valid_values [ "V" ] } } }',
  'Object { N V }',
  'Object.N V',
  'Class V',
];

const TOKEN_MUTATORS: [number, Mutator][] = [
  [6, deleteTokens],
  [4, duplicateToken],
  [4, swapTokens],
  [4, flipBrace],
  [4, injectDollar],
  [4, injectInclude],
  [4, hugeNumber],
  [2, deepNesting],
  [3, regexKey],
  [6, fragment],
  [4, splice],
];

const BYTE_MUTATORS: [number, Mutator][] = [
  [4, bitFlips],
  [2, truncate],
  [3, junk],
  [2, nuls],
  [2, invalidUtf8],
  [2, chunk],
];

const ALL_MUTATORS: [number, Mutator][] = [...TOKEN_MUTATORS, ...BYTE_MUTATORS];

/** One mutation; returns the new text and the mutator's name. */
export function mutate(rng: Rng, text: string, ctx: MutationContext): { text: string; op: string } {
  const m = rng.weighted(ALL_MUTATORS);
  return { text: m(rng, text, ctx), op: m.name };
}

function tokens(text: string): Token[] {
  return scan(text).tokens;
}

/** A token boundary: the start of a token, or the end of the text. */
function boundary(rng: Rng, text: string, toks: Token[]): number {
  return toks.length && rng.chance(0.9) ? toks[rng.int(toks.length)].start : text.length;
}

function insert(text: string, at: number, s: string): string {
  return `${text.slice(0, at)} ${s} ${text.slice(at)}`;
}

/** A word of the file, to make injected fragments refer to things that exist. */
function someWord(rng: Rng, toks: Token[]): string {
  const words = toks.filter((t) => t.kind === Tok.Word && /^[A-Za-z_][\w-]*$/.test(t.text));
  return words.length ? rng.pick(words).text : 'x';
}

function deleteTokens(rng: Rng, text: string): string {
  const toks = tokens(text);
  if (!toks.length) return text;
  const i = rng.int(toks.length);
  const j = Math.min(toks.length - 1, i + (rng.chance(0.7) ? 0 : rng.int(8)));
  return text.slice(0, toks[i].start) + text.slice(toks[j].end);
}

function duplicateToken(rng: Rng, text: string): string {
  const toks = tokens(text);
  if (!toks.length) return text;
  const t = rng.pick(toks);
  return insert(text, boundary(rng, text, toks), text.slice(t.start, t.end));
}

function swapTokens(rng: Rng, text: string): string {
  const toks = tokens(text);
  if (toks.length < 2) return text;
  const i = rng.int(toks.length - 1);
  const j = rng.chance(0.5) ? i + 1 : i + 1 + rng.int(toks.length - i - 1);
  const [a, b] = [toks[i], toks[j]];
  return text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end, b.start) + text.slice(a.start, a.end) + text.slice(b.end);
}

function flipBrace(rng: Rng, text: string): string {
  const toks = tokens(text).filter((t) => t.kind === Tok.Punct);
  if (!toks.length) return text;
  const t = rng.pick(toks);
  return text.slice(0, t.start) + rng.pick(['{', '}', '[', ']', '', '{{', '}}', '=', ',', ';', '.']) + text.slice(t.end);
}

function injectDollar(rng: Rng, text: string): string {
  const toks = tokens(text);
  const values = toks.filter((t) => t.kind === Tok.Word || t.kind === Tok.Quoted);
  const d = rng.pick(DOLLARS);
  if (values.length && rng.chance(0.6)) {
    const t = rng.pick(values);
    return text.slice(0, t.start) + d + text.slice(t.end);
  }
  return insert(text, boundary(rng, text, toks), `${someWord(rng, toks)} ${d}`);
}

function injectInclude(rng: Rng, text: string, ctx: MutationContext): string {
  const rel = path.relative(ctx.baseDir, ctx.file);
  const kind = rng.int(8);
  let spec: string;
  if (kind === 0) spec = 'fuzz-nonexistent.conf';
  else if (kind === 1) spec = rel; // includes itself
  else if (kind === 2) {
    // a two-file cycle through a file that exists only in this case
    const other = path.join(ctx.baseDir, `fuzz-cycle-${rng.int(4)}.conf`);
    ctx.addFile(other, `<${rel}>\n`);
    spec = path.basename(other);
  } else if (kind === 3) spec = ctx.file; // absolute
  else if (kind === 4) spec = `../${path.basename(ctx.baseDir)}/${rel}`; // leaves the config dir and comes back
  else if (kind === 5) spec = rng.pick(['searchdir:nope', 'searchdir:', 'searchdir:..', 'confdir:nope.conf', 'confdir:../x', '', '/', '.']);
  else if (kind === 6) spec = `${'../'.repeat(1 + rng.int(6))}fuzz-outside.conf`;
  else spec = 'x'.repeat(5000);
  return insert(text, boundary(rng, text, tokens(text)), `<${spec}>`);
}

function hugeNumber(rng: Rng, text: string): string {
  const toks = tokens(text);
  const nums = toks.filter((t) => t.kind === Tok.Word && /^[-+]?[0-9]/.test(t.text));
  const n = rng.pick(HUGE_NUMBERS);
  const quoted = rng.chance(0.2) ? `"${n}"` : n;
  if (nums.length && rng.chance(0.8)) {
    const t = rng.pick(nums);
    return text.slice(0, t.start) + quoted + text.slice(t.end);
  }
  return insert(text, boundary(rng, text, toks), `${someWord(rng, toks)} ${quoted}`);
}

function deepNesting(rng: Rng, text: string): string {
  const depth = rng.pick([8, 40, 250, 300, 3000, 100_000]);
  const open = rng.pick(['a{', 'a.', '[', 'a [', '{', 'a{b [', 'Object.Widget.x.1 {']);
  const close = open.endsWith('{') ? '}' : open.endsWith('[') ? ']' : '';
  const balanced = rng.chance(0.6);
  const closing = balanced ? close.repeat(depth) : '';
  const body = open.endsWith('.') ? `${open.repeat(depth)}b 1` : `${open.repeat(depth)} x 1 ${closing}`;
  return insert(text, boundary(rng, text, tokens(text)), body);
}

function regexKey(rng: Rng, text: string, ctx: MutationContext): string {
  const toks = tokens(text);
  const key = rng.pick(REGEX_KEYS).replace(/"/g, '\\"');
  const value = rng.pick(['a'.repeat(40) + '!', 'aaaa', '', '1', 'x'.repeat(3000)]);
  const name = someWord(rng, toks);
  const file = rng.pick([path.relative(ctx.baseDir, ctx.file), 'nope.conf', '']);
  return insert(text, boundary(rng, text, toks), `Define { ${name} "${value}" } IncludeByKey.${name} { "${key}" "${file}" }`);
}

function fragment(rng: Rng, text: string): string {
  const toks = tokens(text);
  const f = rng
    .pick(FRAGMENTS)
    .replace(/\bN\b/g, () => someWord(rng, toks))
    .replace(/\bK\b/g, () => someWord(rng, toks))
    .replace(/\bV\b/g, () => rng.pick(['1', '0', '-1', '"x"', '$K', '"$[1+1]"', rng.pick(HUGE_NUMBERS)]))
    .replace(/"R"/g, () => `"${rng.pick(REGEX_KEYS).replace(/"/g, '\\"')}"`)
    .replace(/"F"/g, () => rng.pick(['"nope.conf"', '""', '"."', '"/"', '"../x.conf"']));
  return insert(text, boundary(rng, text, toks), f);
}

function splice(rng: Rng, text: string, ctx: MutationContext): string {
  const other = ctx.otherText();
  const toks = tokens(other);
  if (!toks.length) return text;
  const i = rng.int(toks.length);
  const j = Math.min(toks.length - 1, i + rng.int(60));
  return insert(text, boundary(rng, text, tokens(text)), other.slice(toks[i].start, toks[j].end));
}

function bitFlips(rng: Rng, text: string): string {
  if (!text) return text;
  const b = Buffer.from(text, 'latin1');
  for (let k = 1 + rng.int(8); k > 0; k--) b[rng.int(b.length)] ^= 1 << rng.int(8);
  return b.toString('latin1');
}

function truncate(rng: Rng, text: string): string {
  return text.slice(0, rng.int(text.length + 1));
}

function junk(rng: Rng, text: string): string {
  let s = '';
  for (let k = 1 + rng.int(64); k > 0; k--) s += String.fromCharCode(rng.int(256));
  const at = rng.int(text.length + 1);
  return text.slice(0, at) + s + text.slice(at);
}

function nuls(rng: Rng, text: string): string {
  const at = rng.int(text.length + 1);
  return text.slice(0, at) + '\0'.repeat(1 + rng.int(4)) + text.slice(at);
}

function invalidUtf8(rng: Rng, text: string): string {
  const seq = rng.pick(['\xc3\x28', '\xff\xfe', '\xed\xa0\x80', '\xc0\xaf', '\xf8\x88\x80\x80\x80', '\xe2\x82', '\x80', '\xef\xbb\xbf']);
  const at = rng.int(text.length + 1);
  return text.slice(0, at) + seq + text.slice(at);
}

function chunk(rng: Rng, text: string): string {
  const a = rng.int(text.length + 1);
  const b = Math.min(text.length, a + rng.int(200));
  return rng.chance(0.5) ? text.slice(0, a) + text.slice(b) : text.slice(0, b) + text.slice(a, b) + text.slice(b);
}

/** A variation of a `-D` string: the reference's `A=1,B=x` syntax, bent. */
export function mutateDefines(rng: Rng, defines: string): string {
  const pairs = defines ? defines.split(',') : [];
  switch (rng.int(8)) {
    case 0:
      return pairs.filter((_, i) => i !== rng.int(pairs.length)).join(',');
    case 1:
      return [...pairs, `${pairs.length ? pairs[rng.int(pairs.length)].split('=')[0] : 'A'}=${rng.pick(HUGE_NUMBERS)}`].join(',');
    case 2:
      return [...pairs, rng.pick(['=', ',', '=1', 'A=', 'A', '==', 'A=B=C', ' A = 1 ', 'A="x"', "A='y'", 'A=$B', 'A=$[1+1]', 'A={}', 'A=[1 2]'])].join(',');
    case 3:
      return defines + ',' + defines;
    case 4:
      return `${defines},LONG=${'x'.repeat(10_000)}`;
    case 5:
      return pairs.map((p) => p.replace(/=.*/, '=')).join(',');
    case 6:
      return defines.replace(/,/g, ',,');
    default:
      return pairs.map((p) => (rng.chance(0.3) ? p.replace(/=(.*)/, (_, v: string) => `=${v}${rng.pick(['0', '$', '"', '\\', '\x00', '\xff'])}`) : p)).join(',');
  }
}
