// The reference compiler for the bench's ratios: alsatplg 1.2.16 or newer (the version the
// goldens come from), run as SOF's build runs it. Older ones (Debian's 1.2.8) fail on this
// corpus, so they are named and left out rather than timed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const MIN_VERSION = [1, 2, 16];

export interface Reference {
  /** The binary to run, when it is usable. */
  path?: string;
  /** What was found and why it is (not) used, for the bench's output. */
  note: string;
}

function versionOf(bin: string): number[] | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /alsatplg version (\d+)\.(\d+)\.(\d+)/.exec(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  return m ? m.slice(1, 4).map(Number) : undefined;
}

function atLeast(v: number[], min: number[]): boolean {
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

/** `$ALSATPLG`, else an `alsatplg` on PATH whose `--version` is at least 1.2.16. */
export function findReference(): Reference {
  const bin = process.env.ALSATPLG || onPath('alsatplg');
  const from = process.env.ALSATPLG ? 'ALSATPLG' : 'PATH';
  if (!bin) return { note: 'no reference compiler (set ALSATPLG=/path/to/alsatplg 1.2.16 or newer, or put one on PATH)' };
  const v = versionOf(bin);
  if (!v) return { note: `${bin} (from ${from}) does not answer --version: not used` };
  const shown = `alsatplg ${v.join('.')} at ${bin} (from ${from})`;
  if (!atLeast(v, MIN_VERSION)) return { note: `${shown}: too old (needs ${MIN_VERSION.join('.')}), not used` };
  return { path: bin, note: shown };
}

/**
 * Arguments and environment of the reference's `-P` run as SOF's build makes it: the ABI header
 * prepended to the top-level file (written to `work`), `-I` and ALSA_CONFIG_DIR at the topology
 * folder, the target's `-D` without PREPROCESS_PLUGINS (plugins run after the text is built).
 */
export function referenceRun(topologyDir: string, input: string, prepend: string, defines: string, work: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const inFile = path.join(work, 'in.conf');
  fs.writeFileSync(inFile, fs.readFileSync(prepend, 'latin1') + fs.readFileSync(input, 'latin1'), 'latin1');
  const d = defines.split(',').filter((x) => x && !x.startsWith('PREPROCESS_PLUGINS=')).join(',');
  const args = ['-P', inFile, '-o', path.join(work, 'out.conf'), '-I', topologyDir, ...(d ? ['-D', d] : [])];
  return { args, env: { ALSA_CONFIG_DIR: topologyDir } };
}
