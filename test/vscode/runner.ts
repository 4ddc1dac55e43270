// A small test runner for the extension host. node:test cannot be used there: it reports on
// process exit, and the extension host outlives the suite. Both harnesses (code-server and
// @vscode/test-electron) call index.ts's run(); this module gives it results as data.

export type Status = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  name: string;
  status: Status;
  durationMs: number;
  message?: string;
  /** What a passing test measured, for the summary (e.g. a latency). */
  note?: string;
}

export interface Report {
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  tests: TestResult[];
}

/** A test may return a note (a measurement) to show next to its result. */
type TestFn = () => Promise<string | void> | string | void;

interface TestCase {
  name: string;
  fn: TestFn;
  timeoutMs: number;
}

/** Thrown by a test that cannot run here (e.g. no corpus); it is reported, not failed. */
export class Skip extends Error {}

const registry: TestCase[] = [];

export function test(name: string, fn: TestFn, timeoutMs = 20_000): void {
  registry.push({ name, fn, timeoutMs });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every registered test in order; one test's failure never stops the next. */
export async function runAll(log: (line: string) => void): Promise<Report> {
  const started = Date.now();
  const tests: TestResult[] = [];
  for (const t of registry) {
    const t0 = Date.now();
    let result: TestResult;
    try {
      const note = await withTimeout(Promise.resolve().then(t.fn), t.timeoutMs);
      result = { name: t.name, status: 'passed', durationMs: Date.now() - t0, ...(note ? { note } : {}) };
    } catch (e) {
      const status: Status = e instanceof Skip ? 'skipped' : 'failed';
      const message = e instanceof Error ? (status === 'failed' ? e.stack ?? e.message : e.message) : String(e);
      result = { name: t.name, status, durationMs: Date.now() - t0, message };
    }
    tests.push(result);
    log(`${result.status === 'passed' ? 'ok' : result.status === 'skipped' ? 'skip' : 'FAIL'} ${t.name} (${result.durationMs} ms)` +
      (result.note ? ` — ${result.note}` : '') +
      (result.message ? `\n    ${result.message.split('\n').join('\n    ')}` : ''));
  }
  const count = (s: Status): number => tests.filter((r) => r.status === s).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), durationMs: Date.now() - started, tests };
}
