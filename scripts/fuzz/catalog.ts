// What the fuzzer mutates: the oracle cases, every corpus build target and every corpus file on its
// own, held in memory (latin1, as the engine reads files) so workers never touch the disk for them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasShared, sharedDir, targets, topologyDir } from '../../test/support/corpus';

export type SeedKind = 'oracle' | 'target' | 'file';

export interface SeedInput {
  name: string;
  kind: SeedKind;
  input: string;
  /** `$ALSA_CONFIG_DIR` and `-I`. */
  baseDir: string;
  defines?: string;
  prepend?: string;
}

export interface Catalog {
  seeds: Record<SeedKind, SeedInput[]>;
  /** Pristine text of every file under the seed folders, by absolute path. */
  texts: Map<string, string>;
  dirs: Set<string>;
  /** Every `.conf` path, sorted, for splicing text from one file into another. */
  confPaths: string[];
  /** The `-D` strings of the build targets. */
  definesPool: string[];
}

export function loadCatalog(): Catalog {
  if (!hasShared()) throw new Error(`../shared not found at ${sharedDir()} (set TPLG_SHARED): nothing to fuzz`);
  const texts = new Map<string, string>();
  const dirs = new Set<string>();
  const oracleDir = path.join(sharedDir(), 'spec', 'oracle-cases');
  const corpusDir = topologyDir();
  const abi = path.join(sharedDir(), 'corpus', 'abi-ipc4.conf');
  walk(oracleDir, texts, dirs);
  walk(corpusDir, texts, dirs);
  texts.set(abi, fs.readFileSync(abi, 'latin1'));
  const confPaths = [...texts.keys()].filter((p) => p.endsWith('.conf')).sort();
  const topLevel = (dir: string) => confPaths.filter((p) => path.dirname(p) === dir);
  const oracle: SeedInput[] = [];
  for (const sub of ['lexer', 'pp']) {
    const dir = path.join(oracleDir, sub);
    for (const p of topLevel(dir)) oracle.push({ name: `${sub}/${path.basename(p)}`, kind: 'oracle', input: p, baseDir: dir });
  }
  const all = targets();
  const target: SeedInput[] = all.map((t) => ({
    name: `target ${t.output}`,
    kind: 'target',
    input: path.join(corpusDir, t.input),
    baseDir: corpusDir,
    defines: t.defines,
    prepend: abi,
  }));
  const file: SeedInput[] = confPaths
    .filter((p) => p.startsWith(corpusDir + path.sep))
    .map((p) => ({ name: `file ${path.relative(corpusDir, p)}`, kind: 'file', input: p, baseDir: corpusDir, prepend: abi }));
  const definesPool = [...new Set(all.map((t) => t.defines).filter((d) => d))].sort();
  return { seeds: { oracle, target, file }, texts, dirs, confPaths, definesPool };
}

function walk(dir: string, texts: Map<string, string>, dirs: Set<string>): void {
  dirs.add(dir);
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, texts, dirs);
    else if (e.isFile()) texts.set(p, fs.readFileSync(p, 'latin1'));
  }
}
