// Worker-thread entry of `tplg-budget targets` (bundled to dist/sweepWorker.js): takes jobs from the
// shared queue until none is left, with one file store for its life so the include files that
// every target shares are read and scanned once per worker, and a top-level file loaded once is
// copied for the next target built from it. Nothing changes on disk during a sweep. The loop never
// yields: outcomes are posted as they come, and the worker ends when the queue is empty.
import { parentPort } from 'node:worker_threads';
import { FileStore } from '../../core/conf/files';
import { runJob } from './job';
import type { SweepStart } from './pool';
import { AffinityQueue } from './queue';

parentPort?.once('message', (m: SweepStart) => {
  const store = new FileStore();
  store.trustCache = true;
  const queue = new AffinityQueue(m.sizes, m.workers, m.memory);
  for (let j = queue.take(m.slot); j !== undefined; j = queue.take(m.slot)) {
    const outcome = runJob(m.jobs[j], store);
    queue.finish(m.slot);
    parentPort?.postMessage(outcome);
  }
});
