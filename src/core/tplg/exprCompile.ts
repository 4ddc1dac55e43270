// `$[...]` expressions repeat across objects (a class's default is evaluated for every instance),
// so each text is scanned once into operands and an operator; evaluation then only looks up
// variables. Only texts without syntax errors are compiled: for the others the interpreter in
// expand.ts runs, so errors keep the reference's order (an operand read before a later mistake).
import { strtollBase0 } from '../conf/number';

export type Int = number | bigint;

export type Operand =
  | { kind: 'num'; value: Int }
  | { kind: 'var'; name: string; swallowed: string }
  | { kind: 'group'; expr: Compiled };

export interface Compiled {
  text: string;
  left: Operand;
  /** '' when there is no right operand. */
  op: string;
  right: Operand | undefined;
  /** The character skipped after the last bracket (confeval.c), for the warning. */
  swallowed: string;
}

const cache = new Map<string, Compiled | null>();

/** The compiled form of `text`, or undefined when it has a syntax error (or is nested too deep). */
export function compiledExpression(text: string): Compiled | undefined {
  let c = cache.get(text);
  if (c === undefined) {
    if (cache.size > 4096) cache.clear();
    c = compile(text, 0) ?? null;
    cache.set(text, c);
  }
  return c ?? undefined;
}

/** The same scan as expand.ts's evalExpression, recording operands instead of evaluating them. */
function compile(text: string, depth: number): Compiled | undefined {
  // The interpreter reports too deep nesting; leave such texts to it.
  if (depth > 64) return undefined;
  let swallowed = '';
  let s = 0;
  const n = text.length;
  let state = 0; // 0 left, 1 operator, 2 right, 3 end
  let op = '';
  let left: Operand | undefined;
  let right: Operand | undefined;
  while (s < n) {
    while (s < n && text.charCodeAt(s) <= 32) s++;
    if (s >= n) break;
    const c = text[s];
    if (state === 3) return undefined;
    if (state === 1) {
      if (!'+-*/%|&'.includes(c)) return undefined;
      op = c;
      state = 2;
      s++;
      continue;
    }
    let v: Operand;
    if (c === '(' || (c === '$' && text[s + 1] === '[')) {
      const off = c === '(' ? 1 : 2;
      const e = endOfGroup(text, s + off, c === '(' ? '(' : '[', c === '(' ? ')' : ']');
      if (e < 0) return undefined;
      const expr = compile(text.slice(s + off, e - 1), depth + 1);
      if (!expr) return undefined;
      v = { kind: 'group', expr };
      s = e;
      if (s < n) {
        if (text.charCodeAt(s) > 32) swallowed = text[s];
        s++;
      }
    } else if (c === '$') {
      let e = s + 1;
      while (e < n && isNameChar(text.charCodeAt(e))) e++;
      v = { kind: 'var', name: text.slice(s + 1, e), swallowed };
      s = e;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      const end = integerEnd(text, s);
      if (end === s) {
        // strtoll converts nothing and leaves the position: the '-' is then read as an operator.
        v = { kind: 'num', value: 0 };
      } else {
        const token = text.slice(s, end);
        const small = end - s <= 15 && text.charCodeAt(end - 1) >= 48 && !/^-?0/.test(token) ? Number(token) : undefined;
        const parsed = small ?? strtollBase0(token);
        if (parsed === undefined) return undefined;
        s = end;
        v = { kind: 'num', value: typeof parsed === 'bigint' ? narrow(parsed) : parsed };
      }
    } else {
      return undefined;
    }
    if (op === '') {
      left = v;
      state = 1;
    } else {
      right = v;
      state = 3;
    }
  }
  if (state !== 1 && state !== 3) return undefined;
  return { text, left: left!, op, right, swallowed };
}

/** A number when it is exact as one. */
export function narrow(v: bigint): Int {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

export function endOfGroup(s: string, from: number, open: string, close: string): number {
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
export function integerEnd(text: string, s: number): number {
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
