// Runs sweep jobs on N worker threads that take their jobs from a shared queue (queue.ts) and
// reports every outcome as it arrives. Workers start before the jobs are known, so their start-up
// overlaps the reading of the target lists. A worker that dies fails only the job it was running;
// a new worker takes over the rest.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SweepJob, SweepOutcome } from './job';
import { AffinityQueue, planQueue, queueMemory } from './queue';

/** Next to this module in out/, next to cli.js in the dist/ bundle. */
const WORKER_FILE = path.join(__dirname, 'sweepWorker.js');

/** What a worker is sent once: every job, and the shared queue to take them from. */
export interface SweepStart {
  slot: number;
  workers: number;
  memory: SharedArrayBuffer;
  sizes: number[];
  jobs: SweepJob[];
}

export interface SweepPool {
  run(jobs: readonly SweepJob[], onOutcome: (o: SweepOutcome) => void): Promise<SweepOutcome[]>;
  /** Stops the workers, for a sweep that ends before `run` (a usage error in a list). */
  close(): void;
}

export function startPool(threads: number): SweepPool {
  const idle: Worker[] = [];
  for (let i = 0; i < threads; i++) idle.push(new Worker(WORKER_FILE));
  return {
    run: (jobs, onOutcome) => runOn(idle.splice(0), jobs, onOutcome),
    close: () => idle.splice(0).forEach((w) => void w.terminate()),
  };
}

function runOn(started: Worker[], jobs: readonly SweepJob[], onOutcome: (o: SweepOutcome) => void): Promise<SweepOutcome[]> {
  const { order, sizes } = planQueue(jobs, (j) => j.input);
  const workers = Math.min(started.length, order.length);
  for (const w of started.splice(workers)) void w.terminate();
  const memory = queueMemory(sizes.length, workers);
  const queue = new AffinityQueue(sizes, workers, memory);
  const byIndex = new Map<number, SweepOutcome>();
  return new Promise((resolve) => {
    const done = () => resolve([...byIndex.values()].sort((a, b) => a.index - b.index));
    const finish = (o: SweepOutcome) => {
      if (byIndex.has(o.index)) return;
      byIndex.set(o.index, o);
      onOutcome(o);
      if (byIndex.size === order.length) done();
    };
    const attach = (w: Worker, slot: number) => {
      let died: string | undefined;
      w.on('message', finish);
      w.on('error', (e) => (died = `worker died: ${e.stack ?? e.message}`));
      w.on('exit', () => {
        // Its outcomes were delivered before this event; a job still marked running never finished.
        const j = queue.runningJob(slot);
        queue.leave(slot);
        if (j !== undefined) finish({ index: order[j].index, findings: [], diagnostics: [], ms: 0, crashed: died ?? 'worker exited' });
        if (queue.left() > 0) attach(new Worker(WORKER_FILE), slot);
      });
      const start: SweepStart = { slot, workers, memory, sizes, jobs: order };
      w.postMessage(start);
    };
    if (!order.length) return done();
    started.forEach(attach);
  });
}
