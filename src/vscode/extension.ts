// Entry point of the VS Code extension: wires thin adapters over src/core. The engine runs in a
// worker thread (dist/analysisWorker.js), so no analysis can block the extension host.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AnalysisClient } from './analysisClient';
import { BuildContexts, topologyRootOf } from './buildContext';
import { BudgetLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { AttributeCompletion } from './completion';
import { DiagnosticsView, ValueFixProvider } from './diagnostics';
import { TopologyHoverProvider } from './hover';
import { BudgetInlayHints } from './inlayHints';
import { LANGUAGE_ID, registerLanguageDetection } from './languageDetect';
import { registerMemoryMap } from './memoryMap/register';
import { DefineRename } from './rename';
import { IncludeLinks, TopologyDefinitions, TopologyReferences, TopologySymbols, TopologyWorkspaceSymbols } from './navigation';
import { RESOLVED_SCHEME, ResolvedTopologyProvider } from './resolvedView';
import { Session, type AnalysisState } from './session';
import { StatusBar } from './statusBar';
import { findTargets } from './targets';
import { SyntaxCache } from './syntaxCache';

/** What activate() returns: lets tests and other extensions wait instead of sleeping. */
export interface TplgBudgetApi {
  /** Resolves when no analysis is scheduled or running. */
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
  const log = (line: string): void => output.appendLine(`[${new Date().toISOString()}] ${line}`);
  const client = new AnalysisClient(path.join(context.extensionPath, 'dist', 'analysisWorker.js'), log);
  const contexts = new BuildContexts(context.workspaceState);
  const session = new Session(client, contexts, log);
  const diagnostics = new DiagnosticsView();
  const status = new StatusBar();
  const lenses = new BudgetLensProvider(session);
  const hints = new BudgetInlayHints(session);
  const resolved = new ResolvedTopologyProvider(session);
  const syntax = new SyntaxCache();
  const selector: vscode.DocumentSelector = [{ language: LANGUAGE_ID, scheme: 'file' }];
  // Opening another top-level file switches what is analysed: the status bar shows it, and the
  // first time a notification says so.
  let analysedInput: string | undefined;
  const announceSwitch = (state: AnalysisState | undefined): void => {
    const input = state?.context.target.input;
    if (!input || input === analysedInput) return;
    const before = analysedInput;
    analysedInput = input;
    if (!before || context.globalState.get<boolean>(SWITCH_ANNOUNCED)) return;
    void context.globalState.update(SWITCH_ANNOUNCED, true);
    const c = state.context;
    const why = c.reason === 'chosen' ? 'the target chosen for it' : c.reason === 'as-written' ? 'no build target, as written' : `${c.target.name}, picked automatically`;
    void vscode.window
      .showInformationMessage(`SOF: now analysing ${path.basename(input)} (${why}). The status bar shows the target in use; click it to choose another.`, 'Select Build Target')
      .then((a) => a && vscode.commands.executeCommand('sofTopology.selectTarget'));
  };
  const refresh = (state: AnalysisState | undefined): void => {
    announceSwitch(state);
    diagnostics.show(state);
    status.show(state, vscode.window.activeTextEditor?.document.languageId === LANGUAGE_ID);
  };

  context.subscriptions.push(
    output, { dispose: () => client.dispose() }, contexts, session, diagnostics, status, lenses, hints, resolved,
    session.onDidChange(refresh),
    vscode.window.onDidChangeActiveTextEditor(() => refresh(session.state)),
    vscode.languages.registerHoverProvider(selector, new TopologyHoverProvider(session, syntax)),
    vscode.languages.registerDocumentSymbolProvider(selector, new TopologySymbols(syntax)),
    vscode.languages.registerDocumentLinkProvider(selector, new IncludeLinks(syntax, session)),
    vscode.languages.registerDefinitionProvider(selector, new TopologyDefinitions(syntax, session)),
    vscode.languages.registerReferenceProvider(selector, new TopologyReferences(syntax, session)),
    vscode.languages.registerRenameProvider(selector, new DefineRename(syntax, session)),
    vscode.languages.registerWorkspaceSymbolProvider(new TopologyWorkspaceSymbols(syntax, session)),
    vscode.languages.registerCompletionItemProvider(selector, new AttributeCompletion(syntax, session), ' '),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.languages.registerInlayHintsProvider(selector, hints),
    vscode.languages.registerCodeActionsProvider(selector, new ValueFixProvider(diagnostics), { providedCodeActionKinds: ValueFixProvider.kinds }),
    vscode.workspace.registerTextDocumentContentProvider(RESOLVED_SCHEME, resolved),
    ...registerCommands({ contexts, session, resolved, output }),
    ...registerMemoryMap(context, session, log),
  );
  // A target pinned in settings needs the CMake lists read; that must not hold up activation.
  const loadPinned = (): void => {
    contexts
      .loadPinned(async (name) => {
        const t = (await findTargets(vscode.window.activeTextEditor?.document.uri.fsPath, log)).find((x) => x.name === name);
        if (!t) log(`sofTopology.buildTarget: no target named ${name} in the tplg-targets*.cmake lists`);
        return t;
      })
      .catch((e: Error) => log(`sofTopology.buildTarget: ${e.message}`));
  };
  loadPinned();
  // The targets automatic picks choose from; read again when a list changes.
  let targetsLoaded = Promise.resolve();
  const roots = new Set<string>();
  const loadTargets = (): void => {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file') roots.add(topologyRootOf(active.fsPath));
    targetsLoaded = findTargets(vscode.window.activeTextEditor?.document.uri.fsPath, log).then(
      (targets) => contexts.setTargets(targets),
      (e: Error) => log(`reading the tplg-targets*.cmake lists: ${e.message}`),
    );
  };
  loadTargets();
  const lists = vscode.workspace.createFileSystemWatcher('**/tplg-targets*.cmake');
  // The rule configuration only changes how results are shown.
  const rules = vscode.workspace.createFileSystemWatcher('**/.tplg-budget/config.json');
  const reshow = (): void => refresh(session.state);
  context.subscriptions.push(rules, rules.onDidChange(reshow), rules.onDidCreate(reshow), rules.onDidDelete(reshow));
  context.subscriptions.push(
    lists, lists.onDidChange(loadTargets), lists.onDidCreate(loadTargets), lists.onDidDelete(loadTargets),
    // A file of another topology2 tree than the workspace's: its lists too.
    vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e?.document.uri.scheme === 'file' && e.document.languageId === LANGUAGE_ID && !roots.has(topologyRootOf(e.document.uri.fsPath))) loadTargets();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sofTopology.buildTarget')) loadPinned();
    }),
  );
  refresh(session.state);
  // Our own share: the bundle's evaluation plus activate(). VS Code's own work between the two
  // (loading the extension's storage) is not ours and varies with what else starts.
  const evaluationMs = typeof __tplgBundleStart === 'number' && typeof __tplgBundleEnd === 'number' ? __tplgBundleEnd - __tplgBundleStart : 0;
  const activationMs = Math.round(evaluationMs + performance.now() - activateStart);
  log(`activated: ${activationMs} ms of our code (bundle evaluation ${Math.round(evaluationMs)} ms, activate() ${Math.round(performance.now() - activateStart)} ms)`);
  return {
    whenIdle: async () => {
      await targetsLoaded;
      await session.whenIdle();
    },
    state: () => session.state,
    activatedAt: Date.now(),
    activationMs,
  };
}
