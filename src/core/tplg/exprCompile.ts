// `$[...]` expressions repeat across objects (a class's default is evaluated for every instance),
// so each text is scanned once (confeval.c's _snd_eval_string) into its operands, its operator and
// the syntax error it stops at, if any; evaluation (expand.ts) then only looks up variables. The
// reference evaluates each operand as soon as it has read it, so an operand before a syntax error
// is still evaluated first, and its own error wins.
import { strtollBase0 } from '../conf/number';

export type Int = number | bigint;

export type Operand =
  | { kind: 'num'; value: Int }
  | { kind: 'var'; name: string; swallowed: string }
  | { kind: 'group'; expr: Compiled };

export interface Compiled {
  text: string;
  /** What the reference read, in order: at most two operands (none past an error). */
  operands: Operand[];
  /** '' when there is no operator. */
  op: string;
  /** The syntax error the reference stops at, once `operands` are evaluated. */
  error?: string;
  /**
   * The last character skipped right after a bracket (confeval.c), for the warning, or for the
   * error's hint when it was skipped before the error.
   */
  swallowed: string;
}

/** Deeper groups are left unscanned: evaluation stops them first ("nested too deeply"). */
const MAX_DEPTH = 64;

const cache = new Map<string, Compiled>();

export function compiledExpression(text: string): Compiled {
  let c = cache.get(text);
  if (!c) {
    if (cache.size > 4096) cache.clear();
    c = compile(text, 0);
    cache.set(text, c);
  }
  return c;
}

function compile(text: string, depth: number): Compiled {
  const c: Compiled = { text, operands: [], op: '', swallowed: '' };
  const fail = (why: string): Compiled => ((c.error = why), c);
  if (depth > MAX_DEPTH) return fail('nested too deeply');
  let s = 0;
  const n = text.length;
  let state = 0; // 0 left, 1 operator, 2 right, 3 end
  while (s < n) {
    while (s < n && text.charCodeAt(s) <= 32) s++;
    if (s >= n) break;
    const ch = text[s];
    if (state === 3) return fail(`unexpected expression tail '${text.slice(s)}'`);
    if (state === 1) {
      if (!'+-*/%|&'.includes(ch)) return fail(`unknown operation '${ch}'`);
      c.op = ch;
      state = 2;
      s++;
      continue;
    }
    let v: Operand;
    if (ch === '(' || (ch === '$' && text[s + 1] === '[')) {
      const off = ch === '(' ? 1 : 2;
      const e = endOfGroup(text, s + off, ch === '(' ? '(' : '[', ch === '(' ? ')' : ']');
      if (e < 0) return fail('unbalanced brackets');
      const expr = compile(text.slice(s + off, e - 1), depth + 1);
      c.operands.push({ kind: 'group', expr });
      // The group's own error stops the evaluation inside it: nothing after it is read.
      if (expr.error !== undefined) return fail(expr.error);
      s = e;
      // confeval.c skips one more character after the closing bracket.
      if (s < n) {
        if (text.charCodeAt(s) > 32) c.swallowed = text[s];
        s++;
      }
      state = state === 0 ? 1 : 3;
      continue;
    }
    if (ch === '$') {
      let e = s + 1;
      while (e < n && isNameChar(text.charCodeAt(e))) e++;
      v = { kind: 'var', name: text.slice(s + 1, e), swallowed: c.swallowed };
      s = e;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const end = integerEnd(text, s);
      if (end === s) {
        // strtoll converts nothing and leaves the position: the '-' is then read as an operator.
        v = { kind: 'num', value: 0 };
      } else {
        const token = text.slice(s, end);
        const small = end - s <= 15 && text.charCodeAt(end - 1) >= 48 && !/^-?0/.test(token) ? Number(token) : undefined;
        const parsed = small ?? strtollBase0(token);
        if (parsed === undefined) return fail('number out of range');
        s = end;
        v = { kind: 'num', value: typeof parsed === 'bigint' ? narrow(parsed) : parsed };
      }
    } else {
      return fail(`unexpected '${ch}'`);
    }
    c.operands.push(v);
    state = state === 0 ? 1 : 3;
  }
  return state === 1 || state === 3 ? c : fail('incomplete expression');
}

/** A number when it is exact as one. */
export function narrow(v: bigint): Int {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

function endOfGroup(s: string, from: number, open: string, close: string): number {
  const o = open.charCodeAt(0);
  const c = close.charCodeAt(0);
  let count = 1;
  for (let i = from; i < s.length; i++) {
    const x = s.charCodeAt(i);
    if (x === o) count++;
    else if (x === c) {
      count--;
      if (count === 0) return i + 1;
    }
  }
  return -1;
}

/** Where strtoll(text + s, &end, 0) stops: a sign, then hex, octal or decimal digits. */
function integerEnd(text: string, s: number): number {
  let i = s;
  const c0 = text.charCodeAt(i);
  if (c0 === 45 || c0 === 43) i++;
  const first = text.charCodeAt(i);
  if (first === 48) {
    const x = text.charCodeAt(i + 1);
    if ((x === 120 || x === 88) && isHex(text.charCodeAt(i + 2))) {
      i += 2;
      while (i < text.length && isHex(text.charCodeAt(i))) i++;
      return i;
    }
    i++;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 55) i++;
    return i;
  }
  if (first < 49 || first > 57) return s;
  while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
  return i;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** isalnum() or '_', as tplg_get_varname and confeval.c accept in a variable name. */
export function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
