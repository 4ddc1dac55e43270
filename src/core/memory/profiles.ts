// Platform profiles: the memory facts of one DSP build (spec §5), as data. Bundled profiles
// live in profiles/*.yaml; users add or override them with YAML of the same shape, where a
// profile with an existing `id` is merged over it and `base: <id>` inherits from another.

import * as yaml from 'js-yaml';
import { bundledProfileTexts } from './bundledProfiles';
import { STRUCT_SIZES, type StructSizes } from './costModels/framework';
import { MAX_VPAGES } from './vpage';
import { hex } from './hex';

export interface PlatformProfile {
  id: string;
  name: string;
  ace: string;
  cores: number;
  l2SramBase: number;
  l2SramBytes: number;
  pageSize: number;
  cacheLine: number;
  virtualHeapBytes: number;
  libraryRegionBytes: number;
  /** unused_l2_start_aligned: end of the firmware image and static heaps, page aligned. */
  imageEnd: number;
  imageEndIsEstimate: boolean;
  maxVpageAllocs: number;
  /** CONFIG_SOF_VREGIONS: the vpage pool exists. */
  vregions: boolean;
  userspace: boolean;
  userspaceProxy: boolean;
  /** CONFIG_SOF_STACK_SIZE, the stack every DP thread gets in the current firmware. */
  dpStackBytes: number;
  srcVariant: string;
  llPeriodUs: number;
  /** Physical pages that can back the pool when fewer than its virtual size (fused parts). */
  physicalPages?: number;
  /** Framework struct sizes measured on this build (pahole, or calibrated from the log). */
  structSizes?: Partial<StructSizes>;
  /** Predefined deep-buffer sizes in ms for the ladder what-if (default 100, 50, 20, 10). */
  deepBufferLadderMs?: number[];
  /** Mapped TEXT bytes (text+rodata+data+bss, page aligned) of loadable modules, by module UUID. */
  moduleTextBytes?: Record<string, number>;
  /**
   * Bytes a vendor-library module allocates on its own, by comp.uuid as the topology writes it
   * (or by class name): what SOF sources cannot tell (costModels/modules/vendor.ts).
   */
  moduleHeapBytes?: Record<string, number>;
  /** Where the profile came from (file name or "bundled"). */
  source: string;
}

export interface ProfileSet {
  profiles: PlatformProfile[];
  /** Problems found in profile YAML; bad profiles are skipped, never thrown. */
  problems: string[];
}

const NUMBER_FIELDS = [
  'cores', 'l2SramBase', 'l2SramBytes', 'pageSize', 'cacheLine', 'virtualHeapBytes', 'libraryRegionBytes',
  'imageEnd', 'maxVpageAllocs', 'dpStackBytes', 'llPeriodUs', 'physicalPages',
] as const;
const BOOL_FIELDS = ['imageEndIsEstimate', 'vregions', 'userspace', 'userspaceProxy'] as const;
const STRING_FIELDS = ['id', 'name', 'ace', 'srcVariant', 'base'] as const;
const REQUIRED: Array<keyof PlatformProfile> = [
  'id', 'name', 'ace', 'cores', 'l2SramBase', 'l2SramBytes', 'pageSize', 'cacheLine', 'virtualHeapBytes',
  'libraryRegionBytes', 'imageEnd', 'maxVpageAllocs', 'vregions', 'userspace', 'userspaceProxy',
  'dpStackBytes', 'srcVariant', 'llPeriodUs',
];

type Raw = Record<string, unknown>;

/**
 * A module UUID in one spelling: the byte order topology writes (`83:0c:a0:9b:...`), lower case.
 * The canonical form (`9ba00c83-ca12-4a83-...`) stores its first three fields little-endian.
 */
export function normalizeUuid(u: string): string {
  const canon = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(u.trim());
  const bytes = (h: string): string[] => h.toLowerCase().match(/../g) ?? [];
  if (canon) return [...bytes(canon[1]).reverse(), ...bytes(canon[2]).reverse(), ...bytes(canon[3]).reverse(), ...bytes(canon[4]), ...bytes(canon[5])].join(':');
  const hex = u.replace(/[^0-9a-fA-F]/g, '');
  return hex.length === 32 ? bytes(hex).join(':') : u.toLowerCase();
}

/** Profile entries of one YAML text: a single mapping, a list, or `{profiles: [...]}`. */
function entries(text: string, source: string, problems: string[]): Raw[] {
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch (e) {
    problems.push(`${source}: ${(e as Error).message.split('\n')[0]}`);
    return [];
  }
  if (doc === undefined || doc === null) return [];
  const list = Array.isArray(doc) ? doc : typeof doc === 'object' && Array.isArray((doc as Raw).profiles) ? (doc as Raw).profiles : [doc];
  const out: Raw[] = [];
  for (const e of list as unknown[]) {
    if (!e || typeof e !== 'object' || typeof (e as Raw).id !== 'string') {
      problems.push(`${source}: a profile needs a string "id"`);
      continue;
    }
    out.push(e as Raw);
  }
  return out;
}

function checkFields(e: Raw, source: string, problems: string[]): Raw {
  const clean: Raw = {};
  for (const [k, v] of Object.entries(e)) {
    const bad = (want: string) => problems.push(`${source}: profile "${String(e.id)}": ${k} must be ${want}`);
    if (k === 'pageSize' || k === 'cacheLine') {
      if (typeof v === 'number' && Number.isInteger(v) && v > 0 && (v & (v - 1)) === 0) clean[k] = v;
      else bad('a power of two');
    } else if ((NUMBER_FIELDS as readonly string[]).includes(k)) {
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) clean[k] = v;
      else bad('a non-negative number');
    } else if ((BOOL_FIELDS as readonly string[]).includes(k)) {
      if (typeof v === 'boolean') clean[k] = v;
      else bad('true or false');
    } else if (k === 'moduleHeapBytes') {
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        bad('a mapping of module UUID (or class name) to bytes');
        continue;
      }
      const sizes: Raw = {};
      for (const [mk, mv] of Object.entries(v as Raw)) {
        if (typeof mv !== 'number' || !(mv > 0)) problems.push(`${source}: profile "${String(e.id)}": moduleHeapBytes.${mk} must be a positive number`);
        else sizes[mk] = mv;
      }
      clean[k] = sizes;
    } else if (k === 'structSizes') {
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        bad('a mapping of struct name to bytes');
        continue;
      }
      const sizes: Raw = {};
      for (const [sk, sv] of Object.entries(v as Raw)) {
        if (!(sk in STRUCT_SIZES)) problems.push(`${source}: profile "${String(e.id)}": unknown struct ${sk} (known: ${Object.keys(STRUCT_SIZES).join(', ')})`);
        else if (typeof sv !== 'number' || !(sv > 0)) problems.push(`${source}: profile "${String(e.id)}": structSizes.${sk} must be a positive number`);
        else sizes[sk] = sv;
      }
      clean[k] = sizes;
    } else if (k === 'deepBufferLadderMs') {
      if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'number' && x > 0 && Number.isFinite(x))) clean[k] = v;
      else bad('a non-empty list of positive milliseconds');
    } else if (k === 'moduleTextBytes') {
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        bad('a mapping of module UUID to bytes');
        continue;
      }
      const sizes: Raw = {};
      for (const [uuid, bytes] of Object.entries(v as Raw)) {
        if (typeof bytes === 'number' && bytes >= 0 && Number.isFinite(bytes)) sizes[normalizeUuid(uuid)] = bytes;
        else problems.push(`${source}: profile "${String(e.id)}": moduleTextBytes.${uuid} must be a non-negative number`);
      }
      clean[k] = sizes;
    } else if ((STRING_FIELDS as readonly string[]).includes(k)) {
      if (typeof v === 'string' || typeof v === 'number') clean[k] = String(v);
      else bad('a string');
    } else problems.push(`${source}: profile "${String(e.id)}": unknown field ${k}`);
  }
  return clean;
}

/** Resolves `base:` chains and merges, then keeps the profiles that have every field. */
function finish(raws: Map<string, Raw>, problems: string[]): PlatformProfile[] {
  const resolved = new Map<string, Raw>();
  const resolve = (id: string, seen: string[]): Raw | undefined => {
    const done = resolved.get(id);
    if (done) return done;
    const r = raws.get(id);
    if (!r) return undefined;
    if (seen.includes(id)) {
      problems.push(`profile "${id}": base cycle ${[...seen, id].join(' -> ')}`);
      return undefined;
    }
    let merged: Raw = { ...r };
    if (typeof r.base === 'string') {
      const parent = resolve(r.base, [...seen, id]);
      if (!parent) problems.push(`profile "${id}": unknown base "${r.base}"`);
      else merged = { ...parent, ...r };
    }
    resolved.set(id, merged);
    return merged;
  };
  const out: PlatformProfile[] = [];
  for (const id of raws.keys()) {
    const m = resolve(id, []);
    if (!m) continue;
    const missing = REQUIRED.filter((k) => m[k] === undefined);
    if (missing.length) {
      problems.push(`profile "${id}": missing ${missing.join(', ')}`);
      continue;
    }
    const { base: _base, ...rest } = m;
    void _base;
    out.push({ imageEndIsEstimate: false, ...rest } as unknown as PlatformProfile);
  }
  return out;
}

/**
 * The bundled profiles, with `extraYamlText` (e.g. the workspace's .tplg-budget/profiles.yaml)
 * merged over them: a known id is overridden field by field, a new id is added.
 */
export function loadProfiles(extraYamlText?: string, extraSource = 'profiles.yaml'): ProfileSet {
  const problems: string[] = [];
  const raws = new Map<string, Raw>();
  const add = (text: string, source: string, override: boolean) => {
    for (const e of entries(text, source, problems)) {
      const clean = checkFields(e, source, problems);
      const id = String(clean.id);
      const prev = raws.get(id);
      raws.set(id, override && prev ? { ...prev, ...clean, source } : { ...clean, source });
    }
  };
  for (const b of bundledProfileTexts()) add(b.text, b.name, false);
  if (bundledProfileTexts().length === 0) problems.push('bundled profiles not found (profiles/*.yaml missing from the installation)');
  if (extraYamlText !== undefined) add(extraYamlText, extraSource, true);
  return { profiles: finish(raws, problems), problems };
}

export interface PoolGeometry {
  /** Virtual base of the vpage region. */
  baseAddress: number;
  /** region_size of vpage_init; negative when the region cannot be registered. */
  regionBytes: number;
  totalPages: number;
  /** Why vpage_init fails, if it does. */
  unusable?: string;
}

/** vpage_init's region (vpage.c:272-308): what L2 leaves after the image, VMH and LLEXT regions. */
export function poolGeometry(p: PlatformProfile): PoolGeometry {
  const baseAddress = p.imageEnd + p.virtualHeapBytes;
  const l2End = p.l2SramBase + p.l2SramBytes;
  const regionBytes = l2End - (p.imageEnd + p.virtualHeapBytes + p.libraryRegionBytes);
  if (!p.vregions) return { baseAddress, regionBytes, totalPages: 0, unusable: 'CONFIG_SOF_VREGIONS=n on this platform' };
  if (!(p.pageSize > 0) || (p.pageSize & (p.pageSize - 1)) !== 0) {
    return { baseAddress, regionBytes, totalPages: 0, unusable: `page size ${p.pageSize} is not a power of two` };
  }
  if (regionBytes <= 0) {
    return {
      baseAddress,
      regionBytes,
      totalPages: 0,
      unusable:
        `L2 end ${hex(l2End)} - VH ${hex(p.virtualHeapBytes)} - LIB ${hex(p.libraryRegionBytes)} = ` +
        `${hex(l2End - p.virtualHeapBytes - p.libraryRegionBytes)} is below the image end ${hex(p.imageEnd)}: ` +
        'the vpage region cannot be registered',
    };
  }
  const totalPages = Math.floor(regionBytes / p.pageSize);
  if (totalPages > MAX_VPAGES) {
    return { baseAddress, regionBytes, totalPages: 0, unusable: `${totalPages} pages exceed the ${MAX_VPAGES} a vpage index can address` };
  }
  return { baseAddress, regionBytes, totalPages };
}
