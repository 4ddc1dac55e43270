// Reading `Class.<Group>.<name>` definitions the way alsatplg does (pre-process-class.c). Class
// bodies do not change while objects are built, so what is read from them is computed once per
// class node: once per run, or once for as long as a checkpoint shares the node between runs
// (conf/sharedClasses.ts).
import { ConfNode } from '../conf/node';

export function findClass(input: ConfNode, group: string, name: string): ConfNode | undefined {
  return input.searchPath('Class', group, name);
}

export interface ClassInfo {
  /** The `attributes.unique` node, whatever its type. */
  unique: ConfNode | undefined;
  /** DefineAttribute entries, in class order. */
  definitions: ConfNode[];
  immutable: Set<string>;
  mandatory: Set<string>;
  /** `attributes.constructor` entries. */
  constructorArgs: ConfNode[] | undefined;
  private: {
    byName: Map<string, ConfNode>;
    tokenRefs: Map<string, string | undefined>;
    tuples: Map<string, Map<string, number> | undefined>;
  };
}

const infos = new WeakMap<ConfNode, ClassInfo>();

function stringsOf(list: ConfNode | undefined): Set<string> {
  const s = new Set<string>();
  for (const k of list?.kids ?? []) if (k.type === 'string') s.add(k.value as string);
  return s;
}

export function classInfo(cls: ConfNode): ClassInfo {
  let info = infos.get(cls);
  if (info) return info;
  const defs = cls.child('DefineAttribute');
  const definitions = defs && defs.type === 'compound' ? defs.kids.slice() : [];
  const byName = new Map<string, ConfNode>();
  for (const d of definitions) if (!byName.has(d.id)) byName.set(d.id, d);
  const attrs = cls.child('attributes');
  info = {
    unique: attrs?.child('unique'),
    definitions,
    immutable: stringsOf(attrs?.child('immutable')),
    mandatory: stringsOf(attrs?.child('mandatory')),
    constructorArgs: cls.search('attributes.constructor')?.kids,
    private: { byName, tokenRefs: new Map(), tuples: new Map() },
  };
  infos.set(cls, info);
  return info;
}

/** A class node was written into after its facts were computed. */
export function forgetClassInfo(cls: ConfNode): void {
  infos.delete(cls);
}

export function hasQualifier(cls: ConfNode, kind: 'mandatory' | 'immutable', attr: string): boolean {
  return classInfo(cls)[kind].has(attr);
}

export function uniqueAttribute(cls: ConfNode): ConfNode | undefined {
  return classInfo(cls).unique;
}

export function isUnique(cls: ConfNode, attr: string): boolean {
  const u = classInfo(cls).unique;
  return !!u && u.type === 'string' && u.value === attr;
}

/** `DefineAttribute.<attr>`, looked up as a path like the reference does. */
export function attributeDefinition(cls: ConfNode, attr: string): ConfNode | undefined {
  if (attr.includes('.')) return cls.search(`DefineAttribute.${attr}`);
  return classInfo(cls).private.byName.get(attr);
}

export function tokenRef(cls: ConfNode, attr: string): string | undefined {
  const cache = classInfo(cls).private.tokenRefs;
  if (cache.has(attr)) return cache.get(attr);
  const t = cls.child('DefineAttribute')?.search(attr)?.child('token_ref');
  const v = t && t.type === 'string' ? (t.value as string) : undefined;
  cache.set(attr, v);
  return v;
}

/** tplg_class_get_attribute_type: the node type an attribute's DefineAttribute declares. */
export function declaredType(def: ConfNode): 'integer' | 'integer64' | 'real' | 'string' | 'compound' {
  const t = def.child('type');
  const s = t && t.type === 'string' ? (t.value as string) : undefined;
  if (s === 'string' || s === 'compound' || s === 'real' || s === 'integer64') return s;
  return 'integer';
}

/** tplg_class_attribute_valid_tuple_value: the integer a string value maps to, if any. */
export function tupleValue(cls: ConfNode, attr: ConfNode): number | undefined {
  if (attr.type !== 'string') return undefined;
  const cache = classInfo(cls).private.tuples;
  let map = cache.get(attr.id);
  if (!cache.has(attr.id)) {
    map = tupleMap(cls, attr.id);
    cache.set(attr.id, map);
  }
  return map?.get(attr.value as string);
}

function tupleMap(cls: ConfNode, attr: string): Map<string, number> | undefined {
  const def = cls.child('DefineAttribute')?.search(attr);
  const valid = def?.search('constraints.valid_values');
  const tuples = def?.search('constraints.tuple_values');
  if (!valid || !tuples || valid.type !== 'compound') return undefined;
  const m = new Map<string, number>();
  for (const v of valid.kids) {
    if (v.type !== 'string' || m.has(v.value as string)) continue;
    const t = tuples.search(v.id);
    // The first matching valid value decides; a missing or negative tuple means "no mapping".
    m.set(v.value as string, t && t.type === 'integer' && (t.value as number) >= 0 ? (t.value as number) : -1);
  }
  for (const [k, v] of m) if (v < 0) m.delete(k);
  return m;
}
