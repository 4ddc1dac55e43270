// The sweep part of `npm run bench` (issues 5 and 15): `tplg-budget targets` over every corpus
// target list, against the reference compiler's `-P` over the same present targets, each with 1
// and with 2 jobs, in fresh processes. The runs alternate (ours and the reference, 1 and 2 jobs,
// the order reversed every round) so that a load that comes and goes on a shared machine hits all
// of them alike; how busy the machine was just before each run is printed with the figures.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTargetList } from '../src/core/targets/cmakeTargets';
import { findReference } from './referenceCompiler';
import type { ReferencePlan } from './referenceSweep';
import { median } from './stats';

const ROUNDS = Number(process.env.BENCH_SWEEP_RUNS ?? 3);
const JOBS = [1, 2] as const;
type Jobs = (typeof JOBS)[number];

/** Share of the CPUs busy with other work over half a second (Linux), or undefined. */
function busyShare(): number | undefined {
  const read = (): [number, number] | undefined => {
    try {
      const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
      return [f[3] + f[4], f.reduce((a, b) => a + b, 0)]; // idle + iowait, total
    } catch {
      return undefined;
    }
  };
  const a = read();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  const b = read();
  return a && b && b[1] > a[1] ? 1 - (b[0] - a[0]) / (b[1] - a[1]) : undefined;
}

interface OurRun {
  ms: number;
  /** Peak resident set of the whole process (main thread and workers), MiB. */
  peakMb?: number;
}

/** One sweep of ours: wall time and peak RSS, or undefined if the CLI failed. */
function ourSweep(cli: string, args: string[], jobs: Jobs, tmp: string): OurRun | undefined {
  const rssFile = path.join(tmp, 'peak-rss');
  fs.rmSync(rssFile, { force: true });
  const preload = path.join(__dirname, 'peakRss.js');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', preload, cli, 'targets', ...args, '--jobs', String(jobs), '--format', 'json'], {
    stdio: 'ignore',
    env: { ...process.env, TPLG_BENCH_PEAK_RSS: rssFile },
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 && r.status !== 1) return undefined;
  const kib = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : NaN;
  return { ms, peakMb: Number.isFinite(kib) ? kib / 1024 : undefined };
}

/** One sweep of the reference: its wall time from first spawn to last exit, and how many failed. */
function referenceSweep(plan: ReferencePlan, tmp: string): { ms: number; failed: number } | undefined {
  const planFile = path.join(tmp, `plan-${plan.jobs}.json`);
  fs.writeFileSync(planFile, JSON.stringify(plan));
  const r = spawnSync(process.execPath, [path.join(__dirname, 'referenceSweep.js'), planFile], { encoding: 'utf8' });
  try {
    return JSON.parse(r.stdout) as { ms: number; failed: number };
  } catch {
    return undefined;
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export function sweepSection(cli: string, topologyDir: string, prepend: string, line: (label: string, value: string, goal?: string) => void): void {
  const lists = ['production', 'development'].flatMap((sub) =>
    fs.readdirSync(path.join(topologyDir, sub)).filter((f) => /^tplg-targets.*\.cmake$/.test(f)).map((f) => path.join(topologyDir, sub, f)),
  );
  const all = lists.flatMap((l) => parseTargetList(fs.readFileSync(l, 'utf8'), l).targets);
  const present = all.filter((t) => fs.existsSync(path.join(topologyDir, t.input)));
  console.log(
    `\ntargets sweep: ${lists.length} lists of production/ and development/, ${all.length} targets, ${present.length} present` +
      ` (resolve + simulate + check, --prepend abi header, --format json), against the reference's -P over the same ${present.length};` +
      ` median of ${ROUNDS} alternating runs`,
  );
  if (!fs.existsSync(cli)) return line('dist/cli.js', 'missing (npm run build)');
  const ref = findReference();
  console.log(`  reference: ${ref.note}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-bench-sweep-'));
  const ours: Record<Jobs, OurRun[]> = { 1: [], 2: [] };
  const theirs: Record<Jobs, number[]> = { 1: [], 2: [] };
  const ratios: Record<Jobs, number[]> = { 1: [], 2: [] };
  const busy: number[] = [];
  const plan = (jobs: Jobs): ReferencePlan => ({
    alsatplg: ref.path!,
    topologyDir,
    prepend,
    jobs,
    targets: present.map((t) => ({ input: path.join(topologyDir, t.input), defines: t.defines })),
  });
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const runs: Array<['ours' | 'reference', Jobs]> = [];
      for (const jobs of JOBS) for (const who of ['ours', 'reference'] as const) if (who === 'ours' || ref.path) runs.push([who, jobs]);
      if (i % 2) runs.reverse();
      const round: Partial<Record<string, number>> = {};
      for (const [who, jobs] of runs) {
        const b = busyShare();
        if (b !== undefined) busy.push(b);
        if (who === 'ours') {
          const r = ourSweep(cli, [...lists, '--prepend', prepend], jobs, tmp);
          if (!r) return line(`ours, ${jobs} job${jobs === 1 ? '' : 's'}`, 'failed');
          ours[jobs].push(r);
          round[`ours${jobs}`] = r.ms;
        } else {
          const r = referenceSweep(plan(jobs), tmp);
          if (!r) return line(`reference, ${jobs} job${jobs === 1 ? '' : 's'}`, 'failed to run');
          if (r.failed) console.log(`  (reference: ${r.failed} of ${present.length} targets failed in a run with ${jobs} job${jobs === 1 ? '' : 's'})`);
          theirs[jobs].push(r.ms);
          round[`ref${jobs}`] = r.ms;
        }
      }
      for (const jobs of JOBS) if (round[`ref${jobs}`]) ratios[jobs].push(round[`ours${jobs}`]! / round[`ref${jobs}`]!);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const other = busy.length ? `${(100 * median(busy)).toFixed(0)}% of the CPUs busy with other work before runs` : `load ${os.loadavg()[0].toFixed(1)}`;
  console.log(`  (${os.availableParallelism()} cores, ${other})`);
  for (const jobs of JOBS) line(`ours, ${jobs} job${jobs === 1 ? '' : 's'}`, s(median(ours[jobs].map((r) => r.ms))));
  for (const jobs of JOBS) line(`reference -P, ${jobs} job${jobs === 1 ? '' : 's'}`, ref.path ? s(median(theirs[jobs])) : 'not run');
  for (const jobs of JOBS) {
    line(`time ours/reference, ${jobs} job${jobs === 1 ? '' : 's'} each`, ratios[jobs].length ? median(ratios[jobs]).toFixed(2) : 'no reference', '<= 0.2 (issue 15)');
  }
  for (const jobs of JOBS) {
    const peaks = ours[jobs].flatMap((r) => (r.peakMb === undefined ? [] : [r.peakMb]));
    line(`peak RSS ours, ${jobs} job${jobs === 1 ? '' : 's'} (whole process)`, peaks.length ? `${median(peaks).toFixed(0)} MiB` : 'not measured', '<= 150 MiB (issue 15)');
  }
  const [one, two] = [median(ours[1].map((r) => r.ms)), median(ours[2].map((r) => r.ms))];
  line('speed-up ours, 2 jobs over 1', `${(one / two).toFixed(2)}x`, '>= 2x (issue 5)');
  if (os.availableParallelism() < 2) console.log('  (one core: two jobs cannot run at once here)');
  else if (busy.length && median(busy) > 0.1) console.log('  (other work was running: the second job shared a core with it, so speed-ups are understated)');
}
