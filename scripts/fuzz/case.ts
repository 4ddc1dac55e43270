// One fuzz case, rebuilt from (seed, index) alone: a seed input, a few mutated files layered over
// it in memory, sometimes a bent `-D` string, and the platform and model to simulate.
import * as path from 'node:path';
import { FIRMWARE_MODELS, type FirmwareModelId } from '../../src/core/memory/models';
import type { Catalog, SeedInput, SeedKind } from './catalog';
import { mutate, mutateDefines } from './mutate';
import { Rng } from './rng';

export interface FuzzCase {
  /** Seed input name, e.g. `pp/t1.conf` or `target sof-mtl-rt711-2ch`. */
  seed: string;
  input: string;
  baseDir: string;
  defines?: string;
  prepend?: string;
  /** Files that differ from the seed folders (absolute path -> latin1 text). */
  overlay: Record<string, string>;
  /** What was done, for the report. */
  ops: string[];
  platform: string;
  model: FirmwareModelId;
  /** Check determinism the thorough way: second run from cold caches, plus the `-P` text path. */
  thorough: boolean;
}

const KINDS: [number, SeedKind][] = [
  [50, 'oracle'],
  [47, 'file'],
  [3, 'target'],
];

export const PLATFORMS = ['ptl', 'lnl', 'mtl'];

/**
 * Case `index` of a run with `seed`. `filesOf` lists the files a seed input reads unmutated
 * (the mutation targets); it must not depend on earlier cases.
 */
export function buildCase(cat: Catalog, seed: number, index: number, filesOf: (s: SeedInput) => string[]): FuzzCase {
  const rng = new Rng(seed, index);
  const s = rng.pick(cat.seeds[rng.weighted(KINDS)]);
  const files = filesOf(s).filter((f) => cat.texts.has(f));
  const overlay: Record<string, string> = {};
  const ops: string[] = [];
  let file = rng.chance(0.5) || !files.length ? s.input : rng.pick(files);
  for (let n = 1 + (rng.chance(0.4) ? 1 + rng.int(3) : 0); n > 0; n--) {
    if (files.length && rng.chance(0.2)) file = rng.pick(files);
    const ctx = {
      file,
      baseDir: s.baseDir,
      otherText: () => cat.texts.get(rng.pick(cat.confPaths)) ?? '',
      addFile: (p: string, text: string) => {
        overlay[p] = text;
      },
    };
    const before = overlay[file] ?? cat.texts.get(file) ?? '';
    const m = mutate(rng, before, ctx);
    overlay[file] = m.text;
    ops.push(`${m.op} ${path.relative(s.baseDir, file)}`);
  }
  let defines = s.defines ?? (s.kind === 'file' && rng.chance(0.5) ? rng.pick(cat.definesPool) : undefined);
  if (rng.chance(0.15)) {
    defines = mutateDefines(rng, defines ?? '');
    ops.push(`defines ${JSON.stringify(defines.length > 80 ? defines.slice(0, 80) + '...' : defines)}`);
  }
  return {
    seed: s.name,
    input: s.input,
    baseDir: s.baseDir,
    defines,
    prepend: s.prepend,
    overlay,
    ops,
    platform: rng.pick(PLATFORMS),
    model: rng.pick(Object.keys(FIRMWARE_MODELS) as FirmwareModelId[]),
    thorough: rng.chance(0.1),
  };
}
