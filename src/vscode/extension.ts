// Entry point of the VS Code extension: a client of the tplg-budget language server
// (dist/server.js, its own process), which owns the analysis and every language feature. What
// the protocol lacks stays here, talking to the server through src/lsp/ext.ts: pickers, status
// bar, report and export commands, the resolved-topology view and the memory map.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
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
}

export async function activate(context: vscode.ExtensionContext): Promise<TplgBudgetApi> {
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
  const refresh = (): void => status.show(session.status, vscode.window.activeTextEditor?.document.languageId === LANGUAGE_ID);

  context.subscriptions.push(
    output, client, session, status, resolved,
    session.onDidChange(refresh),
    vscode.window.onDidChangeActiveTextEditor(refresh),
    vscode.workspace.registerTextDocumentContentProvider(RESOLVED_SCHEME, resolved),
    ...registerCommands({ picks, session, resolved, output }),
    ...registerMemoryMap(context, session),
  );
  await client.start().catch((e: Error) => output.appendLine(`tplg-budget language server did not start: ${e.message}`));
  refresh();
  return { whenIdle: () => session.whenIdle(), state: () => session.state };
}
