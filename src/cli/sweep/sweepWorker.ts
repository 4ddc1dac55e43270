// Worker-thread entry of `tplg-budget targets` (bundled to dist/sweepWorker.js): takes jobs from the
// shared queue until none is left. The queue keeps a worker on one top-level file while it has
// targets (queue.ts), and a file store lives as long as that: the include files the file's targets
// share are read and scanned once, and its loaded tree is copied for each next target. When the
// worker moves to another file the store goes, with the last file's tree and scans: kept, they
// would be dead weight for the rest of the sweep (~15 MB by the end of the corpus), against a
// re-scan of the class files per file moved to. Nothing changes on disk during a sweep. The loop
// never yields: outcomes are posted as they come, and the worker ends when the queue is empty.
import { parentPort } from 'node:worker_threads';
import { FileStore } from '../../core/conf/files';
import { runJob } from './job';
import type { SweepStart } from './pool';
import { AffinityQueue } from './queue';

function sweepStore(): FileStore {
  const store = new FileStore();
  store.trustCache = true;
  return store;
}

parentPort?.once('message', (m: SweepStart) => {
  let store = sweepStore();
  let input: string | undefined;
  const queue = new AffinityQueue(m.sizes, m.workers, m.memory);
  for (let j = queue.take(m.slot); j !== undefined; j = queue.take(m.slot)) {
    const job = m.jobs[j];
    if (input !== undefined && job.input !== input) store = sweepStore();
    input = job.input;
    const outcome = runJob(job, store);
    queue.finish(m.slot);
    parentPort?.postMessage(outcome);
  }
});
