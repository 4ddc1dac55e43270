// The reference compiler the bench compares against: $ALSATPLG, else an `alsatplg` on PATH. The
// corpus needs alsatplg 1.2.16 (the version the goldens come from); older ones, such as the 1.2.8
// Debian ships, fail on it, so they are reported and not used.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const MIN_VERSION = [1, 2, 16];

export interface ReferenceCompiler {
  /** The binary to run, when one is usable. */
  path?: string;
  version?: string;
  /** What was found and why it is used or not, for the bench's report. */
  note: string;
}

function versionOf(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return /version (\d+\.\d+\.\d+)/.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`)?.[1];
}

function atLeast(version: string, min: number[]): boolean {
  const v = version.split('.').map(Number);
  for (let i = 0; i < min.length; i++) if (v[i] !== min[i]) return v[i] > min[i];
  return true;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function findReference(): ReferenceCompiler {
  const bin = process.env.ALSATPLG || onPath('alsatplg');
  const from = process.env.ALSATPLG ? 'ALSATPLG' : 'PATH';
  if (!bin) return { note: 'no reference compiler: set ALSATPLG=/path/to/alsatplg (1.2.16 or later)' };
  const version = versionOf(bin);
  if (!version) return { note: `${bin} (from ${from}): no version from --version, not used` };
  if (!atLeast(version, MIN_VERSION)) return { version, note: `${bin} (from ${from}) is alsatplg ${version}: too old (< ${MIN_VERSION.join('.')}, fails on this corpus), not used` };
  return { path: bin, version, note: `alsatplg ${version} at ${bin} (from ${from})` };
}
