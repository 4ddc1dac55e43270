// Worker-thread entry of `tplg-budget targets` (bundled to dist/sweepWorker.js): analyses the
// jobs it is sent, one at a time, with one file store for its life so the include files that
// every target shares are read and scanned once per worker, and a top-level file loaded once is
// copied for the next target built from it. Nothing changes on disk during a sweep.
import { parentPort } from 'node:worker_threads';
import { FileStore } from '../../core/conf/files';
import { runJob, type SweepJob } from './job';

const store = new FileStore();
store.trustCache = true;
parentPort?.on('message', (job: SweepJob) => parentPort?.postMessage(runJob(job, store)));
