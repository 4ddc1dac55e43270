// The what-if switches as the CLI and the extension spell them, turned into simulation options.
// Pure: ELF bytes come in already read.

import { DEFAULT_DEEP_BUFFER_LADDER_MS } from './dmaBuffers';
import { loadedPages, readElfSections } from './elfSections';
import { normalizeUuid, type PlatformProfile } from './profiles';
import type { SimulateOptions } from './simulate';
import type { ModuleTextSize } from './textPartitions';

/**
 * `--deep-buffer-ladder`: `profile` (the profile's ladder, else 100/50/20/10 ms) or a list of
 * milliseconds such as `100,50,20,10`. Returns the ladder or a message.
 */
export function parseLadder(text: string, platform: PlatformProfile): number[] | string {
  if (text === 'profile') return platform.deepBufferLadderMs ?? DEFAULT_DEEP_BUFFER_LADDER_MS;
  const parts = text.split(',').map((x) => x.trim());
  const ms = parts.map(Number);
  if (!parts.length || ms.some((x, i) => !parts[i] || !Number.isFinite(x) || x <= 0 || x > 10000)) {
    return `--deep-buffer-ladder wants "profile" or milliseconds separated by commas (e.g. 100,50,20,10), got "${text}"`;
  }
  return ms;
}

export interface ElfInput {
  /** `uuid=path` form: the UUID given on the command line. */
  uuid?: string;
  /** Name shown in reports (the file name). */
  name: string;
  bytes: Uint8Array;
}

/** Splits `[<uuid>=]<file>` as `--module-elf` takes it. */
export function splitModuleElfArg(arg: string): { uuid?: string; path: string } {
  const eq = arg.indexOf('=');
  if (eq > 0 && /^[0-9a-fA-F:-]{32,47}$/.test(arg.slice(0, eq))) return { uuid: arg.slice(0, eq), path: arg.slice(eq + 1) };
  return { path: arg };
}

/** Mapped TEXT sizes by UUID from ELF files; problems (not ELF, no UUID) are listed. */
export function moduleTextSizesFromElf(files: ElfInput[], pageSize: number): { sizes: Record<string, ModuleTextSize>; problems: string[] } {
  const sizes: Record<string, ModuleTextSize> = {};
  const problems: string[] = [];
  for (const f of files) {
    const r = readElfSections(f.bytes);
    if (!r.ok) {
      problems.push(`${f.name}: ${r.error}`);
      continue;
    }
    const uuid = f.uuid ?? r.module?.uuid;
    if (!uuid) {
      problems.push(`${f.name}: no .module section with a module UUID; pass it as <uuid>=${f.name}`);
      continue;
    }
    sizes[normalizeUuid(uuid)] = { bytes: loadedPages(r.regions, pageSize) * pageSize, source: f.name };
  }
  return { sizes, problems };
}

/** The what-if part of SimulateOptions; both absent means today's firmware. */
export function whatIfOptions(deep: { ladderMs?: number[] } | undefined, text: Record<string, ModuleTextSize> | undefined): Pick<SimulateOptions, 'deepBufferBudget' | 'moduleTextSizes'> {
  return { ...(deep ? { deepBufferBudget: deep } : {}), ...(text && Object.keys(text).length ? { moduleTextSizes: text } : {}) };
}

/** The what-if settings as the extension stores them (sofTopology.deepBuffers and friends). */
export interface WhatIfSettings {
  /** `off`: today's firmware (sof_heap); `exact`: in the vpage pool, all or nothing; `ladder`. */
  deepBuffers: 'off' | 'exact' | 'ladder';
  /** `profile` or milliseconds `100,50,20,10`, for `ladder`. */
  deepBufferLadder: string;
  /** `[<uuid>=]<file.llext>` entries, absolute or relative to `baseDir`. */
  moduleElfFiles: string[];
}

/**
 * Simulation options from the extension's what-if settings; `read` returns a file's bytes or
 * undefined when it cannot. Problems are messages for the user, never exceptions.
 */
export function whatIfFromSettings(s: WhatIfSettings | undefined, platform: PlatformProfile, read: (file: string) => Uint8Array | undefined): { options: Pick<SimulateOptions, 'deepBufferBudget' | 'moduleTextSizes'>; problems: string[] } {
  const problems: string[] = [];
  if (!s) return { options: {}, problems };
  let deep: { ladderMs?: number[] } | undefined;
  if (s.deepBuffers === 'exact') deep = {};
  else if (s.deepBuffers === 'ladder') {
    const l = parseLadder(s.deepBufferLadder || 'profile', platform);
    if (typeof l === 'string') problems.push(l.replace('--deep-buffer-ladder', 'sofTopology.deepBufferLadder'));
    else deep = { ladderMs: l };
  }
  const files: ElfInput[] = [];
  for (const entry of s.moduleElfFiles) {
    const { uuid, path } = splitModuleElfArg(entry);
    const bytes = read(path);
    if (!bytes) problems.push(`sofTopology.moduleElfFiles: cannot read ${path}`);
    else files.push({ uuid, name: path.split(/[\\/]/).pop() ?? path, bytes });
  }
  const text = moduleTextSizesFromElf(files, platform.pageSize);
  problems.push(...text.problems.map((p) => `sofTopology.moduleElfFiles: ${p}`));
  return { options: whatIfOptions(deep, text.sizes), problems };
}
