// SOF's own boot tests (zephyr/test/vpage.c, zephyr/test/vregion.c) run in the harness.
import { BASE } from './allocators';
import { runHarness } from './run';

export interface ZtestRun {
  ok: boolean;
  tests: Array<{ name: string; failures: number }>;
  /** Every line the firmware logged, as the SOF logger frames it. */
  log: string[];
  failure?: string;
}

/** Boots a 16-page pool (the tests need 3 pages) and runs both tests. */
export function runZtests(exe: string, pages = 16): ZtestRun {
  const run = runHarness(exe, [`boot ${BASE} ${pages} ${pages}`, 'ztest']);
  const tests = run.results.filter((r) => r.r.op === 'ztest').map((r) => ({ name: String(r.r.test), failures: Number(r.r.failures) }));
  const log = run.results.flatMap((r) => r.log);
  const ok = !run.failure && tests.length === 2 && tests.every((t) => t.failures === 0);
  return { ok, tests, log, failure: run.failure };
}
