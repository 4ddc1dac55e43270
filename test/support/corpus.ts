// Finding ../shared and running corpus targets the way the SOF build runs alsatplg.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { FileStore } from '../../src/core/conf/files';
import { ResolveOptions } from '../../src/core/resolve';

export interface Target {
  input: string;
  output: string;
  defines: string;
  list: string;
}

/** `$TPLG_SHARED`, else ../shared beside the repository. */
export function sharedDir(): string {
  return process.env.TPLG_SHARED ?? path.resolve(__dirname, '../../../..', 'shared');
}

export function hasShared(): boolean {
  return fs.existsSync(path.join(sharedDir(), 'corpus', 'targets.json'));
}

export const SKIP_NO_SHARED = `SKIPPED: ../shared not found at ${sharedDir()} (set TPLG_SHARED): corpus tests did not run`;

export function topologyDir(): string {
  return path.join(sharedDir(), 'corpus', 'sof-topology2');
}

export function targets(): Target[] {
  return JSON.parse(fs.readFileSync(path.join(sharedDir(), 'corpus', 'targets.json'), 'utf8')) as Target[];
}

export function goldenText(output: string): string {
  return zlib.gunzipSync(fs.readFileSync(path.join(sharedDir(), 'corpus', 'golden', `${output}.pre.conf.gz`))).toString('latin1');
}

/** Options that reproduce the SOF build's alsatplg run for a target. */
export function targetOptions(t: Target, store?: FileStore): ResolveOptions {
  const dir = topologyDir();
  return {
    input: path.join(dir, t.input),
    includeDirs: [dir],
    configDir: dir,
    defines: t.defines,
    prepend: path.join(sharedDir(), 'corpus', 'abi-ipc4.conf'),
    store,
  };
}
