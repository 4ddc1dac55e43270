// Cold one-shot `tplg-budget resolve` (a new process each run) on the four heaviest targets,
// against the reference compiler's `-P` run as SOF's build runs it. No goal: it is kept so that a
// regression shows. Our runs are timed with the on-disk caches off, empty (a first run, which
// also writes them) and warm (code cache and tree cache); the variants take turns, round by round,
// so that a busy machine weighs on all of them alike. `node out/bench/cold.js` runs it alone.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findReference } from './referenceCompiler';
import { hasShared, sharedDir, targetOptions, targets, topologyDir } from '../test/support/corpus';
import { median } from './stats';

/** The four largest `-P` outputs of the corpus: fixed, so that runs compare. */
export const COLD_TARGETS = ['sof-ptl-rt722-compr', 'sof-arl-cs42l43-l0-compr', 'sof-tgl-nocodec', 'sof-ptl-nocodec-dmic-4ch-96k'];
const ROUNDS = 5;

type Line = (label: string, value: string, goal?: string) => void;

/**
 * Arguments and environment of the reference's `-P` run as SOF's build makes it: the ABI header
 * prepended to the top-level file (written to `work`), `-I` and ALSA_CONFIG_DIR at the topology
 * folder, the target's `-D` without PREPROCESS_PLUGINS (plugins run after the text is built).
 */
function referenceRun(topologyDir: string, input: string, prepend: string, defines: string, work: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const inFile = path.join(work, 'in.conf');
  fs.writeFileSync(inFile, fs.readFileSync(prepend, 'latin1') + fs.readFileSync(input, 'latin1'), 'latin1');
  const d = defines.split(',').filter((x) => x && !x.startsWith('PREPROCESS_PLUGINS=')).join(',');
  const args = ['-P', inFile, '-o', path.join(work, 'out.conf'), '-I', topologyDir, ...(d ? ['-D', d] : [])];
  return { args, env: { ALSA_CONFIG_DIR: topologyDir } };
}

/** Wall time of one run, or undefined if it could not run or failed (alsatplg: non-zero). */
function once(cmd: string, args: string[], env: NodeJS.ProcessEnv, okStatus: number[]): number | undefined {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore', env: { ...process.env, ...env } });
  if (r.error || !okStatus.includes(r.status ?? -1)) return undefined;
  return performance.now() - t0;
}

/** The median, or undefined when any run failed. */
function medianOf(xs: (number | undefined)[]): number | undefined {
  return xs.some((x) => x === undefined) ? undefined : median(xs as number[]);
}

export function coldSection(repo: string, line: Line): void {
  const cli = path.join(repo, 'dist', 'cli.js');
  const ref = findReference();
  console.log(`\ncold \`tplg-budget resolve\` (new process, median of ${ROUNDS}) on the 4 heaviest targets: caches off / empty / warm; reference -P`);
  console.log(`  reference: ${ref.note}`);
  if (!fs.existsSync(cli)) {
    console.log('  dist/cli.js missing (npm run build)');
    return;
  }
  const all = targets();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-bench-cold-'));
  try {
    for (const name of COLD_TARGETS) {
      const t = all.find((x) => x.output === name);
      if (!t) {
        line(name, 'not in corpus/targets.json');
        continue;
      }
      const opts = targetOptions(t);
      const args = [cli, 'resolve', opts.input, '-I', topologyDir(), '--prepend', opts.prepend!, '--json', ...(t.defines ? ['-D', t.defines] : [])];
      const warmCache = path.join(work, `warm-${name}`);
      // Exit status 1 means findings, not a failure.
      once(process.execPath, args, { TPLG_BUDGET_CACHE_DIR: warmCache }, [0, 1]);
      const refRun = ref.path ? referenceRun(topologyDir(), opts.input, opts.prepend!, t.defines, work) : undefined;
      const times: Record<'off' | 'empty' | 'warm' | 'ref', (number | undefined)[]> = { off: [], empty: [], warm: [], ref: [] };
      for (let i = 0; i < ROUNDS; i++) {
        times.off.push(once(process.execPath, args, { TPLG_BUDGET_CACHE: '0' }, [0, 1]));
        times.empty.push(once(process.execPath, args, { TPLG_BUDGET_CACHE_DIR: path.join(work, `empty-${name}-${i}`) }, [0, 1]));
        times.warm.push(once(process.execPath, args, { TPLG_BUDGET_CACHE_DIR: warmCache }, [0, 1]));
        if (ref.path && refRun) times.ref.push(once(ref.path, refRun.args, refRun.env, [0]));
      }
      const show = (v: number | undefined): string => (v === undefined ? 'failed' : `${v.toFixed(0)} ms`);
      const [off, empty, warm, refMs] = [medianOf(times.off), medianOf(times.empty), medianOf(times.warm), ref.path ? medianOf(times.ref) : undefined];
      const vsRef = ref.path ? `   reference ${show(refMs)}${refMs && warm ? `, ours (warm) ${(warm / refMs).toFixed(1)}x its time` : ''}` : '';
      console.log(`  ${name.padEnd(34)} ${show(off).padStart(8)} / ${show(empty).padStart(8)} / ${show(warm).padStart(8)}${vsRef}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  if (!hasShared()) console.log(`SKIPPED: ../shared not found at ${sharedDir()} (set TPLG_SHARED)`);
  else coldSection(path.resolve(__dirname, '..', '..'), (label, value) => console.log(`  ${label.padEnd(46)} ${value.padStart(12)}`));
}
