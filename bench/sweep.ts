// The issue 5 part of `npm run bench`: `tplg-budget targets` over every corpus target list with one
// job and with two, in fresh processes. The runs alternate (1, 2, 2, 1, ...) so a load that comes
// and goes on a shared machine hits both the same, and how busy the machine was just before each
// run is printed with the ratio: on a busy machine the second job has no free core to run on.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROUNDS = Number(process.env.BENCH_SWEEP_RUNS ?? 3);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

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

/** Wall time of one sweep, or undefined if the CLI failed. */
function sweepTime(cli: string, lists: string[], jobs: number): number | undefined {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'targets', ...lists, '--jobs', String(jobs), '--format', 'json'], { stdio: 'ignore' });
  return r.status === 0 || r.status === 1 ? performance.now() - t0 : undefined;
}

export function sweepSection(cli: string, topologyDir: string, line: (label: string, value: string, goal?: string) => void): void {
  console.log(`\ntargets sweep (every list in production/ and development/, --format json, median of ${ROUNDS} alternating runs)`);
  if (!fs.existsSync(cli)) return line('dist/cli.js', 'missing (npm run build)');
  const lists = ['production', 'development'].flatMap((sub) =>
    fs.readdirSync(path.join(topologyDir, sub)).filter((f) => /^tplg-targets.*\.cmake$/.test(f)).map((f) => path.join(topologyDir, sub, f)),
  );
  const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
  const busy: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    for (const jobs of i % 2 ? ([2, 1] as const) : ([1, 2] as const)) {
      const b = busyShare();
      if (b !== undefined) busy.push(b);
      const t = sweepTime(cli, lists, jobs);
      if (t === undefined) return line(`sweep with ${jobs} job${jobs === 1 ? '' : 's'}`, 'failed');
      times[jobs].push(t);
    }
  }
  const [one, two] = [median(times[1]), median(times[2])];
  line('1 job', `${(one / 1000).toFixed(2)} s`);
  line('2 jobs', `${(two / 1000).toFixed(2)} s`);
  const cores = os.availableParallelism();
  const other = busy.length ? `${(100 * median(busy)).toFixed(0)}% busy before runs` : `load ${os.loadavg()[0].toFixed(1)}`;
  line(`speed-up, 2 jobs over 1 (${cores} cores, ${other})`, `${(one / two).toFixed(2)}x`, '>= 2x (issue 5)');
  if (cores < 2) console.log('  (one core: two jobs cannot run at once here)');
  else if (busy.length && median(busy) > 0.1) console.log('  (other work was running: the second job shared a core with it, so the speed-up is understated)');
}
