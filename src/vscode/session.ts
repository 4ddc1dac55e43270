// Keeps one analysis of the active build context up to date: re-runs it (debounced) when the
// active editor, a file it read, or the context changes, and tells the UI pieces when results
// land. Resolution results arrive first, so parse and evaluation problems show before the
// (slower) simulation finishes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisClient, Resolved, Simulated } from './analysisClient';
import { workspaceProfilesYaml, whatIfSettings, type BuildContext, type BuildContexts } from './buildContext';
import { LANGUAGE_ID } from './languageDetect';

export interface AnalysisState {
  context: BuildContext;
  resolved?: Resolved;
  simulated?: Simulated;
  /** Set when the analysis itself failed (worker crash, runaway). */
  error?: string;
  /** Version counter: bumps every time any part of the state changes. */
  version: number;
}

export class Session implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AnalysisState | undefined>();
  readonly onDidChange = this.changed.event;
  private current: AnalysisState | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private version = 0;
  private readonly subs: vscode.Disposable[] = [];
  private withPreprocessed = false;

  constructor(
    private readonly client: AnalysisClient,
    private readonly contexts: BuildContexts,
    private readonly log: (line: string) => void,
  ) {
    this.subs.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.reads(e.document)) this.schedule();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.reads(d)) this.schedule(0);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.languageId === LANGUAGE_ID && d === vscode.window.activeTextEditor?.document) this.schedule(0);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sofTopology')) this.schedule(0);
      }),
      contexts.onDidChange(() => this.schedule(0)),
    );
    this.schedule(0);
  }

  get state(): AnalysisState | undefined {
    return this.current;
  }

  /** Files the current analysis read (absolute paths). */
  get files(): readonly string[] {
    return this.current?.resolved?.result.files ?? [];
  }

  /** Resolves when no analysis is scheduled or running. */
  whenIdle(): Promise<void> {
    if (!this.timer && this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Re-runs now and also returns the `-P` text from then on (the resolved view is open). */
  wantPreprocessed(on: boolean): void {
    if (this.withPreprocessed === on) return;
    this.withPreprocessed = on;
    if (on) this.schedule(0);
  }

  schedule(delayMs = vscode.workspace.getConfiguration('sofTopology').get<number>('analysisDelayMs', 150)): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, delayMs);
  }

  private reads(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme !== 'file') return false;
    const f = doc.uri.fsPath;
    return f === this.current?.context.target.input || this.files.includes(f) || doc.languageId === LANGUAGE_ID;
  }

  private pickContext(): BuildContext | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && doc.languageId === LANGUAGE_ID && doc.uri.scheme === 'file') {
      return this.contexts.contextFor(doc);
    }
    // Focus elsewhere (output panel, another language): keep analysing what we had.
    if (this.current) return this.contexts.withPlatform(this.current.context.target, this.current.context.reason);
    const sel = this.contexts.selectedTarget;
    return sel ? this.contexts.withPlatform(sel, 'chosen') : undefined;
  }

  private overlays(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of vscode.workspace.textDocuments) {
      if (d.isDirty && d.uri.scheme === 'file' && path.extname(d.uri.fsPath) === '.conf') out[d.uri.fsPath] = d.getText();
    }
    return out;
  }

  private update(patch: Partial<AnalysisState> & { context: BuildContext }): void {
    this.current = { ...(this.current ?? {}), ...patch, version: ++this.version };
    this.changed.fire(this.current);
  }

  private run(): void {
    const context = this.pickContext();
    if (!context) {
      if (this.current) {
        this.current = undefined;
        this.changed.fire(undefined);
      }
      this.settle();
      return;
    }
    const sameTarget = this.current && sameContext(this.current.context, context);
    if (!sameTarget) this.current = { context, version: ++this.version };
    const pending = this.client.analyze({
      input: context.target.input,
      topologyRoot: context.topologyRoot,
      defines: context.target.defines,
      platform: context.platform,
      model: context.model,
      overlays: this.overlays(),
      withPreprocessed: this.withPreprocessed,
      profilesYaml: workspaceProfilesYaml(),
      whatIf: whatIfSettings(),
    });
    this.inFlight++;
    pending.resolved.then(
      (r) => {
        if (!r) return;
        this.contexts.recordFiles(context.target, r.result.files);
        this.update({ context, resolved: r, error: undefined });
        // A candidate tried for an include file that it does not read: on to the next one.
        const active = vscode.window.activeTextEditor?.document.uri.fsPath;
        if (context.reason === 'includes' && active && active !== context.target.input && !r.result.files.includes(active)) this.schedule(0);
      },
      () => undefined,
    );
    pending.simulated
      .then(
        (s) => {
          if (s) this.update({ context, simulated: s, error: undefined });
        },
        (e: Error) => {
          this.log(`analysis of ${context.target.name} failed: ${e.message}`);
          this.update({ context, error: e.message });
        },
      )
      .finally(() => {
        this.inFlight--;
        this.settle();
      });
  }

  private settle(): void {
    if (this.timer || this.inFlight > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subs.forEach((s) => s.dispose());
    this.changed.dispose();
    this.settle();
  }
}

function sameContext(a: BuildContext, b: BuildContext): boolean {
  return a.target.input === b.target.input && a.target.defines === b.target.defines && a.platform === b.platform && a.model === b.model;
}
