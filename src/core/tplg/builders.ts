// Output builders (alsatplg object_build_map): which object produces which `Section*` entry, and
// the first-write-wins rules that make the double build add only what is new.
import { ConfNode } from '../conf/node';
import { PPContext, PPError } from './context';
import { tokenRef, tupleValue } from './classes';
import type { Obj } from './object';
import { buildRoute } from './routes';

type Builder = (ctx: PPContext, obj: Obj) => void;

interface Template {
  ints?: string[];
  strings?: string[];
  compounds?: string[];
}

export interface BuildMap {
  section: string;
  build: Builder;
  template?: Template;
}

const WIDGET: Template = {
  ints: ['index', 'no_pm', 'shift', 'invert', 'subseq', 'event_type', 'event_flags'],
  strings: ['type', 'stream_name'],
};

const BASE_MAP: Record<string, BuildMap> = {
  manifest: { section: 'SectionManifest', build: buildGeneric },
  data: { section: 'SectionData', build: (c, o) => buildNamedChild(c, o, 'data', false), template: { strings: ['bytes'] } },
  tlv: { section: 'SectionTLV', build: (c, o) => buildNamedChild(c, o, 'tlv', true) },
  scale: { section: 'scale', build: (c, o) => buildInParent(c, o, true), template: { ints: ['min', 'step', 'mute'] } },
  ops: { section: 'ops', build: (c, o) => buildInParent(c, o, false), template: { ints: ['get', 'put'], strings: ['info'] } },
  extops: { section: 'extops', build: (c, o) => buildInParent(c, o, false), template: { ints: ['get', 'put'], strings: ['info'] } },
  channel: { section: 'channel', build: (c, o) => buildInParent(c, o, false), template: { ints: ['reg', 'shift'] } },
  text: { section: 'SectionText', build: (c, o) => buildNamedChild(c, o, 'texts', true), template: { compounds: ['values'] } },
  VendorToken: { section: 'SectionVendorTokens', build: buildVendorToken },
  hw_config: {
    section: 'SectionHWConfig',
    build: (c, o) => buildNamedChild(c, o, 'hw_configs', true),
    template: {
      ints: ['id', 'bclk_freq', 'bclk_invert', 'fsync_invert', 'fsync_freq', 'mclk_freq', 'pm_gate_clocks', 'tdm_slots', 'tdm_slot_width', 'tx_slots', 'rx_slots', 'tx_channels', 'rx_channels'],
      strings: ['format', 'bclk', 'fsync', 'mclk'],
    },
  },
  fe_dai: { section: 'dai', build: (c, o) => buildInParent(c, o, false), template: { ints: ['id'] } },
  route: { section: 'SectionGraph', build: buildRoute },
};

const CONTROL_MAP: Record<string, BuildMap> = {
  mixer: { section: 'SectionControlMixer', build: (c, o) => buildControl(c, o, 'mixer'), template: { ints: ['index', 'max', 'invert'], compounds: ['access'] } },
  bytes: { section: 'SectionControlBytes', build: (c, o) => buildControl(c, o, 'bytes'), template: { ints: ['index', 'base', 'num_regs', 'max', 'mask'], compounds: ['access'] } },
  enum: { section: 'SectionControlEnum', build: (c, o) => buildControl(c, o, 'enum'), template: { ints: ['index'], compounds: ['access'] } },
};

const PCM_MAP: Record<string, BuildMap> = {
  pcm: { section: 'SectionPCM', build: buildGeneric, template: { ints: ['id', 'compress', 'symmertic_rates', 'symmetric_channels', 'symmetric_sample_bits'] } },
  pcm_caps: {
    section: 'SectionPCMCapabilities',
    build: buildPcmCaps,
    template: {
      ints: ['rate_min', 'rate_max', 'channels_min', 'channels_max', 'periods_min', 'periods_max', 'period_size_min', 'period_size_max', 'buffer_size_min', 'buffer_size_max', 'sig_bits'],
      strings: ['formats', 'rates'],
    },
  },
};

const WIDGET_MAP: BuildMap = { section: 'SectionWidget', build: buildGeneric, template: WIDGET };
const DAI_MAP: BuildMap = {
  section: 'SectionBE',
  build: buildGeneric,
  // "symmertic" is the reference's own spelling.
  template: { ints: ['id', 'default_hw_conf_id', 'symmertic_rates', 'symmetric_channels', 'symmetric_sample_bits'], strings: ['stream_name'] },
};

/** tplg_object_get_map. */
export function buildMapFor(group: string, className: string): BuildMap | undefined {
  switch (group) {
    case 'Widget':
      return WIDGET_MAP;
    case 'Dai':
      return DAI_MAP;
    case 'Base':
      return Object.prototype.hasOwnProperty.call(BASE_MAP, className) ? BASE_MAP[className] : undefined;
    case 'Control':
      return Object.prototype.hasOwnProperty.call(CONTROL_MAP, className) ? CONTROL_MAP[className] : undefined;
    case 'PCM':
      return Object.prototype.hasOwnProperty.call(PCM_MAP, className) ? PCM_MAP[className] : undefined;
  }
  return undefined;
}

/** tplg_object_get_name: the `name` attribute when it is a string, else the object id. */
export function objectName(cfg: ConfNode): string {
  const n = cfg.child('name');
  return n && n.type === 'string' ? (n.value as string) : cfg.id;
}

function sectionOf(under: ConfNode, name: string): ConfNode {
  let s = under.child(name);
  if (!s) {
    s = ConfNode.compound(name);
    under.append(s);
  }
  return s;
}

/** tplg_build_object_from_template: find or create the entry, then copy template attributes. */
export function fromTemplate(ctx: PPContext, obj: Obj, under: ConfNode = ctx.output, skipName = false): ConfNode {
  const map = buildMapFor(obj.group, obj.className);
  if (!map) throw new PPError('TPLG140', `unknown object type or class name ${obj.group}.${obj.className}`, obj.origin);
  const top = sectionOf(under, map.section);
  let entry: ConfNode;
  if (skipName) entry = top;
  else {
    const name = objectName(obj.cfg);
    const found = top.child(name);
    if (found) entry = found;
    else {
      entry = ConfNode.compound(name, obj.origin);
      top.append(entry);
    }
  }
  const t = map.template;
  if (t) {
    for (const id of [...(t.ints ?? []), ...(t.strings ?? []), ...(t.compounds ?? [])]) {
      const a = obj.cfg.search(id);
      if (!a || entry.search(id)) continue;
      entry.append(a.copy());
    }
  }
  return entry;
}

function buildGeneric(ctx: PPContext, obj: Obj): void {
  const entry = fromTemplate(ctx, obj);
  addObjectData(ctx, obj, entry, undefined);
}

/** tplg_add_object_data: each token attribute becomes a tuple in `<entry>.<token_ref>`. */
export function addObjectData(ctx: PPContext, obj: Obj, entry: ConfNode, arrayName: string | undefined): void {
  let data = entry.search('data');
  if (!data) {
    data = ConfNode.compound('data');
    entry.append(data);
  }
  // Most attributes of an object share one or two token sets: name, register and find each once.
  let lastToken: string | undefined;
  let tuples: ConfNode | undefined;
  for (const n of obj.cfg.kids) {
    const token = tokenRef(obj.cls, n.id);
    if (!token) continue;
    if (token !== lastToken) {
      lastToken = token;
      const dataName = `${entry.id}.${token}`;
      addDataSection(ctx, data, dataName);
      tuples = tupleSet(ctx, n, dataName, token, arrayName);
    }
    addTuple(obj, n, tuples!);
  }
}

function addDataSection(ctx: PPContext, refs: ConfNode, dataName: string): void {
  const top = sectionOf(ctx.output, 'SectionData');
  if (top.child(dataName)) return;
  const d = ConfNode.compound(dataName);
  top.append(d);
  d.append(ConfNode.string('tuples', dataName));
  refs.append(ConfNode.string(String(refs.kids.length), dataName));
}

/** The `SectionVendorTuples.<dataName>.tuples.<type>` compound that `attr` (the first of its token set) goes to, created if new. */
function tupleSet(ctx: PPContext, attr: ConfNode, dataName: string, token: string, arrayName: string | undefined): ConfNode {
  const top = sectionOf(ctx.output, 'SectionVendorTuples');
  const dot = token.indexOf('.');
  if (dot < 0) throw new PPError('TPLG141', `Error getting type for ${token}`, attr.range);
  const tokens = token.slice(0, dot);
  const type = token.slice(dot + 1);
  const key = arrayName ? `${type}.${arrayName}` : type;
  const set = top.child(dataName);
  if (!set) {
    const created = ConfNode.compound(dataName);
    top.append(created);
    created.append(ConfNode.string('tokens', tokens));
    const tuples = ConfNode.compound('tuples');
    created.append(tuples);
    const cfg = ConfNode.compound(key);
    tuples.append(cfg);
    return cfg;
  }
  const tuples = set.search('tuples');
  if (!tuples || tuples.type !== 'compound') throw new PPError('TPLG141', `can't find tuples config in ${dataName}`, attr.range);
  let c = tuples.child(key);
  if (!c) {
    c = ConfNode.compound(key);
    tuples.append(c);
  }
  return c;
}

/** One tuple, unless the set has it already. */
function addTuple(obj: Obj, attr: ConfNode, cfg: ConfNode): void {
  if (cfg.search(attr.id)) return;
  const tv = tupleValue(obj.cls, attr);
  cfg.append(tv === undefined ? attr.copy() : ConfNode.integer(attr.id, tv, attr.range));
}

/** tplg_build_parent_data: unmapped objects (audio formats, pin bindings) fold into the parent. */
export function buildParentData(ctx: PPContext, obj: Obj): void {
  const parent = obj.parent;
  if (!parent) return;
  const parentId = objectName(parent.cfg);
  const map = buildMapFor(parent.group, parent.className);
  if (!map) throw new PPError('TPLG142', `Parent object ${parentId} not supported for ${obj.className} (only widgets, DAIs, PCMs and controls can hold ${obj.group} objects)`, obj.origin);
  const section = ctx.output.search(map.section);
  if (!section) throw new PPError('TPLG142', `No ${map.section} found for parent ${parentId}`, obj.origin);
  const top = section.child(parentId);
  if (!top) throw new PPError('TPLG142', `${map.section} ${parentId} not found`, obj.origin);
  addObjectData(ctx, obj, top, obj.cfg.id);
}

/** tplg_parent_update: record a child's name in the parent's entry. */
function parentUpdate(ctx: PPContext, obj: Obj, sectionName: string, itemName: string): void {
  const parent = obj.parent;
  if (!parent) return;
  const n = parent.cfg.search('name');
  let parentName: string;
  if (!n) parentName = parent.cfg.id;
  else if (n.type === 'string') parentName = n.value as string;
  else throw new PPError('TPLG143', `Invalid name for parent of ${itemName}`, n.range);
  const map = buildMapFor(parent.group, parent.className);
  const top = map ? ctx.output.search(map.section) : undefined;
  if (!top) throw new PPError('TPLG143', `Section config for the parent of ${itemName} not found`, obj.origin);
  const cfg = top.child(parentName);
  if (!cfg) return;
  if (sectionName === 'tlv' || sectionName === 'texts') {
    const item = cfg.search(sectionName);
    if (!item) cfg.append(ConfNode.string(sectionName, itemName));
    else if (item.type === 'string') item.value = itemName;
    else throw new PPError('TPLG143', `${sectionName} of ${parentName} is not a string`, obj.origin);
    return;
  }
  let list = cfg.search(sectionName);
  if (!list) {
    list = ConfNode.compound(sectionName);
    cfg.append(list);
  }
  if (list.type !== 'compound') throw new PPError('TPLG143', `${sectionName} of ${parentName} is not a compound`, obj.origin);
  let id = 0;
  for (const k of list.kids) {
    if (k.type !== 'string') continue;
    if (k.value === itemName) return;
    id++;
  }
  if (!list.add(ConfNode.string(String(id), itemName))) {
    throw new PPError('TPLG143', `Cannot add ${itemName} to ${sectionName} of ${parentName}`, obj.origin);
  }
}

/** data, tlv, text, hw_config: a named entry of their own, referenced from the parent. */
function buildNamedChild(ctx: PPContext, obj: Obj, sectionName: string, nameRequired: boolean): void {
  const n = obj.cfg.child('name');
  if (nameRequired && !(n && n.type === 'string')) {
    throw new PPError('TPLG144', `${obj.className} object ${obj.cfg.id} has no name`, obj.origin);
  }
  const entry = fromTemplate(ctx, obj);
  parentUpdate(ctx, obj, sectionName, entry.id);
}

/** scale, ops, extops, channel, fe_dai: written inside the parent's entry. */
function buildInParent(ctx: PPContext, obj: Obj, skipName: boolean): void {
  const parent = obj.parent;
  const pmap = parent ? buildMapFor(parent.group, parent.className) : undefined;
  const top = pmap ? ctx.output.search(pmap.section) : undefined;
  if (!parent || !top) throw new PPError('TPLG143', `${obj.className} ${obj.cfg.id} needs a parent control, PCM or widget`, obj.origin);
  const pn = parent.cfg.search('name');
  if (!pn || pn.type !== 'string') return;
  const dest = top.child(pn.value as string);
  if (!dest) throw new PPError('TPLG143', `Cannot find parent config ${pn.value as string}`, obj.origin);
  fromTemplate(ctx, obj, dest, skipName);
}

function buildVendorToken(ctx: PPContext, obj: Obj): void {
  const entry = fromTemplate(ctx, obj);
  for (const n of obj.cfg.kids) {
    if (n.id === 'name') continue;
    if (!entry.add(n.copy())) throw new PPError('TPLG145', `Error adding vendortoken ${n.id} for ${entry.id}`, n.range);
  }
}

function buildControl(ctx: PPContext, obj: Obj, kind: string): void {
  const n = obj.cfg.search('name');
  if (!n) {
    // Classes leave optional controls unnamed on purpose (gain's mute switch); only say it for
    // controls the user wrote.
    if (!obj.embedded) ctx.info('TPLG146', `${kind} control ${obj.cfg.id} has no name, so alsatplg leaves it out`, obj.origin);
    return;
  }
  if (n.type !== 'string') throw new PPError('TPLG146', `Invalid name for control ${obj.cfg.id}`, n.range);
  const entry = fromTemplate(ctx, obj);
  addObjectData(ctx, obj, entry, undefined);
  parentUpdate(ctx, obj, kind, n.value as string);
}

function buildPcmCaps(ctx: PPContext, obj: Obj): void {
  fromTemplate(ctx, obj);
  const itemName = obj.cfg.child('name');
  if (!itemName || itemName.type !== 'string') throw new PPError('TPLG147', `pcm_caps ${obj.cfg.id} has no name`, obj.origin);
  const dir = obj.cfg.search('direction');
  if (!dir) throw new PPError('TPLG147', `no direction attribute in ${itemName.value as string}`, obj.origin);
  if (dir.type !== 'string') throw new PPError('TPLG147', `Invalid direction attribute in ${itemName.value as string}`, dir.range);
  const parent = obj.parent;
  const pmap = parent ? buildMapFor(parent.group, parent.className) : undefined;
  const top = pmap ? ctx.output.search(pmap.section) : undefined;
  if (!parent || !top) throw new PPError('TPLG147', `Cannot find parent for ${itemName.value as string}`, obj.origin);
  const pn = parent.cfg.search('name');
  if (!pn || pn.type !== 'string') return;
  const dest = top.child(pn.value as string);
  if (!dest) throw new PPError('TPLG147', `Cannot find parent section ${pn.value as string}`, obj.origin);
  let pcm = dest.search('pcm');
  if (!pcm) {
    pcm = ConfNode.compound('pcm');
    dest.append(pcm);
  }
  const d = dir.value as string;
  if (pcm.search(d)) throw new PPError('TPLG147', `pcm.${d} exists already in ${pn.value as string}`, obj.origin);
  const cfg = ConfNode.compound(d);
  pcm.append(cfg);
  cfg.append(ConfNode.string('capabilities', itemName.value as string));
}
