// Fuzz worker thread: builds and runs the cases the pool hands it, one at a time, so the pool can
// time each one and terminate the thread when one hangs.
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from './catalog';
import { buildCase, type FuzzCase } from './case';
import { CaseRunner, type Verdict } from './run';

export type WorkerRequest = { index: number } | { case: FuzzCase };

export interface WorkerReply {
  index?: number;
  seed: string;
  ops: string[];
  verdict: Verdict;
  /** The case, sent back only when it has a problem (to save it as a regression input). */
  case?: FuzzCase;
}

const { seed } = workerData as { seed: number };
const cat = loadCatalog();
const runner = new CaseRunner(cat);

parentPort!.on('message', (req: WorkerRequest) => {
  const c = 'case' in req ? req.case : buildCase(cat, seed, req.index, runner.filesOf);
  const verdict = runner.run(c);
  const reply: WorkerReply = { index: 'index' in req ? req.index : undefined, seed: c.seed, ops: c.ops, verdict };
  if (verdict.problem) reply.case = c;
  parentPort!.postMessage(reply);
});
parentPort!.postMessage('ready');
