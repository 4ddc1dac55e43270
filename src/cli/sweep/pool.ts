// Runs sweep jobs on N worker threads, handing each idle worker its next job (queue.ts), and
// reports every outcome as it arrives. A worker that dies fails only the job it was running; a
// new worker takes over the rest.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SweepJob, SweepOutcome } from './job';
import { AffinityQueue } from './queue';

/** Next to this module in out/, next to cli.js in the dist/ bundle. */
const WORKER_FILE = path.join(__dirname, 'sweepWorker.js');

export function runPool(jobs: readonly SweepJob[], threads: number, onOutcome: (o: SweepOutcome) => void): Promise<SweepOutcome[]> {
  const outcomes: SweepOutcome[] = [];
  const queue = new AffinityQueue(jobs, (j) => j.input);
  let left = jobs.length;
  let workers = 0;
  let live = 0;
  return new Promise((resolve) => {
    const finish = (o: SweepOutcome) => {
      outcomes.push(o);
      onOutcome(o);
    };
    const start = () => {
      const id = workers++;
      live++;
      const w = new Worker(WORKER_FILE);
      let current: SweepJob | undefined;
      const feed = () => {
        current = queue.take(id);
        if (current) {
          left--;
          w.postMessage(current);
        } else void w.terminate();
      };
      w.on('message', (o: SweepOutcome) => {
        finish(o);
        feed();
      });
      w.on('error', (e) => {
        if (current) finish({ index: current.index, findings: [], diagnostics: [], ms: 0, crashed: `worker died: ${e.stack ?? e.message}` });
        current = undefined;
      });
      w.on('exit', () => {
        live--;
        if (current) {
          finish({ index: current.index, findings: [], diagnostics: [], ms: 0, crashed: 'worker exited' });
          current = undefined;
        }
        if (left > 0) start();
        else if (live === 0) resolve(outcomes.sort((a, b) => a.index - b.index));
      });
      feed();
    };
    if (!jobs.length) resolve([]);
    for (let i = 0; i < Math.min(threads, jobs.length); i++) start();
  });
}
