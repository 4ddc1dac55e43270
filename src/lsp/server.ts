// The tplg-budget language server: the engine's analysis of the active build context served over
// the Language Server Protocol (pushed diagnostics, hover, navigation, completion, rename, quick
// fixes, inlay hints, CodeLens), plus the few custom requests of ext.ts for the VS Code
// extension's memory map, pickers, status bar and export. Every handler answers malformed input
// with an empty result or an error response; nothing a client sends can end the process.
import { isTargetList } from '../core/targets/buildTargets';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver';
import { compareDeviceLog } from '../core/memory/compareLog';
import { FIRMWARE_MODELS, isFirmwareModel, type FirmwareModelId } from '../core/memory/models';
import { loadProfiles } from '../core/memory/profiles';
import { pickReasonText } from '../core/targets/buildTargets';
import { AnalysisWorker } from './analysis';
import { BuildContexts, topologyRootOf, whatIfSettings, workspaceProfilesYaml, workspaceRuleConfig } from './buildContext';
import { budgetLenses } from './codeLens';
import { AttributeCompletion } from './completion';
import { DiagnosticsView } from './diagnostics';
import { Documents, realPath, uriToPath, useClientFolders } from './documents';
import * as ext from './ext';
import { TopologyHover } from './hover';
import { budgetInlayHints } from './inlayHints';
import { IncludeLinks, TopologyDefinitions, TopologyReferences, TopologySymbols, TopologyWorkspaceSymbols } from './navigation';
import { DefineRename } from './rename';
import { Session } from './session';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { SyntaxCache } from './syntaxCache';
import { findTargets } from './targets';

export const SERVER_NAME = 'tplg-budget';

interface TextPosition {
  textDocument?: { uri?: unknown };
  position?: Position;
}

/** The file a request is about, when its params name a `file:` document. */
function fileOf(params: unknown): string | undefined {
  const uri = (params as TextPosition | undefined)?.textDocument?.uri;
  return typeof uri === 'string' ? uriToPath(uri) : undefined;
}

function positionOf(params: unknown): Position | undefined {
  const p = (params as TextPosition | undefined)?.position;
  if (!p || typeof p !== 'object') return undefined;
  const line = Number(p.line);
  const character = Number(p.character);
  return Number.isFinite(line) && Number.isFinite(character) ? { line: Math.max(0, Math.floor(line)), character: Math.max(0, Math.floor(character)) } : undefined;
}

function isTarget(t: unknown): t is ext.Target {
  if (!t || typeof t !== 'object') return false;
  const o = t as Record<string, unknown>;
  return typeof o.name === 'string' && typeof o.input === 'string' && typeof o.defines === 'string';
}

function isSelection(v: unknown): v is ext.Selection {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  const t = s.target;
  const targetOk = t === undefined || t === null || isTarget(t);
  const byFileOk = s.byFile === undefined || s.byFile === null || (typeof s.byFile === 'object' && Object.values(s.byFile).every((x) => x === null || isTarget(x)));
  return targetOk && byFileOk && (s.platform === undefined || s.platform === null || typeof s.platform === 'string') && (s.model === undefined || s.model === null || typeof s.model === 'string');
}

function cleanTarget(t: ext.Target): ext.Target {
  return { name: t.name, input: realPath(t.input), defines: t.defines, ...(typeof t.list === 'string' ? { list: t.list } : {}) };
}

function cleanSelection(s: ext.Selection): ext.Selection {
  const t = s.target;
  const byFile = s.byFile ? Object.fromEntries(Object.entries(s.byFile).map(([file, x]) => [realPath(file), x ? cleanTarget(x) : null])) : undefined;
  return {
    ...(t ? { target: cleanTarget(t) } : {}),
    ...(byFile ? { byFile } : {}),
    ...(s.platform ? { platform: s.platform } : {}),
    ...(s.model && isFirmwareModel(s.model) ? { model: s.model } : {}),
  };
}

export function startServer(connection: Connection, options: { onDrainedRepublish?: (republish: () => void) => void } = {}): void {
  let settings: Settings = DEFAULT_SETTINGS;
  /** The initialization options over the defaults: what configuration updates start from. */
  let initSettings: Settings = DEFAULT_SETTINGS;
  let folders: string[] = [];
  let caps: ClientCapabilities = {};
  let clientTracksActive = false;
  /**
   * What the server sends on its own: after the client's input closed (requests still being
   * answered) the connection refuses it, and a throw here must not stop the analysis that the
   * pending requests wait for.
   */
  const send = (fn: () => unknown): void => {
    try {
      const r = fn();
      if (r instanceof Promise) r.catch(() => undefined);
    } catch {
      // the connection closed
    }
  };
  const log = (line: string): void => send(() => connection.console.log(line));

  const documents = new Documents();
  const analyzer = new AnalysisWorker(path.join(__dirname, 'analysisWorker.js'), log);
  const contexts = new BuildContexts(() => settings);
  const diagnostics = new DiagnosticsView();
  const syntax = new SyntaxCache(documents);
  let lastStatusVersion = -1;
  let lastStatusBusy = false;

  // The workspace's config.json and profiles.yaml, read again only when a watched file changes
  // (not on every publish and analysis).
  let ruleConfig: ReturnType<typeof workspaceRuleConfig> | null = null;
  let profilesYaml: ReturnType<typeof workspaceProfilesYaml> | null = null;
  const workspaceRules = (): ReturnType<typeof workspaceRuleConfig> => (ruleConfig === null ? (ruleConfig = workspaceRuleConfig(folders)) : ruleConfig);
  const workspaceProfiles = (): ReturnType<typeof workspaceProfilesYaml> => (profilesYaml === null ? (profilesYaml = workspaceProfilesYaml(folders)) : profilesYaml);

  /** What each URI was last sent: an unchanged list is not sent again (a target reads ~100 files). */
  const sent = new Map<string, string>();
  const publish = (): void => {
    const state = session.state;
    const byUri = diagnostics.compute(state, settings.diagnostics.scope === 'openFiles', (f) => !!documents.get(f), workspaceRules());
    for (const [uri, list] of byUri) {
      const text = JSON.stringify(list);
      if (sent.get(uri) === text) continue;
      if (list.length) sent.set(uri, text);
      else sent.delete(uri);
      send(() => connection.sendDiagnostics({ uri, diagnostics: list }));
    }
  };
  const status = (): ext.AnalysisStatus => {
    const s = session.state;
    const r = s?.resolved;
    const sim = s?.simulated;
    return {
      version: s?.version ?? 0,
      busy: session.busy,
      ...(s ? { context: s.context, reasonText: pickReasonText(s.context.reason) } : {}),
      ...(r ? { resolved: { resolveMs: r.resolveMs, widgets: r.result.widgets.length, pipelines: r.result.pipelines.length, diagnostics: r.result.diagnostics.length, failed: r.result.failed } } : {}),
      ...(sim
        ? {
            simulated: {
              simulateMs: sim.simulateMs,
              ...(sim.problem ? { problem: sim.problem } : {}),
              ...(sim.whatIfProblems ? { whatIfProblems: sim.whatIfProblems } : {}),
              ...(sim.simulation ? { pool: { peakUsedPages: sim.simulation.pool.peakUsedPages, totalPages: sim.simulation.pool.totalPages, pageSize: sim.simulation.pool.pageSize } } : {}),
              findings: sim.simulation?.findings.length ?? 0,
              errors: sim.simulation?.findings.filter((f) => f.severity === 'error').length ?? 0,
            },
          }
        : {}),
      ...(s?.error ? { error: s.error } : {}),
    };
  };
  const refreshViews = (): void => {
    if (caps.workspace?.codeLens?.refreshSupport) send(() => connection.sendRequest('workspace/codeLens/refresh'));
    if (caps.workspace?.inlayHint?.refreshSupport) send(() => connection.sendRequest('workspace/inlayHint/refresh'));
  };

  const session: Session = new Session({
    analyzer,
    contexts,
    documents,
    delayMs: () => settings.analysisDelayMs,
    profilesYaml: () => workspaceProfiles(),
    whatIf: () => whatIfSettings(settings, folders),
    log,
    changed: (state) => {
      const version = state?.version ?? 0;
      const contentChanged = version !== lastStatusVersion;
      if (!contentChanged && session.busy === lastStatusBusy) return;
      lastStatusVersion = version;
      lastStatusBusy = session.busy;
      if (contentChanged) {
        publish();
        refreshViews();
      }
      send(() => connection.sendNotification(ext.analysisStatus, status()));
    },
  });
  options.onDrainedRepublish?.(() => {
    // Notifications were dropped while the client did not read: send everything again.
    sent.clear();
    publish();
    send(() => connection.sendNotification(ext.analysisStatus, status()));
  });

  const hover = new TopologyHover(session, syntax);
  const symbols = new TopologySymbols(syntax);
  const links = new IncludeLinks(syntax, session);
  const definitions = new TopologyDefinitions(syntax, session);
  const references = new TopologyReferences(syntax, session);
  const workspaceSymbols = new TopologyWorkspaceSymbols(syntax, session);
  const completion = new AttributeCompletion(syntax, session);
  const rename = new DefineRename(syntax, session, () => folders, () => !!caps.workspace?.workspaceEdit?.documentChanges && !!caps.workspace.workspaceEdit.changeAnnotationSupport);

  /** Runs a request handler; a throw becomes an empty answer (logged), except deliberate refusals. */
  function guard<P, R>(name: string, empty: R, fn: (params: P) => R): (params: P) => R {
    return (params: P) => {
      try {
        return fn(params);
      } catch (e) {
        if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'number') throw e;
        log(`${name} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        return empty;
      }
    };
  }
  const atFile = <R>(name: string, empty: R, fn: (file: string, pos: Position, params: unknown) => R) =>
    guard<unknown, R>(name, empty, (params) => {
      const file = fileOf(params);
      const pos = positionOf(params);
      return file && pos ? fn(file, pos, params) : empty;
    });
  /** topology2 folders whose lists were read: a file of another tree reads its lists too. */
  const roots = new Set<string>();
  /** The workspace's own targets: what a target name (setting, command argument) means. */
  let workspaceTargets: ext.Target[] = [];
  /**
   * The targets automatic picks choose from: the workspace's, then those of other topology2 trees
   * files were opened from; read again when a list changes.
   */
  const loadTargets = (): void => {
    for (const f of [session.active, contexts.selection.target?.input]) if (f) roots.add(topologyRootOf(f));
    workspaceTargets = findTargets(folders, [], log);
    const key = (t: ext.Target): string => `${t.name}\0${t.input}\0${t.defines}`;
    const seen = new Set(workspaceTargets.map(key));
    contexts.targets = [...workspaceTargets, ...findTargets([], [...roots], log).filter((t) => !seen.has(key(t)))];
    if (settings.buildTarget) pinTarget();
  };
  const noteActive = (file: string): void => {
    if (!roots.has(topologyRootOf(file))) {
      roots.add(topologyRootOf(file));
      loadTargets();
    }
  };
  const pinTarget = (): void => {
    const name = settings.buildTarget;
    if (!name) {
      contexts.pinned = undefined;
      return;
    }
    const t = workspaceTargets.find((x) => x.name === name) ?? contexts.targets.find((x) => x.name === name);
    if (!t) log(`sofTopology.buildTarget: no target named ${name} in the tplg-targets*.cmake lists`);
    contexts.pinned = t;
  };
  const applySettings = (raw: unknown): void => {
    const before = settings.buildTarget;
    settings = readSettings(raw, initSettings);
    if (settings.buildTarget !== before || (settings.buildTarget && !contexts.pinned)) pinTarget();
    session.schedule(0);
  };
  const pullSettings = async (): Promise<void> => {
    if (!caps.workspace?.configuration) return;
    try {
      const [section] = await connection.workspace.getConfiguration([{ section: 'sofTopology' }]);
      // A client with no such section (most editors but VS Code) keeps the initialization options.
      if (section && typeof section === 'object') applySettings(section);
    } catch (e) {
      log(`workspace/configuration failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    caps = params.capabilities ?? {};
    // As the client names them (a folder may be a link), then by their real paths.
    const named = (uri: string): string | undefined => (uri.startsWith('file:') ? uriToPath(uri) && fileURLToPath(uri) : undefined);
    const fromFolders = (params.workspaceFolders ?? []).map((f) => (typeof f?.uri === 'string' ? named(f.uri) : undefined)).filter((p): p is string => !!p);
    const root = typeof params.rootUri === 'string' ? named(params.rootUri) : params.rootPath ?? undefined;
    folders = useClientFolders(fromFolders.length ? fromFolders : root ? [root] : []);
    ruleConfig = null;
    profilesYaml = null;
    const init = (params.initializationOptions ?? {}) as Record<string, unknown>;
    settings = initSettings = readSettings(init);
    const sel = init.selection;
    if (isSelection(sel)) contexts.selection = cleanSelection(sel);
    loadTargets();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: [' '] },
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
      },
      serverInfo: { name: SERVER_NAME },
    };
  });

  connection.onInitialized(() => {
    // The worker starts now, not with the first file; and in a workspace with build targets, it
    // resolves the one a first file most likely uses meanwhile.
    const likely = contexts.selectedTarget ?? workspaceTargets[0];
    session.warmUp(likely && contexts.withPlatform(likely, contexts.selection.target ? 'chosen' : 'input'));
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'sofTopology' }).catch(() => undefined);
    }
    // Target lists and the workspace's rule and profile files change what is analysed and shown.
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      const watchers = ['**/tplg-targets*.cmake', '**/.tplg-budget/config.json', '**/.tplg-budget/profiles.yaml'].map((globPattern) => ({ globPattern }));
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
    }
    void pullSettings();
  });
  connection.onDidChangeConfiguration((p) => {
    // Push-style clients send the settings; pull-style ones (VS Code) are asked again.
    if (caps.workspace?.configuration) void pullSettings();
    else applySettings(p?.settings);
  });

  connection.onDidChangeWatchedFiles((p) => {
    const files = (Array.isArray(p?.changes) ? p.changes : []).map((c) => (typeof c?.uri === 'string' ? uriToPath(c.uri) : undefined)).filter((f): f is string => !!f);
    if (!files.length) return;
    ruleConfig = null;
    profilesYaml = null;
    if (files.some((f) => isTargetList(path.basename(f)))) {
      loadTargets();
    }
    session.schedule(0);
  });

  connection.onDidOpenTextDocument((p) => {
    const d = p?.textDocument;
    const file = d && uriToPath(d.uri);
    if (!file || typeof d.text !== 'string') return;
    documents.didOpen(file, d.uri, String(d.languageId ?? ''), Number(d.version) || 0, d.text);
    if (!clientTracksActive) session.active = file;
    if (file === session.active) noteActive(file);
    if (file === session.active || session.reads(file)) session.schedule(0);
  });
  connection.onDidChangeTextDocument((p) => {
    const file = fileOf(p);
    if (!file || !Array.isArray(p.contentChanges)) return;
    const changes = p.contentChanges.filter((c) => c && typeof c.text === 'string');
    if (!documents.didChange(file, Number(p.textDocument.version) || 0, changes)) return;
    if (!clientTracksActive) session.active = file;
    if (changes.length && session.reads(file)) session.schedule();
  });
  connection.onDidSaveTextDocument((p) => {
    const file = fileOf(p);
    if (!file) return;
    documents.didSave(file);
    if (session.reads(file)) session.schedule(0);
  });
  connection.onDidCloseTextDocument((p) => {
    const file = fileOf(p);
    if (!file) return;
    documents.didClose(file);
    if (session.reads(file)) session.schedule();
  });

  connection.onHover(atFile('hover', null, (file, pos) => hover.hover(file, pos)));
  connection.onDefinition(atFile('definition', null, (file, pos) => definitions.definition(file, pos)));
  connection.onReferences(atFile('references', null, (file, pos) => references.references(file, pos)));
  connection.onDocumentSymbol(guard('documentSymbol', [], (p) => {
    const file = fileOf(p);
    return file ? symbols.symbols(file) : [];
  }));
  connection.onDocumentLinks(guard('documentLink', [], (p) => {
    const file = fileOf(p);
    return file ? links.links(file) : [];
  }));
  connection.onWorkspaceSymbol(guard('workspaceSymbol', [], (p) => workspaceSymbols.symbols(typeof p?.query === 'string' ? p.query : '')));
  connection.onCompletion(atFile('completion', null, (file, pos) => completion.complete(file, pos)));
  connection.onPrepareRename(atFile('prepareRename', null, (file, pos) => rename.prepare(file, pos)));
  connection.onRenameRequest((p, token) => guard('rename', null, () => {
    const file = fileOf(p);
    const pos = positionOf(p);
    return file && pos ? rename.rename(file, pos, p.newName, token) : null;
  })(p));
  connection.onCodeAction(guard('codeAction', [], (p) => {
    const uri = p?.textDocument?.uri;
    if (typeof uri !== 'string' || !p.range?.start || !p.range?.end) return [];
    return diagnostics.actions(uri, p.range, p.context?.diagnostics ?? []);
  }));
  connection.onCodeLens(guard('codeLens', [], (p) => {
    const file = fileOf(p);
    return file ? budgetLenses(session, file) : [];
  }));
  connection.languages.inlayHint.on(guard('inlayHint', [], (p) => {
    const file = fileOf(p);
    if (!file || !p.range?.start || !p.range?.end || !settings.inlayHints) return [];
    return budgetInlayHints(session, file, p.range);
  }));

  connection.onRequest(ext.analysis, async (p) => {
    if (p?.waitIdle) await session.whenIdle();
    return session.state ?? null;
  });
  connection.onNotification(ext.setSelection, (p) => {
    if (!isSelection(p)) return log('tplgBudget/setSelection: malformed selection ignored');
    contexts.selection = cleanSelection(p);
    if (contexts.selection.target) noteActive(contexts.selection.target.input);
    session.schedule(0);
  });
  connection.onNotification(ext.setActiveDocument, (p) => {
    clientTracksActive = true;
    const file = typeof p?.uri === 'string' ? uriToPath(p.uri) : undefined;
    if (!file || file === session.active) return;
    session.active = file;
    noteActive(file);
    session.schedule(0);
  });
  connection.onNotification(ext.wantPreprocessed, (p) => session.wantPreprocessed(!!p?.on));
  connection.onRequest(ext.targets, guard('tplgBudget/targets', [], (p) => findTargets(folders, typeof p?.near === 'string' ? [topologyRootOf(realPath(p.near))] : [], log)));
  // The profiles, parsed again only when the workspace's profiles.yaml changes.
  let profileSet: { yaml: string | undefined; set: ReturnType<typeof loadProfiles> } | undefined;
  const profiles = (): ReturnType<typeof loadProfiles> => {
    const yaml = workspaceProfiles();
    if (!profileSet || profileSet.yaml !== yaml) profileSet = { yaml, set: loadProfiles(yaml) };
    return profileSet.set;
  };
  const choices = guard<void, ext.Choices>('tplgBudget/choices', { platforms: [], models: [] }, () => ({
    platforms: profiles().profiles.map((p) => ({ id: p.id, name: p.name, ace: p.ace, source: p.source })),
    models: Object.entries(FIRMWARE_MODELS).map(([id, description]) => ({ id: id as FirmwareModelId, description })),
  }));
  connection.onRequest(ext.choices, () => choices());
  connection.onRequest(ext.simulateWith, async (p: ext.SimulateWithParams): Promise<ext.SimulateWithResult | null> => {
    const state = session.state;
    if (!state) return null;
    if (!p || typeof p.platform !== 'string' || !isFirmwareModel(p.model)) return { problem: `unknown firmware model ${String(p?.model)}` };
    const deep = p.deepBuffers === 'off' || p.deepBuffers === 'exact' || p.deepBuffers === 'ladder' ? { deepBuffers: p.deepBuffers } : {};
    const input = { context: state.context, overlays: documents.overlays(), profilesYaml: workspaceProfiles(), whatIf: { ...whatIfSettings(settings, folders), ...deep } };
    try {
      const { resolved, resolvedId } = await analyzer.resolve(input);
      const simulated = await analyzer.simulate(input, resolvedId, p.platform, p.model);
      return { resolved: resolved.result, ...(simulated.simulation ? { simulation: simulated.simulation } : {}), ...(simulated.problem ? { problem: simulated.problem } : {}) };
    } catch (e) {
      return { problem: e instanceof Error ? e.message : String(e) };
    }
  });

  connection.onRequest(ext.compareDeviceLog, guard('tplgBudget/compareDeviceLog', null, (p) => {
    const sim = session.state?.simulated?.simulation;
    return sim && typeof p?.text === 'string' ? compareDeviceLog(p.text, sim) : null;
  }));

  connection.onShutdown(() => {
    session.dispose();
    analyzer.dispose();
  });
  connection.listen();
}
