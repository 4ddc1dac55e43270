// The extension's view of the server's analysis: the status the server pushes after every change
// (for the status bar, CodeLens and views to follow), and the full analysis fetched on demand
// (memory map, report, export). The analysis itself runs in the language server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import * as ext from '../lsp/ext';
import { LANGUAGE_ID } from './languageDetect';

export type { AnalysisState } from '../lsp/ext';

export class Session implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ext.AnalysisStatus | undefined>();
  /** Fires with each status the server pushes. */
  readonly onDidChange = this.changed.event;
  /** The latest status pushed by the server. */
  status: ext.AnalysisStatus | undefined;
  /** The analysis as last fetched (whenIdle, current). */
  state: ext.AnalysisState | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.subs.push(
      client.onNotification(ext.analysisStatus, (s) => {
        this.status = s;
        this.changed.fire(s);
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.sendActive()),
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (d === vscode.window.activeTextEditor?.document) this.sendActive();
      }),
    );
    this.sendActive();
  }

  /** Tells the server which topology is in the focused editor (focus elsewhere keeps the last). */
  private sendActive(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc?.languageId !== LANGUAGE_ID || doc.uri.scheme !== 'file') return;
    void this.client.sendNotification(ext.setActiveDocument, { uri: this.client.code2ProtocolConverter.asUri(doc.uri) });
  }

  /** Resolves once the server has no analysis scheduled or running, with its result fetched. */
  async whenIdle(): Promise<void> {
    this.sendActive();
    this.state = (await this.client.sendRequest(ext.analysis, { waitIdle: true })) ?? undefined;
  }

  /** The analysis as it stands now (possibly mid-way: resolved but not yet simulated). */
  async current(): Promise<ext.AnalysisState | undefined> {
    this.state = (await this.client.sendRequest(ext.analysis, {})) ?? undefined;
    return this.state;
  }

  wantPreprocessed(on: boolean): void {
    void this.client.sendNotification(ext.wantPreprocessed, { on });
  }

  targets(near: string | undefined): Promise<ext.Target[]> {
    return this.client.sendRequest(ext.targets, { near });
  }

  choices(): Promise<ext.Choices> {
    return this.client.sendRequest(ext.choices);
  }

  simulateWith(params: ext.SimulateWithParams): Promise<ext.SimulateWithResult | null> {
    return this.client.sendRequest(ext.simulateWith, params);
  }

  /** A DSP log compared with the current simulation by the server; null when nothing is simulated. */
  compareDeviceLog(text: string): Promise<ext.LogComparison | null> {
    return this.client.sendRequest(ext.compareDeviceLog, { text });
  }

  dispose(): void {
    this.subs.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
