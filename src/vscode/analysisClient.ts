// Extension-host side of the analysis worker: starts it lazily, routes answers to the request
// that asked, restarts it after a crash and ends it when an analysis runs away.
import { Worker } from 'node:worker_threads';
import type { SimulationResult } from '../core/memory/simulate';
import type { ResolveResult } from '../core/model';
import type { AnalysisRequest, AnalysisResponse } from './analysisProtocol';

export interface Resolved {
  result: ResolveResult;
  resolveMs: number;
  preprocessed?: string;
}

export interface Simulated {
  simulation?: SimulationResult;
  simulateMs: number;
  problem?: string;
  /** Problems with the what-if settings; the simulation ran without the faulty part. */
  whatIfProblems?: string[];
}

/** Both phases of one request; each resolves to undefined when a newer request overtook it. */
export interface PendingAnalysis {
  resolved: Promise<Resolved | undefined>;
  simulated: Promise<Simulated | undefined>;
}

interface Waiter {
  onResolved: (r: Resolved | undefined) => void;
  onSimulated: (s: Simulated | undefined) => void;
  fail: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class AnalysisClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiters = new Map<number, Waiter>();

  constructor(
    private readonly workerPath: string,
    private readonly log: (line: string) => void,
    private readonly timeoutMs = 60_000,
  ) {}

  analyze(req: Omit<AnalysisRequest, 'id'>): PendingAnalysis {
    const id = this.nextId++;
    let onResolved!: (r: Resolved | undefined) => void;
    let onSimulated!: (s: Simulated | undefined) => void;
    let failResolved!: (e: Error) => void;
    let failSimulated!: (e: Error) => void;
    const resolved = new Promise<Resolved | undefined>((res, rej) => ((onResolved = res), (failResolved = rej)));
    const simulated = new Promise<Simulated | undefined>((res, rej) => ((onSimulated = res), (failSimulated = rej)));
    // A failure is reported through both promises; whoever awaits only one must not leak the other.
    resolved.catch(() => undefined);
    simulated.catch(() => undefined);
    const timer = setTimeout(() => this.runaway(id), this.timeoutMs);
    this.waiters.set(id, {
      onResolved,
      onSimulated,
      fail: (e) => {
        failResolved(e);
        failSimulated(e);
      },
      timer,
    });
    this.ensureWorker().postMessage({ ...req, id } satisfies AnalysisRequest);
    return { resolved, simulated };
  }

  dispose(): void {
    this.stop(new Error('analysis stopped'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath);
    w.on('message', (m: AnalysisResponse) => this.receive(m));
    w.on('error', (e) => {
      this.log(`analysis worker crashed: ${e.stack ?? e.message}`);
      this.stop(e);
    });
    w.on('exit', (code) => {
      if (this.worker === w) this.stop(new Error(`analysis worker exited with code ${code}`));
    });
    this.worker = w;
    return w;
  }

  private receive(m: AnalysisResponse): void {
    const w = this.waiters.get(m.id);
    if (!w) return;
    switch (m.phase) {
      case 'resolved':
        w.onResolved({ result: m.result, resolveMs: m.resolveMs, preprocessed: m.preprocessed });
        return;
      case 'simulated':
        w.onSimulated({ simulation: m.simulation, simulateMs: m.simulateMs, problem: m.problem, ...(m.whatIfProblems ? { whatIfProblems: m.whatIfProblems } : {}) });
        break;
      case 'superseded':
        w.onResolved(undefined);
        w.onSimulated(undefined);
        break;
      case 'error':
        this.log(`analysis failed: ${m.message}`);
        w.fail(new Error(m.message));
        break;
    }
    clearTimeout(w.timer);
    this.waiters.delete(m.id);
  }

  private runaway(id: number): void {
    if (!this.waiters.has(id)) return;
    this.log(`analysis ${id} took longer than ${this.timeoutMs} ms; restarting the worker`);
    this.stop(new Error(`analysis took longer than ${this.timeoutMs} ms`));
  }

  /** Ends the worker (a new one starts on the next request) and fails everything in flight. */
  private stop(e: Error): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    for (const waiter of this.waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.fail(e);
    }
    this.waiters.clear();
  }
}
