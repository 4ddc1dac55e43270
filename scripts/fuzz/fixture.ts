// Problem cases as regression inputs: JSON with paths relative to ../shared, so a fixture replays on
// any checkout. Only the mutated files are stored (minimized first); the rest comes from ../shared.
import * as path from 'node:path';
import { sharedDir } from '../../test/support/corpus';
import type { FuzzCase } from './case';

export interface Fixture {
  description: string;
  problem: string;
  seed: string;
  input: string;
  baseDir: string;
  defines?: string;
  prepend?: string;
  /** Mutated or added files by path relative to ../shared, latin1 text. */
  files: Record<string, string>;
  platform: string;
  model: FuzzCase['model'];
}

export function toFixture(c: FuzzCase, problem: string, description: string): Fixture {
  const rel = (p: string) => path.relative(sharedDir(), p).split(path.sep).join('/');
  return {
    description,
    problem,
    seed: c.seed,
    input: rel(c.input),
    baseDir: rel(c.baseDir),
    defines: c.defines,
    prepend: c.prepend && rel(c.prepend),
    files: Object.fromEntries(Object.entries(c.overlay).map(([p, t]) => [rel(p), t])),
    platform: c.platform,
    model: c.model,
  };
}

export function fromFixture(f: Fixture): FuzzCase {
  const abs = (p: string) => path.join(sharedDir(), p);
  return {
    seed: f.seed,
    input: abs(f.input),
    baseDir: abs(f.baseDir),
    defines: f.defines,
    prepend: f.prepend && abs(f.prepend),
    overlay: Object.fromEntries(Object.entries(f.files).map(([p, t]) => [abs(p), t])),
    ops: [],
    platform: f.platform,
    model: f.model,
    thorough: true,
  };
}
