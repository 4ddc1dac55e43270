// The issue 6 part of `npm run bench`: memory of analysing the largest corpus target in a fresh
// process (bound in docs/limits.md), and single-thread fuzz throughput (npm run fuzz).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { loadCatalog } from '../scripts/fuzz/catalog';
import { buildCase } from '../scripts/fuzz/case';
import { CaseRunner } from '../scripts/fuzz/run';

const FUZZ_CASES = 300;

export function robustnessSection(largestTarget: string, line: (label: string, value: string, goal?: string) => void): void {
  console.log('\nhostile and huge input');
  const probe = spawnSync(process.execPath, [path.join(__dirname, 'memoryProbe.js'), largestTarget], { encoding: 'utf8' });
  if (probe.status === 0) {
    const m = JSON.parse(probe.stdout) as { rssMiB: number; heapUsedMiB: number };
    line(`memory, fresh process, resolve + simulate ${largestTarget}`, `${m.rssMiB.toFixed(0)} MiB RSS`, '< 256 MiB');
    line('  of which JS heap in use', `${m.heapUsedMiB.toFixed(0)} MiB`, '< 64 MiB');
  } else {
    line('memory probe', 'failed', probe.stderr.split('\n')[0]);
  }
  const cat = loadCatalog();
  const runner = new CaseRunner(cat);
  const cases = Array.from({ length: FUZZ_CASES }, (_, i) => buildCase(cat, 1, i, runner.filesOf));
  const t0 = performance.now();
  const problems = cases.filter((c) => runner.run(c).problem).length;
  const perSecond = FUZZ_CASES / ((performance.now() - t0) / 1000);
  line(`fuzz throughput, one thread (${FUZZ_CASES} cases, seed 1)`, `${perSecond.toFixed(0)} cases/s`, '>= 85 (100k in 10 min on 2 cores)');
  if (problems) line('fuzz problems in those cases', String(problems), '0 (run npm run fuzz -- --seed 1 --count 300)');
}
