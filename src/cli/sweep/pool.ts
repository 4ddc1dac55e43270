// Runs sweep jobs on N worker threads that take their jobs from a shared queue (queue.ts) and
// reports every outcome as it arrives. Workers start before the jobs are known, so their start-up
// overlaps the reading of the target lists. A worker that dies fails only the job it was running;
// a new worker takes over the rest.
import * as path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { SweepJob, SweepOutcome } from './job';
import { AffinityQueue, planQueue, queueMemory } from './queue';

/** Next to this module in out/, next to cli.js in the dist/ bundle. */
const WORKER_FILE = path.join(__dirname, 'sweepWorker.js');

/**
 * Each worker's heap. Left to itself V8 sizes a worker for a machine with memory to spare: 16 MB
 * semi-spaces, and an old generation that grows to ~100 MB between mark-compacts while what a
 * sweep keeps alive is 13-25 MB (the scans of the class files, the loaded tree of the current
 * top-level file, one target's evaluation). Small semi-spaces and an old generation bound that
 * makes V8 grow the heap slowly keep a 2-job corpus sweep near 150 MB instead of ~300 MB, for
 * about 7% more CPU in scavenges (docs/ci.md). The bound is not a limit on what a target may need:
 * one whose evaluation does not fit is run again on a worker without it.
 */
export const SWEEP_HEAP: ResourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 };

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

export function startPool(threads: number, heap: ResourceLimits = SWEEP_HEAP): SweepPool {
  const idle: Worker[] = [];
  for (let i = 0; i < threads; i++) idle.push(new Worker(WORKER_FILE, { resourceLimits: heap }));
  return {
    run: (jobs, onOutcome) => runOn(idle.splice(0), heap, jobs, onOutcome),
    close: () => idle.splice(0).forEach((w) => void w.terminate()),
  };
}

function runOn(started: Worker[], heap: ResourceLimits, jobs: readonly SweepJob[], onOutcome: (o: SweepOutcome) => void): Promise<SweepOutcome[]> {
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
      let outOfMemory = false;
      w.on('message', finish);
      w.on('error', (e: Error & { code?: string }) => {
        died = `worker died: ${e.stack ?? e.message}`;
        outOfMemory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      });
      w.on('exit', () => {
        // Its outcomes were delivered before this event; a job still marked running never finished.
        const j = queue.runningJob(slot);
        queue.leave(slot);
        if (j !== undefined && outOfMemory) retryUnbounded(order[j]);
        else if (j !== undefined) finish({ index: order[j].index, findings: [], diagnostics: [], ms: 0, crashed: died ?? 'worker exited' });
        // After running out of heap, the bound goes for that slot: so a bound too small for a
        // worker to even start cannot restart workers forever.
        if (queue.left() > 0) attach(new Worker(WORKER_FILE, outOfMemory ? {} : { resourceLimits: heap }), slot);
      });
      const start: SweepStart = { slot, workers, memory, sizes, jobs: order };
      w.postMessage(start);
    };
    /** A target whose evaluation outgrew the heap bound, alone on a worker with V8's own limits. */
    const retryUnbounded = (job: SweepJob) => {
      const w = new Worker(WORKER_FILE);
      let died: string | undefined;
      w.on('message', finish);
      w.on('error', (e) => (died = `worker died: ${e.stack ?? e.message}`));
      w.on('exit', () => finish({ index: job.index, findings: [], diagnostics: [], ms: 0, crashed: died ?? 'worker exited' }));
      const start: SweepStart = { slot: 0, workers: 1, memory: queueMemory(1, 1), sizes: [1], jobs: [job] };
      w.postMessage(start);
    };
    if (!order.length) return done();
    started.forEach(attach);
  });
}
