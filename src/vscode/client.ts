// The client side of the extension, loaded by extension.ts on the first topology document (or
// in a workspace that holds topologies): a client of the tplg-budget language server
// (dist/server.js, its own process), which owns the analysis and every language feature. What
// the protocol lacks stays here, talking to the server through src/lsp/ext.ts: pickers, status
// bar, report and export commands, the resolved-topology view and the memory map.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { AnalysisStatus } from '../lsp/ext';
import { commandHandlers } from './commands';
import { LANGUAGE_ID } from './languageDetect';
import { memoryMapHandlers } from './memoryMap/register';
import { Picks } from './picks';
import { RESOLVED_SCHEME, ResolvedTopologyProvider } from './resolvedView';
import { Session, type AnalysisState } from './session';
import { StatusBar } from './statusBar';

/** What the extension's entry (extension.ts) drives once the client is loaded. */
export interface Client {
  /** Runs one of the contributed commands. */
  run(command: string, args: unknown[]): unknown;
  /** Takes over a memory map panel VS Code restored after a reload. */
  revive(panel: vscode.WebviewPanel): void;
  whenIdle(): Promise<void>;
  state(): AnalysisState | undefined;
  status(): AnalysisStatus | undefined;
}

const SWITCH_ANNOUNCED = 'sofTopology.switchAnnounced';

/** Starts the language client; `statusChanged` fires with every status the server pushes. */
export function startClient(context: vscode.ExtensionContext, statusChanged: vscode.EventEmitter<AnalysisStatus | undefined>): Client {
  const output = vscode.window.createOutputChannel('SOF Topology');
  const picks = new Picks(context.workspaceState);
  // TPLG_BUDGET_SERVER_PROF=<folder>: V8 CPU profiles of the server and its worker threads, written
  // there when the server exits (where the time of a cold start goes).
  const profileDir = process.env.TPLG_BUDGET_SERVER_PROF;
  const server = {
    module: path.join(context.extensionPath, 'dist', 'server.js'),
    transport: TransportKind.ipc,
    ...(profileDir ? { options: { execArgv: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } } : {}),
  };
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

  const commands = commandHandlers({ picks, session, resolved, output });
  const memoryMap = memoryMapHandlers(context, session);
  commands['sofTopology.showMemoryMap'] = memoryMap.show;

  context.subscriptions.push(
    output, client, session, status, resolved,
    session.onDidChange(refresh),
    session.onDidChange((s) => statusChanged.fire(s)),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.workspace.registerTextDocumentContentProvider(RESOLVED_SCHEME, resolved),
  );
  // The server process starts meanwhile; requests wait for it.
  const started = client.start().catch((e: Error) => output.appendLine(`tplg-budget language server did not start: ${e.message}`));
  refresh();
  return {
    run: (command, args) => {
      const handler = commands[command] as ((...a: unknown[]) => unknown) | undefined;
      if (!handler) throw new Error(`unknown command ${command}`);
      return handler(...args);
    },
    revive: memoryMap.revive,
    whenIdle: async () => {
      await started;
      await session.whenIdle();
    },
    state: () => session.state,
    status: () => session.status,
  };
}
