// `$NAME` and `$[ expr ]` in object attributes (alsatplg tplg_evaluate_config_string and
// alsa-lib confeval.c), quirks included: Define wins over the object's own attributes, an integer
// reference followed by more text fails, `$[...]` has one operator and no precedence, and the
// character after a `(...)` or `$[...]` operand is skipped.
import { ConfNode } from '../conf/node';
import { strtollBase0 } from '../conf/number';
import { formatReal } from '../conf/save';
import type { SourceRange } from '../model';
import { PPError } from './context';
import { Compiled, compiledExpression, Int, isNameChar, narrow, Operand } from './exprCompile';

export const CLI_DEFINES_FILE = '<-D command line>';

export interface VarRef {
  name: string;
  /** Where the value used was written. */
  range?: SourceRange;
  fromDefine: boolean;
  /** The object's own attribute that was read. */
  node?: ConfNode;
}

export interface ExpandEnv {
  defines: ConfNode | undefined;
  /** The object being built, as it is at this moment. */
  object: ConfNode;
  refs: VarRef[];
  maxExpressionLength: number;
  /** Likely mistakes that evaluate anyway (a character swallowed after `)`), for warnings. */
  notes?: string[];
}

/** Evaluate an attribute string containing `$`; the result keeps the type of a lone reference. */
export function evaluateConfigString(env: ExpandEnv, s: string, id: string, range?: SourceRange): ConfNode {
  let dst: ConfNode | undefined;
  let i = 0;
  while (i < s.length) {
    const dollar = s.indexOf('$', i);
    const prefix = dollar < 0 ? s.slice(i) : s.slice(i, dollar);
    let varname = '';
    if (dollar >= 0) {
      const end = varnameEnd(s, dollar);
      if (end < 0) {
        // The reference stops evaluating here and keeps what it has, or crashes if nothing.
        if (!dst) throw new PPError('TPLG120', `Unbalanced '$[' in '${s}': alsatplg crashes on this attribute`, range);
        return finish(dst, id);
      }
      varname = s.slice(dollar, end);
      i = end;
    } else {
      i = s.length;
    }
    if (prefix) dst = append(dst, ConfNode.string(id, prefix), s, range);
    if (varname) {
      const v = evaluateReference(env, varname, range);
      // A lone reference becomes the attribute's new value: a copy, never the Define or attribute read.
      dst = dst ? append(dst, v, s, range) : v.copy();
    }
  }
  return finish(dst ?? ConfNode.string(id, ''), id);
}

function finish(n: ConfNode, id: string): ConfNode {
  n.id = id;
  return n;
}

function append(dst: ConfNode | undefined, piece: ConfNode, s: string, range?: SourceRange): ConfNode {
  if (!dst) return piece;
  if (dst.type !== 'string') {
    throw new PPError(
      'TPLG121',
      `'${s}': text cannot follow a reference that evaluates to a number (alsatplg fails; write the number last or quote a string Define)`,
      range,
    );
  }
  dst.value = (dst.value as string) + ascii(piece, s, range);
  return dst;
}

function ascii(n: ConfNode, s: string, range?: SourceRange): string {
  switch (n.type) {
    case 'integer':
    case 'integer64':
      return String(n.value);
    case 'real':
      return formatReal(n.value as number);
    case 'string':
      return n.value as string;
    default:
      throw new PPError('TPLG122', `'${s}': a compound value cannot be used in a string`, range);
  }
}

/** tplg_get_varname: the end of `$NAME` or of a bracket-balanced `$[...]`, or -1 if unbalanced. */
function varnameEnd(s: string, dollar: number): number {
  if (s[dollar + 1] === '[') {
    let depth = 1;
    let j = dollar + 2;
    while (j < s.length) {
      const c = s[j];
      if (c === '[') depth++;
      else if (c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  let j = dollar + 1;
  while (j < s.length && isNameChar(s.charCodeAt(j))) j++;
  return j;
}

/** snd_config_evaluate_string for one `$NAME` or `$[...]`: the node read, or a new integer. */
function evaluateReference(env: ExpandEnv, ref: string, range?: SourceRange): ConfNode {
  if (ref[1] === '[') {
    if (ref.length > env.maxExpressionLength) {
      throw new PPError('TPLG127', `Expression longer than ${env.maxExpressionLength} characters`, range);
    }
    const v = evalExpression(env, ref, range, 0);
    return ConfNode.integer('', v, range);
  }
  return lookupVariable(env, ref.slice(1), range, 0);
}

/**
 * pre_process_object_variables_expand_fcn: Define first, then the object's own attributes. Returns
 * the node found, not a copy: evaluateConfigString copies what it keeps.
 */
function lookupVariable(env: ExpandEnv, name: string, range: SourceRange | undefined, depth: number): ConfNode {
  const d = env.defines?.child(name);
  if (d) {
    env.refs.push({ name, range: d.range, fromDefine: true });
    return d;
  }
  const a = env.object.child(name);
  if (!a) {
    throw new PPError('TPLG123', `Failed to find definition for attribute ${name} in '${env.object.id}' object`, range);
  }
  env.refs.push({ name, range: a.range, fromDefine: false, node: a });
  if (a.type === 'string' && (a.value as string).startsWith('$')) {
    if (depth > 32) throw new PPError('TPLG124', `Attribute ${name} refers to itself`, range);
    const s = a.value as string;
    if (s[1] === '[') return ConfNode.integer('', evalExpression(env, s, range, depth + 1), range);
    return lookupVariable(env, s.slice(1), range, depth + 1);
  }
  return a;
}

function failExpr(text: string, why: string, swallowed: string, range: SourceRange | undefined): never {
  const hint = swallowed ? `; alsatplg skips the character right after ')' or ']' (here '${swallowed}'), so put a space after the bracket` : '';
  throw new PPError('TPLG125', `${why} in '${text}' (wrong expression)${hint}`, range);
}

/**
 * _snd_eval_string: at most one binary operator over 64-bit integers. Values stay JS numbers
 * while they are exact and move to BigInt only when they would not be. Operands are evaluated in
 * the order the reference reads them, before the syntax error it stops at (exprCompile.ts).
 */
function evalExpression(env: ExpandEnv, text: string, range: SourceRange | undefined, depth: number): Int {
  return evalCompiled(env, compiledExpression(text), range, depth);
}

function evalCompiled(env: ExpandEnv, c: Compiled, range: SourceRange | undefined, depth: number): Int {
  if (depth > 64) throw new PPError('TPLG125', `Expression nested too deeply: '${c.text}'`, range);
  const ops = c.operands;
  const left = ops.length > 0 ? operand(env, c, ops[0], range, depth) : 0;
  const right = ops.length > 1 ? operand(env, c, ops[1], range, depth) : 0;
  if (c.error !== undefined) failExpr(c.text, c.error, c.swallowed, range);
  // A non-blank character right after `)` or `]` is skipped: `(1+2)*3` loses its `*`.
  if (c.swallowed) env.notes?.push(`'${c.text}' evaluates without the '${c.swallowed}' after a bracket: alsatplg skips the character right after ')' or ']', so put a space after the bracket`);
  if (c.op === '') return left;
  return operate(c.op, left, right, c.text, range);
}

function operand(env: ExpandEnv, c: Compiled, o: Operand, range: SourceRange | undefined, depth: number): Int {
  if (o.kind === 'num') return o.value;
  if (o.kind === 'group') return evalCompiled(env, o.expr, range, depth + 1);
  return toInteger(lookupVariable(env, o.name, range, depth + 1), c.text, o.swallowed, range);
}

/** The binary operation of `$[...]`, with the reference's crash on division by zero. */
function operate(op: string, left: Int, right: Int, text: string, range: SourceRange | undefined): Int {
  if ((op === '/' || op === '%') && (right === 0 || right === 0n)) {
    throw new PPError('TPLG126', `${op === '/' ? 'Division' : 'Modulo'} by zero in '${text}': alsatplg crashes (SIGFPE)`, range);
  }
  if (typeof left === 'number' && typeof right === 'number') {
    const r = numberOp(op, left, right);
    if (r !== undefined) return r;
  }
  return narrow(bigintOp(op, BigInt(left), BigInt(right)));
}

/** The operation in doubles when the result is certainly exact, else undefined. */
function numberOp(op: string, a: number, b: number): number | undefined {
  let r: number;
  switch (op) {
    case '+': r = a + b; break;
    case '-': r = a - b; break;
    case '*': r = a * b; break;
    case '/': r = Math.trunc(a / b); break;
    case '%': r = a % b; break;
    case '|':
    case '&':
      if (a !== (a | 0) || b !== (b | 0)) return undefined;
      r = op === '|' ? a | b : a & b;
      break;
    default:
      return undefined;
  }
  return Number.isSafeInteger(r) ? r || 0 : undefined;
}

function bigintOp(op: string, a: bigint, b: bigint): bigint {
  const wrap = (v: bigint) => BigInt.asIntN(64, v);
  switch (op) {
    case '+': return wrap(a + b);
    case '-': return wrap(a - b);
    case '*': return wrap(a * b);
    case '/': return wrap(a / b);
    case '%': return wrap(a % b);
    case '|': return a | b;
    default: return a & b;
  }
}

function toInteger(n: ConfNode, text: string, swallowed: string, range: SourceRange | undefined): Int {
  switch (n.type) {
    case 'integer':
      return n.value as number;
    case 'integer64':
      return narrow(n.value as bigint);
    case 'string': {
      const v = strtollBase0(n.value as string);
      if (v === undefined) failExpr(text, `'${n.value as string}' is not a number`, swallowed, range);
      return narrow(v!);
    }
    default:
      return failExpr(text, `${n.type} value cannot be used in an expression`, swallowed, range);
  }
}
