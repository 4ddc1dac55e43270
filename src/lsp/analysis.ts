// The engine as the language server runs it: resolve, then simulate, over the open editors'
// unsaved text, in a worker thread. One file store for the worker's life, so unchanged files are
// scanned once across edits (the store re-reads a file only when its stamp changes).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { EditorFileSystem } from '../core/conf/editorFileSystem';
import { FileStore, nodeFileSystem } from '../core/conf/files';
import { saveConfig } from '../core/conf/save';
import type { FirmwareModelId } from '../core/memory/models';
import { loadProfiles } from '../core/memory/profiles';
import { simulateTopology } from '../core/memory/simulate';
import { whatIfFromSettings, type WhatIfSettings } from '../core/memory/whatIfOptions';
import type { ResolveResult } from '../core/model';
import { resolveWithOutput, type ResolveOptions } from '../core/resolve';
import type { WorkerRequest, WorkerResponse } from './analysisWorker';
import type { BuildContext, Resolved, Simulated } from './ext';

export interface AnalysisInput {
  context: BuildContext;
  /** Unsaved editor text by absolute path; it replaces the file on disk. */
  overlays: Record<string, string>;
  /** Workspace profile overrides (YAML), merged over the bundled profiles. */
  profilesYaml?: string;
  /** Deep-buffer and TEXT partition what-ifs (absent: today's firmware). */
  whatIf?: WhatIfSettings;
  /** Also return the `-P` text (for the resolved-topology view). */
  withPreprocessed?: boolean;
}

/** What the what-if settings read (module ELF files): reused while the settings and files stay. */
interface WhatIfMemo {
  key: string;
  /** Each file read, with its stamp then (undefined: it could not be read). */
  files: Map<string, string | undefined>;
  value: ReturnType<typeof whatIfFromSettings>;
}

export class Analyzer {
  private readonly editor = new EditorFileSystem();
  private readonly store = new FileStore(this.editor.host);
  /** The profiles, parsed again only when the workspace's profile YAML changes. */
  private profiles: { yaml: string | undefined; set: ReturnType<typeof loadProfiles> } | undefined;
  private whatIfMemo: WhatIfMemo | undefined;

  private loadProfiles(yaml: string | undefined): ReturnType<typeof loadProfiles> {
    if (!this.profiles || this.profiles.yaml !== yaml) this.profiles = { yaml, set: loadProfiles(yaml) };
    return this.profiles.set;
  }

  /** whatIfFromSettings, re-run only when the settings, the platform or a file it read changed. */
  private whatIf(req: AnalysisInput, platform: Parameters<typeof whatIfFromSettings>[1]): ReturnType<typeof whatIfFromSettings> {
    const key = JSON.stringify([req.whatIf ?? null, req.context.topologyRoot, platform]);
    const memo = this.whatIfMemo;
    if (memo && memo.key === key && [...memo.files].every(([f, stamp]) => nodeFileSystem.stamp!(f) === stamp)) return memo.value;
    const files = new Map<string, string | undefined>();
    const value = whatIfFromSettings(req.whatIf, platform, (file) => {
      const abs = path.resolve(req.context.topologyRoot, file);
      files.set(abs, nodeFileSystem.stamp!(abs));
      try {
        return fs.readFileSync(abs);
      } catch {
        return undefined;
      }
    });
    this.whatIfMemo = { key, files, value };
    return value;
  }

  /** Throws `Cancelled` (core/resolve) when `isCancelled` says so during the run. */
  resolve(req: AnalysisInput, isCancelled?: ResolveOptions['isCancelled']): Resolved {
    this.editor.buffers = req.overlays;
    const t0 = performance.now();
    const { result, output } = resolveWithOutput({
      input: req.context.target.input,
      includeDirs: [req.context.topologyRoot],
      configDir: req.context.topologyRoot,
      defines: req.context.target.defines,
      store: this.store,
      isCancelled,
    });
    const preprocessed = req.withPreprocessed && output ? saveConfig(output) : undefined;
    return { result, resolveMs: performance.now() - t0, ...(preprocessed !== undefined ? { preprocessed } : {}) };
  }

  simulate(req: AnalysisInput, result: ResolveResult, platformId = req.context.platform, model: FirmwareModelId = req.context.model): Simulated {
    const t1 = performance.now();
    const profiles = this.loadProfiles(req.profilesYaml);
    const platform = profiles.profiles.find((p) => p.id === platformId);
    if (!platform) {
      const known = profiles.profiles.map((p) => p.id).join(', ');
      return { simulateMs: 0, problem: `no platform profile for "${platformId}" (known: ${known}); choose one with SOF: Select Platform, or another build target` };
    }
    if (result.failed) return { simulateMs: 0, problem: 'the topology does not resolve; fix the errors first' };
    const whatIf = this.whatIf(req, platform);
    const simulation = simulateTopology(result, { platform, model, ...whatIf.options });
    return { simulation, simulateMs: performance.now() - t1, ...(whatIf.problems.length ? { whatIfProblems: whatIf.problems } : {}) };
  }
}

/** Where a cancelled request stopped: before it started, or during the engine's run. */
export type CancelledDuring = 'queued' | 'resolve' | 'simulate';

/** The rejection of a request whose AbortSignal fired before it finished. */
export class AnalysisCancelled extends Error {
  constructor(readonly during: CancelledDuring) {
    super(`analysis cancelled (${during})`);
  }
}

/**
 * Cancellation flags shared with the worker: slot `id % CANCEL_SLOTS` holds `id` once request
 * `id` is cancelled. The engine polls its slot while it runs (per object built), so a superseded
 * analysis stops instead of running to its end; a few requests are in flight at most.
 */
export const CANCEL_SLOTS = 64;

/**
 * The engine in a worker thread, as the server's session and compare requests use it. A crash
 * fails what is in flight and the next request starts a new worker; an analysis that runs longer
 * than `timeoutMs` is ended the same way. A request given an AbortSignal stops when it fires.
 */
export class AnalysisWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly cancelFlags = new Int32Array(new SharedArrayBuffer(CANCEL_SLOTS * 4));
  private readonly waiters = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly workerPath: string,
    private readonly log: (line: string) => void,
    private readonly timeoutMs = 60_000,
  ) {}

  /** Starts the worker ahead of the first request (its start and the bundle's evaluation). */
  warm(): void {
    this.ensure();
  }

  /** Resolves `input`; the id names the result kept in the worker for `simulate`. */
  async resolve(input: AnalysisInput, signal?: AbortSignal): Promise<{ resolved: Resolved; resolvedId: number }> {
    const id = this.nextId++;
    const resolved = (await this.send({ id, kind: 'resolve', input }, signal)) as Resolved;
    return { resolved, resolvedId: id };
  }

  simulate(input: AnalysisInput, resolvedId: number, platform = input.context.platform, model: FirmwareModelId = input.context.model, signal?: AbortSignal): Promise<Simulated> {
    return this.send({ id: this.nextId++, kind: 'simulate', input, resolvedId, platform, model }, signal) as Promise<Simulated>;
  }

  dispose(): void {
    this.stop(new Error('analysis stopped'));
  }

  private send(req: WorkerRequest, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) return Promise.reject(new AnalysisCancelled('queued'));
    const slot = req.id % CANCEL_SLOTS;
    Atomics.store(this.cancelFlags, slot, 0);
    signal?.addEventListener('abort', () => Atomics.store(this.cancelFlags, slot, req.id), { once: true });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.log(`analysis took longer than ${this.timeoutMs} ms; restarting the analysis worker`);
        this.stop(new Error(`analysis took longer than ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiters.set(req.id, { resolve, reject, timer });
      this.ensure().postMessage(req);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerPath, { workerData: { cancelFlags: this.cancelFlags.buffer } });
    // The server ends when its client goes; an idle worker must not keep it alive.
    w.unref();
    w.on('message', (m: WorkerResponse) => {
      const waiter = this.waiters.get(m.id);
      if (!waiter) return;
      clearTimeout(waiter.timer);
      this.waiters.delete(m.id);
      if (m.ok) waiter.resolve(m.value);
      else if (m.cancelled) waiter.reject(new AnalysisCancelled(m.cancelled));
      else waiter.reject(new Error(m.message));
    });
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

  private stop(e: Error): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    for (const waiter of this.waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(e);
    }
    this.waiters.clear();
  }
}
