// `npm run bench`: how fast the engine is on the real corpus, against the goals of issues 2 and 6.
// Speed targets live here, never in tests. The reference compiler (ALSATPLG, or alsatplg 1.2.16+ on
// PATH) gives the cold ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { editorSection } from './editorFigures';
import { FileStore } from '../src/core/conf/files';
import { resolveTopology } from '../src/core/resolve';
import { loadProfiles } from '../src/core/memory/profiles';
import { simulateTopology } from '../src/core/memory/simulate';
import { keystrokeSection } from './keystroke';
import { findReference, referenceRun } from './reference';
import { robustnessSection } from './robustness';
import { sweepSection } from './sweep';
import { hasShared, sharedDir, Target, targetOptions, targets, topologyDir } from '../test/support/corpus';

const REPO = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** The four largest `-P` outputs of the corpus: fixed, so that runs compare. */
const COLD_TARGETS = ['sof-ptl-rt722-compr', 'sof-arl-cs42l43-l0-compr', 'sof-tgl-nocodec', 'sof-ptl-nocodec-dmic-4ch-96k'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

function ms(t: number): string {
  return `${t.toFixed(1)} ms`;
}

function timeIt(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** Wall time of a command, best of `n` (cold process each time). */
/** Median wall time of `n` runs; `env` may differ per run (a fresh cache directory each time). */
function commandTime(cmd: string, args: string[], n: number, env?: NodeJS.ProcessEnv | ((run: number) => NodeJS.ProcessEnv)): number | undefined {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const extra = typeof env === 'function' ? env(i) : env;
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: 'ignore', env: { ...process.env, ...extra } });
    if (r.error || (r.status !== 0 && r.status !== 1)) return undefined;
    times.push(performance.now() - t0);
  }
  return median(times);
}

function line(label: string, value: string, goal?: string): void {
  console.log(`  ${label.padEnd(46)} ${value.padStart(12)}${goal ? `   goal ${goal}` : ''}`);
}

async function main(): Promise<void> {
  console.log(`tplg-budget bench  (node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  if (!hasShared()) {
    console.log(`SKIPPED: ../shared not found at ${sharedDir()} (set TPLG_SHARED): no corpus to measure`);
    return;
  }
  const all = targets();
  const store = new FileStore();

  // Warm per-target analysis: median of RUNS runs of each target in one process.
  for (const t of all) resolveTopology(targetOptions(t, store));
  const perTarget: { t: Target; ms: number }[] = [];
  for (const t of all) {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(timeIt(() => resolveTopology(targetOptions(t, store))));
    perTarget.push({ t, ms: median(runs) });
  }
  const warm = perTarget.map((p) => p.ms);
  console.log('\nresolve (topology 2.0 evaluation, as alsatplg -P)');
  line('warm per target, median of medians', ms(median(warm)), '<= 10 ms');
  line('warm per target, p90', ms(pct(warm, 0.9)));
  line('warm per target, max', ms(Math.max(...warm)));

  const sweepStore = new FileStore();
  sweepStore.trustCache = true;
  const sweep = timeIt(() => {
    for (const t of all) resolveTopology(targetOptions(t, sweepStore));
  });
  line(`sweep of all ${all.length} targets, one process, cold caches`, ms(sweep), '< 5000 ms');
  const sweepWarm = timeIt(() => {
    for (const t of all) resolveTopology(targetOptions(t, sweepStore));
  });
  line(`sweep of all ${all.length} targets, warm`, ms(sweepWarm));

  // Memory simulation on top of the resolved topology.
  const profiles = loadProfiles().profiles;
  const ptl = profiles.find((p) => p.id === 'ptl') ?? profiles[0];
  const simTimes: number[] = [];
  for (const t of all.slice(0, 60)) {
    const r = resolveTopology(targetOptions(t, store));
    simTimes.push(timeIt(() => simulateTopology(r, { platform: ptl, model: 'current' })));
  }
  console.log('\nsimulate (vpage/vregion lifecycle, platform ptl, model current)');
  line('per target, median (60 targets)', ms(median(simTimes)));
  let largest = { t: all[0], widgets: -1 };
  for (const t of all) {
    const n = resolveTopology(targetOptions(t, store)).widgets.length;
    if (n > largest.widgets) largest = { t, widgets: n };
  }
  const big = resolveTopology(targetOptions(largest.t, store));
  const bigRuns: number[] = [];
  for (let i = 0; i < 20; i++) bigRuns.push(timeIt(() => simulateTopology(big, { platform: ptl, model: 'current' })));
  line(`largest target (${largest.t.output}, ${largest.widgets} widgets), warm median`, ms(median(bigRuns)), '< 5 ms');

  await keystrokeSection(line);

  // Cold CLI on the four heaviest targets (largest `-P` output), against the reference when there
  // is one: with the on-disk caches off, empty (a first run, which also writes them) and warm
  // (code cache and tree cache). No goal: it is here so that a regression shows.
  const cli = path.join(REPO, 'dist', 'cli.js');
  const ref = findReference();
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-bench-cache-'));
  const warmCache = path.join(cacheRoot, 'warm');
  console.log('\ncold `tplg-budget resolve` (new process, median of 5) on the 4 heaviest targets: caches off / empty / warm, reference -P');
  console.log(`  reference: ${ref.note}`);
  for (const name of COLD_TARGETS) {
    const t = all.find((x) => x.output === name);
    if (!t) {
      console.log(`  ${name.padEnd(46)} not in corpus/targets.json`);
      continue;
    }
    const opts = targetOptions(t);
    const args = [cli, 'resolve', opts.input, '-I', topologyDir(), '--prepend', opts.prepend!, '--json'];
    if (t.defines) args.push('-D', t.defines);
    if (!fs.existsSync(cli)) {
      console.log(`  ${t.output.padEnd(46)} dist/cli.js missing (npm run build)`);
      continue;
    }
    const off = commandTime(process.execPath, args, 5, { TPLG_BUDGET_CACHE: '0' });
    const empty = commandTime(process.execPath, args, 5, (i) => ({ TPLG_BUDGET_CACHE_DIR: path.join(cacheRoot, `empty-${t.output}-${i}`) }));
    commandTime(process.execPath, args, 1, { TPLG_BUDGET_CACHE_DIR: warmCache });
    const warm = commandTime(process.execPath, args, 5, { TPLG_BUDGET_CACHE_DIR: warmCache });
    let refMs: number | undefined;
    if (ref.path) {
      const run = referenceRun(topologyDir(), opts.input, opts.prepend!, t.defines, cacheRoot);
      refMs = commandTime(ref.path, run.args, 5, run.env);
    }
    const show = (v: number | undefined) => (v === undefined ? 'failed' : ms(v));
    const vsRef = ref.path ? `   reference ${show(refMs)}${refMs && warm ? `, ours (warm) ${(warm / refMs).toFixed(2)}x its time` : ''}` : '';
    console.log(`  ${t.output.padEnd(46)} ${show(off).padStart(8)} / ${show(empty).padStart(8)} / ${show(warm).padStart(8)}${vsRef}`);
  }
  fs.rmSync(cacheRoot, { recursive: true, force: true });

  // Bundle sizes: what users download and what VS Code loads.
  console.log('\nbundles');
  for (const f of ['dist/extension.js', 'dist/cli.js', 'dist/cli-main.js']) {
    const p = path.join(REPO, f);
    line(f, fs.existsSync(p) ? `${(fs.statSync(p).size / 1024).toFixed(0)} KiB` : 'missing');
  }
  try {
    const rev = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    console.log(`\ncommit ${rev}`);
  } catch {
    // not a git checkout
  }

  editorSection(REPO, line);

  // Issue 5: the parallel sweep over every target list (bench/sweep.ts).
  sweepSection(cli, topologyDir(), line);

  // Issue 6: memory bound and fuzz throughput (bench/robustness.ts).
  robustnessSection(largest.t.output, line);
}

void main();
