// Keeps one analysis of the active build context up to date: re-runs it (debounced) when the
// active document, a file it read, the picks or the settings change, and tells the server when
// results land. Resolution results come first, so parse and evaluation problems show before the
// (slower) simulation. An analysis overtaken by a newer request is cancelled: the worker's engine
// stops at its next check (per object built), or it is not started at all.
// The engine runs in a worker thread: requests are answered from the last analysis meanwhile.
import type { WhatIfSettings } from '../core/memory/whatIfOptions';
import { sameTarget, type AnalysisState, type BuildContext, type Resolved, type Simulated } from './ext';
import { AnalysisCancelled, type AnalysisWorker } from './analysis';
import type { BuildContexts } from './buildContext';
import type { Documents } from './documents';

export interface SessionHost {
  analyzer: AnalysisWorker;
  contexts: BuildContexts;
  documents: Documents;
  delayMs(): number;
  profilesYaml(): string | undefined;
  whatIf(): WhatIfSettings;
  log(line: string): void;
  /** Called after every change of the state (or of `busy`). */
  changed(state: AnalysisState | undefined): void;
}

export class Session {
  private current: AnalysisState | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Bumped by every schedule(): a run that sees another number was overtaken. */
  private generation = 0;
  /** Aborted by schedule(): cancels the run in flight. */
  private inFlight: AbortController | undefined;
  /** Runs cancelled while in the engine, and where (for the log and tests). */
  cancelled = { resolve: 0, simulate: 0, queued: 0 };
  private idleWaiters: Array<() => void> = [];
  private version = 0;
  private withPreprocessed = false;
  /** The document in the focused editor (VS Code) or the last one opened or edited. */
  active: string | undefined;

  constructor(private readonly host: SessionHost) {}

  get state(): AnalysisState | undefined {
    return this.current;
  }

  get busy(): boolean {
    return !!this.timer || this.running;
  }

  /** Files the current analysis read (absolute paths). */
  get files(): readonly string[] {
    return this.current?.resolved?.result.files ?? [];
  }

  /** True when a change of `file` can change the analysis. */
  reads(file: string): boolean {
    return file === this.current?.context.target.input || this.files.includes(file) || file === this.active;
  }

  whenIdle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /**
   * Before anything is open: resolves the workspace's likely first target in the worker, so that
   * the engine is compiled and the tree's class files are scanned when the first file opens. The
   * first real request cancels it (it stops at its next check; what it scanned stays in the store).
   */
  warmUp(context: BuildContext | undefined): void {
    this.host.analyzer.warm();
    if (!context || this.busy || this.current) return;
    const controller = (this.inFlight = new AbortController());
    const input = { context, overlays: {}, profilesYaml: this.host.profilesYaml(), whatIf: this.host.whatIf() };
    this.host.analyzer.resolve(input, controller.signal).then(
      () => this.host.log(`warm-up: ${context.target.name} resolved ahead of the first file`),
      () => undefined,
    );
  }

  wantPreprocessed(on: boolean): void {
    if (this.withPreprocessed === on) return;
    this.withPreprocessed = on;
    if (on) this.schedule(0);
  }

  schedule(delayMs = this.host.delayMs()): void {
    this.generation++;
    this.inFlight?.abort();
    this.inFlight = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
    if (!this.running) this.host.changed(this.current);
  }

  private pickContext(): BuildContext | undefined {
    const file = this.active;
    const doc = file ? this.host.documents.get(file) : undefined;
    if (file && doc) {
      return this.host.contexts.contextFor(file, doc.getText());
    }
    // No open topology in focus: keep analysing what we had.
    if (this.current) return this.host.contexts.withPlatform(this.current.context.target, this.current.context.reason);
    const sel = this.host.contexts.selectedTarget;
    return sel ? this.host.contexts.withPlatform(sel, 'chosen') : undefined;
  }

  private update(patch: Partial<AnalysisState> & { context: BuildContext }): void {
    this.current = { ...(this.current ?? {}), ...patch, version: ++this.version };
    this.host.changed(this.current);
  }

  private async run(): Promise<void> {
    if (this.running) return; // the running analysis sees the new generation and reschedules
    const generation = this.generation;
    const context = this.pickContext();
    if (!context) {
      if (this.current) this.current = undefined;
      this.settle();
      return;
    }
    this.running = true;
    const controller = (this.inFlight = new AbortController());
    try {
      if (!this.current || !sameContext(this.current.context, context)) this.current = { context, version: ++this.version };
      const input = { context, overlays: this.host.documents.overlays(), profilesYaml: this.host.profilesYaml(), whatIf: this.host.whatIf(), withPreprocessed: this.withPreprocessed };
      let resolved: Resolved;
      let resolvedId: number;
      try {
        ({ resolved, resolvedId } = await this.host.analyzer.resolve(input, controller.signal));
      } catch (e) {
        this.failUnlessCancelled(context, e);
        return;
      }
      this.host.contexts.recordFiles(context.target, resolved.result.files);
      this.update({ context, resolved, error: undefined });
      // A candidate tried for an include file that it does not read: on to the next one.
      const active = this.active;
      if (context.reason === 'includes' && active && active !== context.target.input && !resolved.result.files.includes(active)) this.schedule(0);
      if (generation !== this.generation) return;
      let simulated: Simulated;
      try {
        simulated = await this.host.analyzer.simulate(input, resolvedId, undefined, undefined, controller.signal);
      } catch (e) {
        this.failUnlessCancelled(context, e);
        return;
      }
      this.update({ context, simulated, error: undefined });
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
      this.running = false;
      // Overtaken while running: the newer request runs now, unless its timer is still pending.
      if (generation !== this.generation && !this.timer) this.schedule(0);
      this.settle();
    }
  }

  /** A cancelled run was overtaken: the newer one replaces it, nothing failed. */
  private failUnlessCancelled(context: BuildContext, e: unknown): void {
    if (e instanceof AnalysisCancelled) {
      this.cancelled[e.during]++;
      return;
    }
    this.fail(context, e);
  }

  private fail(context: BuildContext, e: unknown): void {
    const message = e instanceof Error ? e.stack ?? e.message : String(e);
    this.host.log(`analysis of ${context.target.name} failed: ${message}`);
    this.update({ context, error: e instanceof Error ? e.message : String(e) });
  }

  private settle(): void {
    if (this.busy) return;
    this.host.changed(this.current);
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  dispose(): void {
    this.inFlight?.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.settle();
  }
}

function sameContext(a: BuildContext, b: BuildContext): boolean {
  return sameTarget(a.target, b.target) && a.platform === b.platform && a.model === b.model;
}
