// Entry point of the VS Code extension: a client of the tplg-budget language server
// (dist/server.js, its own process), which owns the analysis and every language feature. What
// the protocol lacks stays here, talking to the server through src/lsp/ext.ts: pickers, status
// bar, report and export commands, the resolved-topology view and the memory map.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { AnalysisStatus } from '../lsp/ext';
import { registerCommands } from './commands';
import { LANGUAGE_ID, registerLanguageDetection } from './languageDetect';
import { registerMemoryMap } from './memoryMap/register';
import { Picks } from './picks';
import { RESOLVED_SCHEME, ResolvedTopologyProvider } from './resolvedView';
import { Session, type AnalysisState } from './session';
import { StatusBar } from './statusBar';

/** What activate() returns: lets tests and other extensions wait instead of sleeping. */
export interface TplgBudgetApi {
  /** Resolves when no analysis is scheduled or running, with its result fetched for state(). */
  whenIdle(): Promise<void>;
  state(): AnalysisState | undefined;
  /** Date.now() when activate() returned: with the extension host's activation log line, the activation time. */
  activatedAt: number;
  /** Milliseconds of our own code in activation: the bundle's evaluation plus activate(). */
  activationMs: number;
}

/** Set by the bundle's first and last statements (esbuild.mjs banner and footer); undefined when not bundled. */
declare const __tplgBundleStart: number | undefined;
declare const __tplgBundleEnd: number | undefined;

const SWITCH_ANNOUNCED = 'sofTopology.switchAnnounced';

export function activate(context: vscode.ExtensionContext): TplgBudgetApi {
  const activateStart = performance.now();
  registerLanguageDetection(context);
  const output = vscode.window.createOutputChannel('SOF Topology');
  const picks = new Picks(context.workspaceState);
  const server = { module: path.join(context.extensionPath, 'dist', 'server.js'), transport: TransportKind.ipc };
  const serverOptions: ServerOptions = { run: server, debug: server };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID, scheme: 'file' }],
    outputChannel: output,
    initializationOptions: { selection: picks.selection },
  };
  const client = new LanguageClient('tplg-budget', 'SOF Topology', serverOptions, clientOptions);
  picks.client = client;
  const session = new Session(client);
  const status = new StatusBar();
  const resolved = new ResolvedTopologyProvider(session);
  // Opening another top-level file switches what is analysed: the status bar shows it, and the
  // first time a notification says so.
  let analysedInput: string | undefined;
  const announceSwitch = (state: AnalysisStatus | undefined): void => {
    const c = state?.context;
    const input = c?.target.input;
    if (!c || !input || input === analysedInput) return;
    const before = analysedInput;
    analysedInput = input;
    if (!before || context.globalState.get<boolean>(SWITCH_ANNOUNCED)) return;
    void context.globalState.update(SWITCH_ANNOUNCED, true);
    const why = c.reason === 'chosen' ? 'the target chosen for it' : c.reason === 'as-written' ? 'no build target, as written' : `${c.target.name}, picked automatically`;
    void vscode.window
      .showInformationMessage(`SOF: now analysing ${path.basename(input)} (${why}). The status bar shows the target in use; click it to choose another.`, 'Select Build Target')
      .then((a) => a && vscode.commands.executeCommand('sofTopology.selectTarget'));
  };
  const refresh = (): void => {
    announceSwitch(session.status);
    status.show(session.status, vscode.window.activeTextEditor?.document.languageId === LANGUAGE_ID);
  };

  context.subscriptions.push(
    output, client, session, status, resolved,
    session.onDidChange(refresh),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.workspace.registerTextDocumentContentProvider(RESOLVED_SCHEME, resolved),
    ...registerCommands({ picks, session, resolved, output }),
    ...registerMemoryMap(context, session),
  );
  // The server process starts meanwhile; requests wait for it, activation does not.
  const started = client.start().catch((e: Error) => output.appendLine(`tplg-budget language server did not start: ${e.message}`));
  refresh();
  // Our own share: the bundle's evaluation plus activate(). VS Code's own work between the two
  // (loading the extension's storage) is not ours and varies with what else starts; nor is the
  // server's start, which runs in its own process.
  const evaluationMs = typeof __tplgBundleStart === 'number' && typeof __tplgBundleEnd === 'number' ? __tplgBundleEnd - __tplgBundleStart : 0;
  const activationMs = Math.round(evaluationMs + performance.now() - activateStart);
  output.appendLine(`activated: ${activationMs} ms of our code (bundle evaluation ${Math.round(evaluationMs)} ms, activate() ${Math.round(performance.now() - activateStart)} ms)`);
  return {
    whenIdle: async () => {
      await started;
      await session.whenIdle();
    },
    state: () => session.state,
    activatedAt: Date.now(),
    activationMs,
  };
}
