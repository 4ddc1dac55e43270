// Building objects (alsatplg pre-process-object.c tplg_pre_process_objects / tplg_build_object):
// unique attribute, inheritance, `$` expansion, validation, name construction, output, children.
// Each attribute's origin is recorded as provenance for hovers and go-to-definition.
import { ConfNode, mergeConfig } from '../conf/node';
import type { Provenance, ProvenanceKind, SourceRange } from '../model';
import { attributeDefinition, classInfo, declaredType, findClass, hasQualifier, isUnique, uniqueAttribute } from './classes';
import { PPContext, PPError } from './context';
import { CLI_DEFINES_FILE, evaluateConfigString, ExpandEnv } from './expand';
import { buildMapFor, buildParentData, objectName } from './builders';
import { validateAttribute } from './validate';
import { addAttributeFixes } from './mandatoryFix';
import { markConsumed, unknownClassHelp, warnUnusedAttributes } from './unusedAttributes';
import { smallDecimal } from '../conf/number';

export interface Obj {
  group: string;
  className: string;
  /** The instance config being built (obj_local); its id becomes the constructed name. */
  cfg: ConfNode;
  cls: ConfNode;
  parent?: Obj;
  /** Name of the top-level Pipeline object this object is built under. */
  pipeline?: string;
  depth: number;
  /** Where the object is written. */
  origin?: SourceRange;
  /** Attribute origins; kept only for objects whose entries the editor shows (see TRACKED). */
  prov: Record<string, Provenance>;
  track: boolean;
  /** Built from a class body (a library's choice) rather than written by the user. */
  embedded: boolean;
}

/** Groups whose provenance is exposed; audio formats and other folded objects are not. */
const TRACKED = new Set(['Widget', 'Dai', 'PCM', 'Control']);

/** tplg_pre_process_objects for `Object.<group>` (or a class's embedded `Object.<group>`). */
export function buildGroup(ctx: PPContext, groupNode: ConfNode, parent: Obj | undefined, fromClass: boolean): void {
  const group = groupNode.id;
  for (const classNode of groupNode.kids) {
    if (classNode.type !== 'compound') {
      // Object.Widget.foo 1 or an object without an id level crashes the reference.
      ctx.error('TPLG100', `Object.${group}.${classNode.id} needs an instance id (Object.${group}.${classNode.id}.<id> {...}): alsatplg crashes on this`, classNode.range);
      continue;
    }
    for (const inst of classNode.kids) {
      if (inst.type !== 'compound') {
        ctx.error('TPLG100', `Object.${group}.${classNode.id}.${inst.id} must be a compound { ... }: alsatplg crashes on this`, inst.range);
        continue;
      }
      let kindOfEmbedded: ProvenanceKind = fromClass ? 'parent-class' : 'instance';
      const own = parent?.cfg.searchPath('Object', group, classNode.id, inst.id);
      let cfg: ConfNode;
      if (own && own !== inst && own.type !== 'compound') {
        ctx.error('TPLG100', `Object.${group}.${classNode.id}.${inst.id} must be a compound { ... } here too, as in the class`, own.range);
        continue;
      }
      if (own && own !== inst) {
        // The merge writes into nested compounds, so they must be this object's own.
        cfg = inst.copy();
        mergeConfig(cfg, own.copy(), false);
        kindOfEmbedded = 'parent-class';
      } else {
        cfg = inst.copyScalars();
      }
      try {
        buildObject(ctx, group, classNode.id, cfg, parent, kindOfEmbedded, inst.range, classNode.range);
      } catch (e) {
        if (!(e instanceof PPError)) throw e;
        ctx.error(e.code, e.message, e.range ?? inst.range, e.related, e.fixes);
        ctx.error('TPLG101', `Error building object ${group}.${classNode.id}.${inst.id}`, inst.range);
      }
    }
  }
}

function buildObject(ctx: PPContext, group: string, className: string, cfg: ConfNode, parent: Obj | undefined, kind: ProvenanceKind, origin?: SourceRange, classRange?: SourceRange): void {
  const depth = parent ? parent.depth + 1 : 0;
  if (depth > ctx.limits.maxObjectDepth) {
    throw new PPError('TPLG102', `Objects nested deeper than ${ctx.limits.maxObjectDepth} levels (does class ${className} embed itself?)`, origin);
  }
  ctx.checkCancelled();
  if (++ctx.objectCount > ctx.limits.maxObjects) {
    throw new PPError('TPLG103', `More than ${ctx.limits.maxObjects} objects: stopped building`, origin);
  }
  const cls = findClass(ctx.input, group, className);
  if (!cls) {
    const help = unknownClassHelp(ctx, group, className, classRange);
    throw new PPError('TPLG104', `No Class definition found for Class.${group}.${className}${help.hint}`, help.fixes ? help.fixes[0].range : origin, undefined, help.fixes);
  }
  const obj: Obj = { group, className, cfg, cls, parent, depth, origin, prov: {}, track: TRACKED.has(group), embedded: kind === 'parent-class', pipeline: parent?.pipeline };
  if (!parent && group === 'Pipeline') obj.pipeline = '';
  const originalId = cfg.id;
  if (obj.track) for (const a of cfg.kids) if (a.type !== 'compound') obj.prov[a.id] = { kind, range: a.range };
  setUnique(ctx, obj, originalId);
  updateAttributes(ctx, obj);
  expandAndValidate(ctx, obj);
  constructName(obj);
  if (obj.pipeline === '') {
    obj.pipeline = cfg.id;
    ctx.pipelines.push({ name: cfg.id, className, index: numberOf(cfg.child('index')), widgets: [], range: origin });
  }
  const map = buildMapFor(group, className);
  if (map) map.build(ctx, obj);
  else buildParentData(ctx, obj);
  recordMeta(ctx, obj);
  buildChildren(ctx, obj, cfg, false, 'instance');
  buildChildren(ctx, obj, cls, true, `class ${className}`);
  warnUnusedAttributes(ctx, obj);
}

function buildChildren(ctx: PPContext, obj: Obj, holder: ConfNode, fromClass: boolean, where: string): void {
  const children = holder.child('Object');
  if (!children || children.type !== 'compound') return;
  const before = ctx.diagnostics.length;
  for (const g of children.kids) {
    if (g.type === 'compound') buildGroup(ctx, g, obj, fromClass);
  }
  if (ctx.diagnostics.slice(before).some((d) => d.severity === 'error')) {
    ctx.diagnostics.push({
      severity: 'info',
      code: 'TPLG105',
      message: `error processing child objects in ${where === 'instance' ? `object ${obj.cfg.id}` : where}`,
      range: obj.origin,
    });
  }
}

function numberOf(n: ConfNode | undefined): number {
  return n && n.type === 'integer' ? (n.value as number) : 0;
}

/** tplg_object_set_unique_attribute: the object id always wins. */
function setUnique(ctx: PPContext, obj: Obj, id: string): void {
  const u = uniqueAttribute(obj.cls);
  if (!u || u.type !== 'string') {
    throw new PPError('TPLG106', `No unique attribute in class '${obj.className}': add attributes { unique "instance" } and DefineAttribute."instance" {}`, obj.origin);
  }
  const name = u.value as string;
  const def = attributeDefinition(obj.cls, name);
  if (!def) throw new PPError('TPLG106', `No definition for attribute '${name}' in class '${obj.className}' (its unique attribute)`, u.range);
  let n = obj.cfg.search(name);
  if (!n) {
    const t = declaredType(def);
    if (t === 'real' || t === 'compound') throw new PPError('TPLG106', `Unique attribute ${name} of class ${obj.className} must be an integer or a string`, def.range);
    n = new ConfNode(name, t, t === 'string' ? '' : t === 'integer64' ? 0n : 0, obj.origin);
    obj.cfg.append(n);
  } else if (n.type !== 'string' && n.type !== 'integer' && n.type !== 'integer64') {
    throw new PPError('TPLG106', `error setting unique attribute value for '${obj.className}.${id}'`, n.range);
  } else if (String(n.value) !== (n.type === 'string' ? id : String(strtol10(id)))) {
    ctx.warn('TPLG107', `${name} ${String(n.value)} is ignored: the object id '${id}' always sets the unique attribute ${name}`, n.range);
  }
  const small = n.type === 'string' ? undefined : smallDecimal(id);
  if (n.type === 'string') n.value = id;
  else if (small !== undefined) n.value = n.type === 'integer' ? small : BigInt(small);
  else if (n.type === 'integer') n.value = Number(BigInt.asIntN(64, strtol10(id)));
  else n.value = strtol10(id);
  if (small === undefined && n.type !== 'string' && !/^\s*[-+]?\d/.test(id) && constructorUses(obj.cls, name)) {
    ctx.warn('TPLG108', `Object id '${id}' is not a number, so the integer attribute ${name} becomes ${String(n.value)}`, obj.origin);
  }
  if (obj.track) obj.prov[name] = { kind: 'unique', range: obj.origin };
}

function constructorUses(cls: ConfNode, attr: string): boolean {
  return !!classInfo(cls).constructorArgs?.some((k) => k.value === attr);
}

/** strtol(s, NULL, 10): leading decimal digits, 0 when there are none. */
function strtol10(s: string): bigint {
  const m = /^\s*([-+]?\d+)/.exec(s);
  return m ? BigInt(m[1]) : 0n;
}

/**
 * tplg_object_update: fill every declared attribute the object lacks, in class order, from the
 * class default, the parent instance, the parent's embedded copy of this object, or the parent's
 * class. Copies are prepended, as in the reference.
 */
function updateAttributes(ctx: PPContext, obj: Obj): void {
  const defs = classInfo(obj.cls).definitions;
  if (!defs.length) return;
  const id = obj.cfg.id;
  // The parent's embedded copies of this object, looked up once and only when needed.
  let parentEmbedded: ConfNode | null | undefined;
  let parentClassEmbedded: ConfNode | null | undefined;
  for (const def of defs) {
    const a = def.id;
    if (isUnique(obj.cls, a)) continue;
    const immutable = hasQualifier(obj.cls, 'immutable', a);
    if (!immutable && obj.cfg.search(a)) continue;
    if (copyParam(obj, a, obj.cls, 'class-default')) continue;
    if (immutable) throw new PPError('TPLG110', `Immutable attribute ${a} not set in class ${obj.className}`, def.range);
    const p = obj.parent;
    if (p) {
      if (copyParam(obj, a, p.cfg, 'inherited')) continue;
      if (parentEmbedded === undefined) parentEmbedded = p.cfg.searchPath('Object', obj.group, obj.className, id) ?? null;
      if (parentEmbedded && copyParam(obj, a, parentEmbedded, 'parent-embedded')) continue;
      if (parentClassEmbedded === undefined) parentClassEmbedded = p.cls.searchPath('Object', obj.group, obj.className, id) ?? null;
      if (parentClassEmbedded && copyParam(obj, a, parentClassEmbedded, 'parent-class')) continue;
    }
    if (hasQualifier(obj.cls, 'mandatory', a)) {
      const related = def.range ? [{ message: `${a} is declared here`, range: def.range }] : undefined;
      throw new PPError('TPLG111', `Mandatory attribute ${a} not set for class ${obj.className} (object ${id})`, obj.origin, related, addAttributeFixes(ctx, obj.origin, a, def));
    }
  }
  warnUndeclaredDefaults(ctx, obj.cls, obj.className);
}

/** Class defaults without a DefineAttribute are silently dropped by alsatplg (gain's cpc). */
function warnUndeclaredDefaults(ctx: PPContext, cls: ConfNode, className: string): void {
  if (ctx.checkedClasses.has(cls)) return;
  ctx.checkedClasses.add(cls);
  for (const k of cls.kids) {
    if (k.type === 'compound' || attributeDefinition(cls, k.id) || inCComment(ctx, k)) continue;
    ctx.warn('TPLG112', `Class ${className} sets a default for ${k.id} without DefineAttribute."${k.id}": alsatplg never uses it`, k.range);
  }
}

// Words of a C-style comment (not a comment in ALSA conf) are reported by the parser instead.
function inCComment(ctx: PPContext, n: ConfNode): boolean {
  const r = n.range;
  const f = r ? ctx.store.get(r.file) : undefined;
  if (!r || !f) return false;
  const start = f.text.lastIndexOf('\n', r.offset) + 1;
  const end = f.text.indexOf('\n', r.offset);
  const line = f.text.slice(start, end < 0 ? undefined : end);
  return line.includes('/*') || line.includes('*/');
}

/** tplg_object_copy_and_add_param: false when `from` has no such attribute. */
function copyParam(obj: Obj, attr: string, from: ConfNode, kind: ProvenanceKind): boolean {
  const src = from.search(attr);
  if (!src) return false;
  if (kind === 'inherited') markConsumed(src);
  if (!obj.cfg.prepend(src.copy())) {
    throw new PPError('TPLG110', `Immutable attribute ${attr} of class ${obj.className} cannot be set by an object (error prepending attribute '${attr}' value)`, obj.cfg.child(attr)?.range ?? obj.origin);
  }
  if (obj.track) obj.prov[attr] = { kind, range: src.range };
  return true;
}

/** Expand `$` in string attributes, then validate against DefineAttribute constraints. */
function expandAndValidate(ctx: PPContext, obj: Obj): void {
  const defines = ctx.input.child('Define');
  for (const n of obj.cfg.kids) {
    if (n.type === 'compound') continue;
    if (n.type !== 'string') {
      const def = attributeDefinition(obj.cls, n.id);
      if (def && hasConstraints(def)) noteUncheckedNumber(ctx, obj, n, def);
      continue;
    }
    const raw = n.value as string;
    if (raw.includes('$')) {
      const env: ExpandEnv = { defines, object: obj.cfg, refs: [], maxExpressionLength: ctx.limits.maxExpressionLength, notes: [] };
      let v: ConfNode;
      try {
        v = evaluateConfigString(env, raw, n.id, n.range);
      } catch (e) {
        if (!(e instanceof PPError)) throw e;
        throw new PPError(e.code, `${e.message}; failed to evaluate attribute ${n.id} in ${obj.className}, from '${raw}'`, e.range ?? n.range);
      }
      for (const note of env.notes!) ctx.warn('TPLG128', `${n.id}: ${note}`, n.range);
      for (const r of env.refs) markConsumed(r.node);
      const range = n.range;
      n.type = v.type;
      n.value = v.value;
      n.children = v.children;
      if (!obj.track) {
        const def = attributeDefinition(obj.cls, n.id);
        if (def) validateAttribute(ctx, obj, def, n);
        continue;
      }
      const p = obj.prov[n.id] ?? { kind: 'instance', range };
      const d = env.refs.find((r) => r.fromDefine);
      obj.prov[n.id] = {
        ...p,
        raw,
        ...(d ? { define: { name: d.name, range: d.range } } : {}),
        ...(d && d.range?.file === CLI_DEFINES_FILE && raw === `$${d.name}` ? { kind: 'cli-define' as const } : {}),
      };
    }
    const def = attributeDefinition(obj.cls, n.id);
    if (def) validateAttribute(ctx, obj, def, n);
  }
}

function hasConstraints(def: ConfNode): boolean {
  return !!def.child('constraints');
}

function noteUncheckedNumber(ctx: PPContext, obj: Obj, n: ConfNode, def: ConfNode): void {
  const c = def.child('constraints')!;
  const min = c.child('min');
  const max = c.child('max');
  const v = n.type === 'integer' ? (n.value as number) : n.type === 'integer64' ? Number(n.value as bigint) : undefined;
  if (v === undefined) return;
  const named = c.child('valid_values')?.kids.filter((k) => k.type === 'string' && !(k.value as string).startsWith('$')) ?? [];
  if (named.length && !named.some((k) => k.value === String(v))) {
    ctx.warn(
      'TPLG113',
      `${n.id} ${v} is not one of the valid values ${named.map((k) => k.value as string).join(', ')} of class ${obj.className}, but alsatplg only checks values written as strings, so it passes and is emitted as ${v} (not mapped through tuple_values)`,
      n.range,
    );
    return;
  }
  if ((min && min.type === 'integer' && v < (min.value as number)) || (max && max.type === 'integer' && v > (max.value as number))) {
    ctx.warn(
      'TPLG113',
      `${n.id} ${v} is outside [${min ? String(min.value) : '-inf'}, ${max ? String(max.value) : 'inf'}] of class ${obj.className}, but alsatplg only checks values written as strings, so it passes`,
      n.range,
    );
  }
}

/** tplg_construct_object_name: `<class>.<ctor arg>...`. */
function constructName(obj: Obj): void {
  const ctor = classInfo(obj.cls).constructorArgs;
  if (!ctor) return;
  let name = obj.className;
  for (const n of ctor) {
    if (n.type !== 'string') throw new PPError('TPLG114', `Invalid value for constructor argument in class ${obj.className}`, n.range);
    const a = obj.cfg.search(n.value as string);
    if (!a) {
      throw new PPError('TPLG114', `Argument ${n.value as string} not set for object '${obj.className}.${obj.cfg.id}' (needed by the constructor of class ${obj.className})`, obj.origin);
    }
    if (a.type === 'integer' || a.type === 'integer64') name += '.' + String(a.value);
    else if (a.type === 'string') name += '.' + (a.value as string);
    else throw new PPError('TPLG114', `Argument '${n.value as string}' in object '${obj.className}.${obj.cfg.id}' is not an integer or a string`, a.range);
  }
  obj.cfg.setId(name);
}

/** Remember how output entries were built, for provenance and pipelines. */
function recordMeta(ctx: PPContext, obj: Obj): void {
  if (obj.group === 'Pipeline') return;
  const name = objectName(obj.cfg);
  const key = `${obj.group}:${name}`;
  const m = ctx.meta.get(key);
  if (!m) {
    ctx.meta.set(key, { className: obj.className, group: obj.group, pipeline: obj.pipeline || undefined, range: obj.origin, provenance: { ...obj.prov } });
    if (obj.group === 'Widget' && obj.pipeline) ctx.pipelines.find((p) => p.name === obj.pipeline)?.widgets.push(name);
    return;
  }
  for (const [k, v] of Object.entries(obj.prov)) if (!(k in m.provenance)) m.provenance[k] = v;
}
