// DefineAttribute constraints (alsatplg tplg_object_is_attribute_valid). The reference checks only
// values that were strings before expansion; numbers written directly are never checked.
import { ConfNode } from '../conf/node';
import { PPContext, PPError } from './context';
import type { Obj } from './object';

interface Constraints {
  allowed: string[] | undefined;
  allowedSet: Set<string> | undefined;
  min: ConfNode | undefined;
  max: ConfNode | undefined;
}

/** A DefineAttribute's constraints, read once per definition node. */
const constraintsOf = (() => {
  const cache = new WeakMap<ConfNode, Constraints>();
  return (def: ConfNode): Constraints => {
    let c = cache.get(def);
    if (!c) {
      const valid = def.search('constraints.valid_values');
      const allowed = valid ? valid.kids.filter((k) => k.type === 'string').map((k) => k.value as string) : undefined;
      c = { allowed, allowedSet: allowed && new Set(allowed), min: def.search('constraints.min'), max: def.search('constraints.max') };
      cache.set(def, c);
    }
    return c;
  };
})();

export function validateAttribute(ctx: PPContext, obj: Obj, def: ConfNode, n: ConfNode): void {
  const c = constraintsOf(def);
  if (!c.allowed && !c.min && !c.max) return;
  const fail = (why: string): never => {
    throw new PPError('TPLG115', `${why}; failed to validate attribute ${n.id} in ${obj.className}`, n.range, def.range ? [{ message: `constraints of ${n.id}`, range: def.range }] : undefined);
  };
  const allowed = c.allowed;
  if (allowed) {
    switch (n.type) {
      case 'string':
        if (!c.allowedSet!.has(n.value as string)) fail(`'${n.value as string}' is not a valid value for ${n.id}: valid values are ${allowed.join(', ')}`);
        return;
      case 'compound':
        for (const k of n.kids) {
          if (k.type === 'string' && !c.allowedSet!.has(k.value as string)) fail(`'${k.value as string}' is not a valid value for ${n.id}: valid values are ${allowed.join(', ')}`);
        }
        return;
      case 'integer': {
        const defines = ctx.input.child('Define');
        for (const a of allowed) {
          if (!a.startsWith('$')) continue;
          const d = defines?.child(a.slice(1));
          if (!d) fail(`No definition for variable ${a.slice(1)} used in the valid values of ${n.id}`);
          if (d!.type !== 'integer') fail(`Invalid definition for ${a}`);
          if (d!.value === n.value) return;
        }
        fail(`${String(n.value)} is not a valid value for ${n.id}: valid values are ${allowed.join(', ')}`);
        return;
      }
      default:
        fail(`a ${n.type} value cannot be checked against the valid values of ${n.id}`);
    }
  }
  checkBound(n, c.min, true, fail);
  checkBound(n, c.max, false, fail);
}

function checkBound(n: ConfNode, bound: ConfNode | undefined, isMin: boolean, fail: (why: string) => never): void {
  if (!bound) return;
  if (n.type !== 'integer' && n.type !== 'integer64') {
    fail(`${n.id} has a ${isMin ? 'min' : 'max'} constraint, so it must be a number, not the ${n.type} ${JSON.stringify(n.value)} (write it without quotes)`);
  }
  if (bound.type !== 'integer') return;
  const v = Number(n.value);
  const m = bound.value as number;
  if (isMin && v < m) fail(`attribute '${n.id}' value: ${v} is less than min value: ${m}`);
  if (!isMin && v > m) fail(`attribute '${n.id}' value: ${v} is greater than max value: ${m}`);
}
