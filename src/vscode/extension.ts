// Entry point of the VS Code extension. It activates in every window that shows a plain-text,
// properties or ini file (a `.conf` topology outside a `topology2/` folder opens as one of those),
// so activation only registers what must exist from the start: the content detector, the
// commands and the memory map's serializer. The language client (client.ts, its own bundle
// dist/client.js) loads on the first topology document, or right after activation in a workspace
// that holds topologies, so that its first file is analysed without waiting for the server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisState, AnalysisStatus } from '../lsp/ext';
import type { Client } from './client';
import { LANGUAGE_ID, looksLikeTopology, registerLanguageDetection } from './languageDetect';
import { MEMORY_MAP_VIEW } from './memoryMap/viewType';

/** What activate() returns: lets tests and other extensions wait instead of sleeping. */
export interface TplgBudgetApi {
  /** Resolves when no analysis is scheduled or running, with its result fetched for state(). Starts the client if needed. */
  whenIdle(): Promise<void>;
  state(): AnalysisState | undefined;
  /** The latest status the server pushed (what the status bar shows). */
  status(): AnalysisStatus | undefined;
  onDidChangeStatus: vscode.Event<AnalysisStatus | undefined>;
  /** Date.now() when activate() returned: with the extension host's activation log line, the activation time. */
  activatedAt: number;
  /** Milliseconds of our own code in activation: the entry bundle's evaluation plus activate(). */
  activationMs: number;
  /** Milliseconds to load the client bundle and start the client (outside activation); undefined until then. */
  clientLoadMs(): number | undefined;
}

/** Set by the bundle's first and last statements (esbuild.mjs banner and footer); undefined when not bundled. */
declare const __tplgBundleStart: number | undefined;
declare const __tplgBundleEnd: number | undefined;

/** Root-level `.conf` files sniffed for topology syntax. */
const SNIFF_FILES = 8;

/** A workspace folder that is, or directly holds, a topology tree: a few synchronous reads. */
function topologyFolder(folder: string): boolean {
  if (path.basename(folder) === 'topology2') return true;
  let names: string[];
  try {
    names = fs.readdirSync(folder);
  } catch {
    return false;
  }
  if (names.includes('topology2')) return true;
  for (const n of names.filter((x) => x.endsWith('.conf')).slice(0, SNIFF_FILES)) {
    try {
      const fd = fs.openSync(path.join(folder, n), 'r');
      try {
        const head = Buffer.alloc(8192);
        if (looksLikeTopology(head.toString('utf8', 0, fs.readSync(fd, head, 0, head.length, 0)))) return true;
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      // unreadable: not ours to judge
    }
  }
  return false;
}

/** True when the workspace holds topologies: checked at its folders first, then searched for `topology2/` trees. */
async function topologyWorkspace(): Promise<boolean> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.some((f) => f.uri.scheme === 'file' && topologyFolder(f.uri.fsPath))) return true;
  return folders.length > 0 && (await vscode.workspace.findFiles('**/topology2/**/*.conf', '**/node_modules/**', 1)).length > 0;
}

function contributedCommands(context: vscode.ExtensionContext): string[] {
  const commands = (context.extension.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? [];
  return commands.map((c) => c.command);
}

export function activate(context: vscode.ExtensionContext): TplgBudgetApi {
  const activateStart = performance.now();
  registerLanguageDetection(context);
  const statusChanged = new vscode.EventEmitter<AnalysisStatus | undefined>();
  let client: Client | undefined;
  let clientLoadMs: number | undefined;
  const start = (): Client => {
    if (client) return client;
    const t0 = performance.now();
    // Not a literal module name: esbuild leaves the client in its own bundle.
    const load: NodeRequire = require;
    const mod = load(path.join(__dirname, 'client.js')) as typeof import('./client');
    client = mod.startClient(context, statusChanged);
    clientLoadMs = Math.round(performance.now() - t0);
    return client;
  };
  context.subscriptions.push(
    statusChanged,
    // The contributed commands are registered now and run by the client once it is loaded.
    ...contributedCommands(context).map((id) => vscode.commands.registerCommand(id, (...args: unknown[]) => start().run(id, args))),
    vscode.window.registerWebviewPanelSerializer(MEMORY_MAP_VIEW, { deserializeWebviewPanel: async (panel) => start().revive(panel) }),
  );
  const isTopology = (d: vscode.TextDocument): boolean => d.languageId === LANGUAGE_ID;
  if (vscode.workspace.textDocuments.some(isTopology)) setImmediate(start);
  else {
    const opened = vscode.workspace.onDidOpenTextDocument((d) => {
      if (!isTopology(d)) return;
      opened.dispose();
      start();
    });
    context.subscriptions.push(opened);
    // After activation returns: the check reads a few files.
    setImmediate(() => void topologyWorkspace().then((yes) => yes && start(), () => undefined));
  }
  const evaluationMs = typeof __tplgBundleStart === 'number' && typeof __tplgBundleEnd === 'number' ? __tplgBundleEnd - __tplgBundleStart : 0;
  const activationMs = Math.round(evaluationMs + performance.now() - activateStart);
  return {
    whenIdle: () => start().whenIdle(),
    state: () => client?.state(),
    status: () => client?.status(),
    onDidChangeStatus: statusChanged.event,
    activatedAt: Date.now(),
    activationMs,
    clientLoadMs: () => clientLoadMs,
  };
}
