// Reading `Class.<Group>.<name>` definitions the way alsatplg does (pre-process-class.c).
import { ConfNode } from '../conf/node';

export function findClass(input: ConfNode, group: string, name: string): ConfNode | undefined {
  return input.search(`Class.${group}.${name}`);
}

function qualifierList(cls: ConfNode, kind: string): ConfNode | undefined {
  return cls.child('attributes')?.child(kind);
}

/** `attributes.mandatory` / `immutable` contain the attribute name among their strings. */
export function hasQualifier(cls: ConfNode, kind: 'mandatory' | 'immutable', attr: string): boolean {
  const list = qualifierList(cls, kind);
  if (!list || !list.children) return false;
  for (const k of list.children) if (k.type === 'string' && k.value === attr) return true;
  return false;
}

export function uniqueAttribute(cls: ConfNode): ConfNode | undefined {
  return qualifierList(cls, 'unique');
}

export function isUnique(cls: ConfNode, attr: string): boolean {
  const u = uniqueAttribute(cls);
  return !!u && u.type === 'string' && u.value === attr;
}

export function attributeDefinition(cls: ConfNode, attr: string): ConfNode | undefined {
  return cls.child('DefineAttribute')?.child(attr);
}

export function tokenRef(cls: ConfNode, attr: string): string | undefined {
  const t = attributeDefinition(cls, attr)?.child('token_ref');
  return t && t.type === 'string' ? (t.value as string) : undefined;
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
  const def = attributeDefinition(cls, attr.id);
  const valid = def?.child('constraints')?.child('valid_values');
  const tuples = def?.child('constraints')?.child('tuple_values');
  if (!valid || !tuples || !valid.children) return undefined;
  for (const v of valid.children) {
    if (v.type !== 'string') continue;
    if (v.value === attr.value) {
      const t = tuples.child(v.id);
      if (!t || t.type !== 'integer') return undefined;
      const n = t.value as number;
      return n < 0 ? undefined : n;
    }
  }
  return undefined;
}
