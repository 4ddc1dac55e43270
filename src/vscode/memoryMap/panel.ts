// The "SOF: Show Memory Map" panel: one webview per window showing the session's latest
// simulation. It follows the server's results (the other side of compare mode is one more
// request to the server), reveals source lines the webview asks for and saves exports.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SimulationResult } from '../../core/memory/simulate';
import type { SourceRange } from '../../core/model';
import type { AnalysisStatus } from '../../lsp/ext';
import type { AnalysisState, Session } from '../session';
import { memoryMapHtml } from './html';
import { buildMapModel, type MapModel } from './mapData';
import type { CompareChoices, CompareWith, HostMessage, MapDeviceLog, RenderInfo, ViewMessage } from './protocol';
import { MEMORY_MAP_VIEW } from './viewType';

/** The document carries its script and stylesheet (html.ts): nothing is loaded from disk. */
const WEBVIEW_OPTIONS: vscode.WebviewOptions = { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [] };

export interface MemoryMapDeps {
  extensionUri: vscode.Uri;
  session: Session;
}

export class MemoryMapPanel implements vscode.Disposable {
  private static current: MemoryMapPanel | undefined;
  private readonly subs: vscode.Disposable[] = [];
  /** Date.now() when the panel was created (the command ran). */
  readonly openedAt = Date.now();
  private ready = false;
  private model: MapModel | undefined;
  private shownSimulation: SimulationResult | undefined;
  private compareWith: CompareWith | undefined;
  private compareModel: MapModel | undefined;
  private compareSeq = 0;
  private contextKey = '';
  private status = '';
  private choiceList: CompareChoices | undefined;
  /** The device log being compared with the simulation shown, re-compared on every new result. */
  private deviceLog: { file: string; text: string } | undefined;
  private contextId = 0;
  private renderWaiters: Array<{ test: (r: RenderInfo) => boolean; done: (r: RenderInfo) => void }> = [];
  /** The webview's latest render report. */
  lastRender: RenderInfo | undefined;
  /** ms from opening the panel to the webview's first render of a map, measured here. */
  firstRenderMs: number | undefined;
  /** ms from opening the panel to the webview's script asking for data (the webview's load). */
  readyMs: number | undefined;
  /** ms from opening the panel to the analysis fetched and its map model built. */
  modelMs: number | undefined;
  /** CSP violations the webview reported (none expected, ever). */
  readonly cspViolations: string[] = [];

  /** Shows the panel (creating it beside the editor), and returns it. */
  static show(deps: MemoryMapDeps): MemoryMapPanel {
    if (MemoryMapPanel.current) {
      MemoryMapPanel.current.panel.reveal(undefined, true);
      return MemoryMapPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(MEMORY_MAP_VIEW, 'SOF Memory Map', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, WEBVIEW_OPTIONS);
    return new MemoryMapPanel(panel, deps);
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, deps: MemoryMapDeps): MemoryMapPanel {
    MemoryMapPanel.current?.dispose();
    panel.webview.options = WEBVIEW_OPTIONS;
    return new MemoryMapPanel(panel, deps);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: MemoryMapDeps,
  ) {
    MemoryMapPanel.current = this;
    this.subs.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: ViewMessage) => void this.receive(m)),
      deps.session.onDidChange((s) => this.fetch(s)),
    );
    // The model and the compare choices are ready before the webview asks for them: fetched while
    // it loads, not after.
    this.update(deps.session.state);
    this.fetch(deps.session.status);
    this.choices = this.loadChoices();
    panel.webview.html = memoryMapHtml(deps.extensionUri);
  }

  /** Resolves with the first render report (from now on, or the latest) that passes `test`. */
  whenRendered(test: (r: RenderInfo) => boolean = () => true, timeoutMs = 10_000): Promise<RenderInfo> {
    if (this.lastRender && test(this.lastRender)) return Promise.resolve(this.lastRender);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`memory map did not render as expected within ${timeoutMs} ms; last: ${JSON.stringify(this.lastRender)}`)), timeoutMs);
      this.renderWaiters.push({ test, done: (r) => (clearTimeout(timer), resolve(r)) });
    });
  }

  /** Platforms and models to compare with, asked when the panel opens and on each webview reload. */
  private choices: Promise<void> | undefined;
  private async loadChoices(): Promise<void> {
    const c = await this.deps.session.choices().catch(() => ({ platforms: [], models: [] }));
    this.choiceList = { platforms: c.platforms.map((p) => p.id), models: c.models };
  }

  /** The full analysis, fetched once per new version the server announces while the panel is open. */
  private fetched = -1;
  private fetch(status: AnalysisStatus | undefined): void {
    if (status && status.version === this.fetched) return;
    this.fetched = status?.version ?? -1;
    if (!status) return this.follow(undefined);
    void this.deps.session.current().then((s) => {
      this.follow(s);
      if (this.model) this.modelMs ??= Date.now() - this.openedAt;
    }, () => undefined);
  }

  private post(m: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  private sendData(): void {
    this.post({ type: 'data', data: this.model?.data, status: this.status, choices: this.choiceList ?? { platforms: [], models: [] } });
  }

  /** Takes the session's newest simulation (the old one stays up while the next one runs). */
  private update(state: AnalysisState | undefined): boolean {
    const before = [this.model, this.status] as const;
    const sim = state?.simulated?.simulation;
    const resolved = state?.resolved?.result;
    if (!state) {
      this.model = undefined;
      this.shownSimulation = undefined;
      this.status = 'Open a topology or select a build target.';
    } else {
      this.status = state.error ? `analysis failed: ${state.error}` : state.simulated?.problem ?? (sim ? '' : 'simulating…');
      if (sim && resolved && sim !== this.shownSimulation) {
        this.shownSimulation = sim;
        const c = state.context;
        const key = JSON.stringify([c.target.input, c.target.defines, c.platform, c.model]);
        if (key !== this.contextKey) [this.contextKey, this.contextId] = [key, this.contextId + 1];
        this.model = buildMapModel(this.contextId, c.target.name, resolved, sim);
      }
    }
    return this.model !== before[0] || this.status !== before[1];
  }

  private follow(state: AnalysisState | undefined): void {
    const modelBefore = this.model;
    if (!this.update(state)) return;
    this.sendData();
    if (this.compareWith && this.model !== modelBefore) void this.runCompare();
    if (this.deviceLog && this.model !== modelBefore) void this.sendDeviceLog();
  }

  /** Compares a captured DSP log (vpage/vregion lines) with the simulation shown. */
  async loadDeviceLog(uri: vscode.Uri): Promise<void> {
    const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    this.deviceLog = { file: path.basename(uri.fsPath), text };
    await this.sendDeviceLog();
  }

  /** The server compares the log with its current simulation, the one this panel shows. */
  private async sendDeviceLog(): Promise<void> {
    const log = this.deviceLog;
    const sim = this.shownSimulation;
    if (!log) {
      this.post({ type: 'deviceLog', status: '' });
      return;
    }
    const c = sim ? await this.deps.session.compareDeviceLog(log.text).catch(() => null) : null;
    if (log !== this.deviceLog || sim !== this.shownSimulation) return; // overtaken meanwhile
    if (!c) {
      this.post({ type: 'deviceLog', status: `${log.file}: waiting for the simulation` });
      return;
    }
    const view: MapDeviceLog = {
      file: log.file,
      rows: c.rows.map((r) => ({
        status: r.status,
        line: r.device?.line,
        device: r.device?.text,
        step: r.simulation?.step,
        event: r.simulation?.event,
        simulation: r.simulation?.text,
        diffs: (r.diffs ?? []).map((d) => `${d.field}: device ${d.device}, simulation ${d.simulation}`),
      })),
      counts: c.counts,
      skipped: c.skipped.length,
      notes: c.notes,
    };
    this.post({ type: 'deviceLog', log: view, status: '' });
  }

  private async runCompare(): Promise<void> {
    const seq = ++this.compareSeq;
    const other = this.compareWith;
    const context = this.deps.session.state?.context;
    if (!other || !context) {
      this.compareModel = undefined;
      this.post({ type: 'compare', status: '' });
      return;
    }
    this.post({ type: 'compare', with: other, data: this.compareModel?.data, status: 'simulating…' });
    const r = await this.compare(other).catch((e: Error) => ({ model: undefined, status: e.message }));
    if (!r || seq !== this.compareSeq) return;
    this.compareModel = r.model;
    this.post({ type: 'compare', with: other, data: r.model?.data, status: r.status });
  }

  /** The session's target under `other` (platform or firmware model); undefined when overtaken. */
  private async compare(other: CompareWith): Promise<{ model?: MapModel; status: string } | undefined> {
    const state = this.deps.session.state;
    const r = await this.deps.session.simulateWith({ platform: other.platform, model: other.model, ...(other.deepBuffers ? { deepBuffers: other.deepBuffers } : {}) });
    if (!r || !state) return undefined;
    if (!r.simulation || !r.resolved) return { status: r.problem ?? 'no simulation' };
    const deep = other.deepBuffers ? ` · deep buffers ${other.deepBuffers}` : '';
    return { model: buildMapModel(this.contextId, state.context.target.name, r.resolved, r.simulation), status: `${other.platform} · ${other.model}${deep}` };
  }

  private async receive(m: ViewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.readyMs ??= Date.now() - this.openedAt;
        // Fetched while the first load ran; a reload of the webview asks again (profiles may change).
        await (this.choices ?? this.loadChoices());
        this.choices = undefined;
        this.ready = true;
        this.sendData();
        if (this.deviceLog) await this.sendDeviceLog();
        return;
      case 'reveal': {
        const range = this.model?.rowSources.get(m.row);
        if (range) await reveal(range);
        return;
      }
      case 'revealFinding': {
        const range = this.model?.findingSources[m.source];
        if (range) await reveal(range);
        return;
      }
      case 'compare':
        this.compareWith = m.with;
        await this.runCompare();
        return;
      case 'deviceLog': {
        if (m.action === 'clear') {
          this.deviceLog = undefined;
          await this.sendDeviceLog();
          return;
        }
        const picked = await vscode.window.showOpenDialog({
          title: 'Compare a DSP log (vpage/vregion lines) with this simulation',
          canSelectMany: false,
          filters: { 'Logs': ['log', 'txt'], 'All files': ['*'] },
          openLabel: 'Compare',
        });
        if (picked?.[0]) await this.loadDeviceLog(picked[0]);
        return;
      }
      case 'export':
        await this.export(m.format === 'svg' ? m.svg : undefined);
        return;
      case 'rendered':
        this.lastRender = m.info;
        if (this.firstRenderMs === undefined && m.info.event >= 0) this.firstRenderMs = Date.now() - this.openedAt;
        for (const w of this.renderWaiters.filter((x) => x.test(m.info))) {
          this.renderWaiters.splice(this.renderWaiters.indexOf(w), 1);
          w.done(m.info);
        }
        return;
      case 'cspViolation':
        this.cspViolations.push(m.directive);
        return;
    }
  }

  private async export(svg: string | undefined): Promise<void> {
    const sim = this.shownSimulation;
    const context = this.deps.session.state?.context;
    if (!sim || !context) return;
    const ext = svg === undefined ? 'json' : 'svg';
    if (svg !== undefined && !/^<svg[\s>]/.test(svg)) return;
    const name = `${context.target.name}-${sim.platform}-${sim.model}-memory.${ext}`.replace(/[^\w.-]+/g, '_');
    const uri = await vscode.window.showSaveDialog({
      title: `Export the memory map as ${ext.toUpperCase()}`,
      defaultUri: vscode.Uri.file(path.join(path.dirname(context.target.input), name)),
      filters: ext === 'svg' ? { 'SVG image': ['svg'] } : { JSON: ['json'] },
      saveLabel: 'Export',
    });
    if (!uri) return;
    const text = svg ?? JSON.stringify({ target: context.target.name, input: context.target.input, defines: context.target.defines, simulation: sim }, null, 2) + '\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  }

  dispose(): void {
    if (MemoryMapPanel.current === this) MemoryMapPanel.current = undefined;
    this.subs.forEach((s) => s.dispose());
    this.panel.dispose();
  }
}

/** Shows `range` in a text editor: the one already showing its file, else the first column. */
async function reveal(range: SourceRange): Promise<void> {
  const uri = vscode.Uri.file(range.file);
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const r = new vscode.Range(range.line - 1, Math.max(0, range.col - 1), range.endLine - 1, Math.max(0, range.endCol - 1));
  const editor = await vscode.window.showTextDocument(uri, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(r.start, r.end), preserveFocus: false });
  editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
