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
import { coldSection } from './cold';
import { robustnessSection } from './robustness';
import { sweepSection } from './sweep';
import { hasShared, sharedDir, Target, targetOptions, targets, topologyDir } from '../test/support/corpus';
import { median, pct } from './stats';

const REPO = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

function ms(t: number): string {
  return `${t.toFixed(1)} ms`;
}

function timeIt(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

function line(label: string, value: string, goal?: string): void {
  console.log(`  ${label.padEnd(46)} ${value.padStart(12)}${goal ? `   goal ${goal}` : ''}`);
}

function main(): void {
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

  // In a process of its own: its heap then holds one editor's store, as the analysis worker's does,
  // not the stores of the sections above (a larger heap makes every major GC slower).
  spawnSync(process.execPath, [path.join(__dirname, 'keystroke.js')], { stdio: 'inherit' });

  coldSection(REPO, line);

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
  sweepSection(path.join(REPO, 'dist', 'cli.js'), topologyDir(), path.join(sharedDir(), 'corpus', 'abi-ipc4.conf'), line);

  // Issue 6: memory bound and fuzz throughput (bench/robustness.ts).
  robustnessSection(largest.t.output, line);
}

main();
