// Runs fuzz cases on worker threads with a time bound per case. A case that overruns it has its
// worker terminated (the harness never waits on a hang) and is re-run alone with a longer bound, to
// tell a hang from a busy machine. A worker that dies (stack, out of memory) is a crash.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FuzzCase } from './case';
import type { Problem } from './run';
import type { WorkerReply, WorkerRequest } from './worker';

export type PoolProblem = Problem | 'hang';

export interface ProblemCase {
  index?: number;
  seed: string;
  ops: string[];
  problem: PoolProblem;
  detail: string;
  case?: FuzzCase;
}

export interface PoolOptions {
  seed: number;
  /** Cases to run, from index `first`. */
  count: number;
  first?: number;
  /** Stop starting cases after this many seconds. */
  timeSec?: number;
  jobs: number;
  /** Per-case bound, milliseconds. */
  timeoutMs: number;
  onProgress?: (done: number) => void;
}

export interface PoolResult {
  cases: number;
  rejected: number;
  problems: ProblemCase[];
  /** Cases that overran the bound once but finished when re-run alone. */
  slow: { index: number; seed: string; ms: number }[];
  slowest: { index: number; seed: string; ms: number }[];
  seconds: number;
}

const WORKER = path.join(__dirname, 'worker.js');

class Slot {
  private worker!: Worker;
  private ready!: Promise<void>;
  private pending: ((r: WorkerReply | { died: string }) => void) | undefined;

  constructor(private readonly seed: number) {
    this.spawn();
  }

  private spawn(): void {
    this.worker = new Worker(WORKER, { workerData: { seed: this.seed }, resourceLimits: { maxOldGenerationSizeMb: 1536, stackSizeMb: 1 } });
    this.ready = new Promise((resolve) => this.worker.once('message', () => resolve()));
    this.worker.on('error', (e) => this.settle({ died: `worker died: ${e.message}` }));
    this.worker.on('exit', (code) => this.settle({ died: `worker exited with code ${code}` }));
  }

  private settle(r: WorkerReply | { died: string }): void {
    const p = this.pending;
    this.pending = undefined;
    p?.(r);
  }

  /** Run one case; `hang` when it overruns `timeoutMs` (the worker is then replaced). */
  async run(req: WorkerRequest, timeoutMs: number): Promise<WorkerReply | { died: string } | 'hang'> {
    await this.ready;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.worker.removeAllListeners();
        void this.worker.terminate();
        this.spawn();
        resolve('hang');
      }, timeoutMs);
      this.pending = (r) => {
        clearTimeout(timer);
        if ('died' in r) {
          this.worker.removeAllListeners();
          this.spawn();
        }
        resolve(r);
      };
      this.worker.once('message', (m: WorkerReply) => this.settle(m));
      this.worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners();
    await this.worker.terminate();
  }
}

export async function runPool(o: PoolOptions): Promise<PoolResult> {
  const t0 = performance.now();
  const first = o.first ?? 0;
  const end = first + o.count;
  const deadline = o.timeSec !== undefined ? t0 + o.timeSec * 1000 : Infinity;
  const res: PoolResult = { cases: 0, rejected: 0, problems: [], slow: [], slowest: [], seconds: 0 };
  const overran: number[] = [];
  let next = first;
  const slots = Array.from({ length: Math.max(1, o.jobs) }, () => new Slot(o.seed));
  await Promise.all(
    slots.map(async (slot) => {
      while (next < end && performance.now() < deadline) {
        const index = next++;
        const r = await slot.run({ index }, o.timeoutMs);
        res.cases++;
        o.onProgress?.(res.cases);
        if (r === 'hang') overran.push(index);
        else if ('died' in r) res.problems.push({ index, seed: '?', ops: [], problem: 'crash', detail: r.died });
        else record(res, index, r);
      }
    }),
  );
  // Overruns again, alone, with a longer bound: only a case that still overruns is a hang.
  for (const index of overran) {
    const t = performance.now();
    const r = await slots[0].run({ index }, o.timeoutMs * 3);
    if (r === 'hang') res.problems.push({ index, seed: '?', ops: [], problem: 'hang', detail: `still running after ${(o.timeoutMs * 3) / 1000} s` });
    else if ('died' in r) res.problems.push({ index, seed: '?', ops: [], problem: 'crash', detail: r.died });
    else {
      res.slow.push({ index, seed: r.seed, ms: performance.now() - t });
      record(res, index, r);
    }
  }
  await Promise.all(slots.map((s) => s.close()));
  res.slowest.sort((a, b) => b.ms - a.ms);
  res.seconds = (performance.now() - t0) / 1000;
  return res;
}

function record(res: PoolResult, index: number, r: WorkerReply): void {
  if (r.verdict.failed) res.rejected++;
  if (r.verdict.problem) res.problems.push({ index, seed: r.seed, ops: r.ops, problem: r.verdict.problem, detail: r.verdict.detail ?? '', case: r.case });
  res.slowest.push({ index, seed: r.seed, ms: r.verdict.ms });
  if (res.slowest.length > 50) {
    res.slowest.sort((a, b) => b.ms - a.ms);
    res.slowest.length = 5;
  }
}
