// Worker-thread entry (dist/analysisWorker.js, beside dist/server.js): runs the engine off the
// server's main thread, so hovers, completion and every other request are answered from the
// last analysis while the next one runs. Resolve results stay here, by id, for the simulation
// that follows them (a ResolveResult is large; only its copy for the server crosses over).
import { parentPort, workerData } from 'node:worker_threads';
import type { FirmwareModelId } from '../core/memory/models';
import type { ResolveResult } from '../core/model';
import { Cancelled } from '../core/resolve';
import { Analyzer, CANCEL_SLOTS, type AnalysisInput, type CancelledDuring } from './analysis';

export type WorkerRequest =
  | { id: number; kind: 'resolve'; input: AnalysisInput }
  | { id: number; kind: 'simulate'; input: AnalysisInput; resolvedId: number; platform: string; model: FirmwareModelId };

export type WorkerResponse = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string; cancelled?: CancelledDuring };

const analyzer = new Analyzer();
const results = new Map<number, ResolveResult>();
/** The session's current resolve and a compare run's: a few are enough. */
const KEEP = 4;

/** Set by the server when it no longer wants a request's result (see AnalysisWorker). */
const cancelFlags = new Int32Array((workerData as { cancelFlags: SharedArrayBuffer }).cancelFlags);
const cancelled = (id: number): boolean => Atomics.load(cancelFlags, id % CANCEL_SLOTS) === id;
const stopped = (id: number, during: CancelledDuring): WorkerResponse => ({ id, ok: false, message: `analysis cancelled (${during})`, cancelled: during });

parentPort?.on('message', (req: WorkerRequest) => {
  // Superseded while it waited behind another request: not started at all.
  if (cancelled(req.id)) return parentPort?.postMessage(stopped(req.id, 'queued'));
  try {
    if (req.kind === 'resolve') {
      const resolved = analyzer.resolve(req.input, () => cancelled(req.id));
      results.set(req.id, resolved.result);
      for (const k of [...results.keys()].slice(0, Math.max(0, results.size - KEEP))) results.delete(k);
      parentPort?.postMessage({ id: req.id, ok: true, value: resolved } satisfies WorkerResponse);
    } else {
      const result = results.get(req.resolvedId);
      if (!result) throw new Error(`resolve ${req.resolvedId} is no longer held`);
      parentPort?.postMessage({ id: req.id, ok: true, value: analyzer.simulate(req.input, result, req.platform, req.model) } satisfies WorkerResponse);
    }
  } catch (e) {
    if (e instanceof Cancelled) return parentPort?.postMessage(stopped(req.id, req.kind));
    parentPort?.postMessage({ id: req.id, ok: false, message: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies WorkerResponse);
  }
});
