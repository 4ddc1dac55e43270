// Palette commands. Each accepts an argument that skips its quick pick, so keybindings, tasks
// and tests can drive them.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FIRMWARE_MODELS, isFirmwareModel } from '../core/memory/models';
import { loadProfiles } from '../core/memory/profiles';
import { sameTarget, workspaceProfilesYaml, type BuildContexts, type Target } from './buildContext';
import { reportText } from './report';
import type { ResolvedTopologyProvider } from './resolvedView';
import type { AnalysisState, Session } from './session';
import { findTargets } from './targets';

export interface CommandDeps {
  contexts: BuildContexts;
  session: Session;
  resolved: ResolvedTopologyProvider;
  output: vscode.OutputChannel;
}

const activeFile = (): string | undefined => {
  const d = vscode.window.activeTextEditor?.document;
  return d?.uri.scheme === 'file' ? d.uri.fsPath : undefined;
};

async function selectTarget(deps: CommandDeps, arg?: string | Target): Promise<Target | undefined> {
  const here = activeFile();
  if (arg && typeof arg === 'object') {
    await deps.contexts.selectTarget(arg, here);
    return arg;
  }
  const near = here ?? deps.session.state?.context.target.input;
  const targets = await findTargets(near, (l) => deps.output.appendLine(l));
  if (typeof arg === 'string') {
    const t = targets.find((x) => x.name === arg);
    if (!t) throw new Error(`no build target named ${arg} in the tplg-targets*.cmake lists`);
    await deps.contexts.selectTarget(t, here);
    return t;
  }
  const current = deps.session.state?.context;
  const isCurrent = (t?: Target): boolean => !!current && (t ? sameTarget(t, current.target) && !!current.target.list : current.target.list === undefined);
  const mark = (label: string, on: boolean): string => (on ? `$(check) ${label}` : label);
  type Item = vscode.QuickPickItem & { target?: Target };
  const items: Item[] = [{ label: mark('Analyse the open file on its own', isCurrent()), description: 'no build target, no defines' }];
  for (const t of targets) {
    const on = isCurrent(t);
    items.push({
      label: mark(t.name, on),
      description: `${on ? (current?.reason === 'chosen' ? 'current · ' : 'current (auto) · ') : ''}${path.basename(t.input)} · ${t.list ?? ''}`,
      // Whole, one define after another: a picker line is where a user compares two targets.
      detail: t.defines ? t.defines.split(',').join(', ') : '(no defines)',
      target: t,
    });
  }
  // Targets built from the open file first, the current one on top: almost always what is wanted.
  const rank = (i: Item): number => (i.target && isCurrent(i.target) ? 2 : i.target && i.target.input === here ? 1 : 0);
  items.sort((a, b) => rank(b) - rank(a));
  const pick = await vscode.window.showQuickPick(items, { title: `SOF: Select Build Target${here ? ` for ${path.basename(here)}` : ''}`, matchOnDescription: true, matchOnDetail: true });
  if (!pick) return undefined;
  await deps.contexts.selectTarget(pick.target, here);
  return pick.target;
}

async function selectPlatform(deps: CommandDeps, arg?: string): Promise<void> {
  if (arg !== undefined) return deps.contexts.selectPlatform(arg || undefined);
  const chosen = deps.contexts.selectedPlatform;
  const inUse = deps.session.state?.context.platform;
  const mark = (label: string, on: boolean): string => (on ? `$(check) ${label}` : label);
  const items: Array<vscode.QuickPickItem & { id?: string }> = [
    { label: mark('Automatic', !chosen), description: `from the target's PLATFORM= define, else ptl${!chosen && inUse ? ` (now ${inUse})` : ''}` },
  ];
  for (const p of loadProfiles(workspaceProfilesYaml()).profiles) items.push({ label: mark(p.id, chosen === p.id), description: p.name, detail: p.source, id: p.id });
  const pick = await vscode.window.showQuickPick(items, { title: 'SOF: Select Platform' });
  if (pick) await deps.contexts.selectPlatform(pick.id);
}

async function selectModel(deps: CommandDeps, arg?: string): Promise<void> {
  if (arg !== undefined) return deps.contexts.selectModel(isFirmwareModel(arg) ? arg : undefined);
  const inUse = deps.session.state?.context.model;
  const items = Object.entries(FIRMWARE_MODELS).map(([id, detail]) => ({ label: id === inUse ? `$(check) ${id}` : id, id, detail }));
  const pick = await vscode.window.showQuickPick(items, { title: 'SOF: Select Firmware Model' });
  if (pick && isFirmwareModel(pick.id)) await deps.contexts.selectModel(pick.id);
}

/** Waits for the current analysis and shows its report; returns the state for callers. */
async function simulate(deps: CommandDeps): Promise<AnalysisState | undefined> {
  deps.session.schedule(0);
  await deps.session.whenIdle();
  const state = deps.session.state;
  if (!state) {
    void vscode.window.showWarningMessage('SOF: open a topology or select a build target first.');
    return undefined;
  }
  deps.output.appendLine(reportText(state));
  deps.output.show(true);
  return state;
}

/** Writes the current analysis as JSON (target, findings, simulation) to `arg` or a chosen file. */
async function exportReport(deps: CommandDeps, arg?: vscode.Uri): Promise<vscode.Uri | undefined> {
  await deps.session.whenIdle();
  const state = deps.session.state;
  if (!state) {
    void vscode.window.showWarningMessage('SOF: open a topology or select a build target first.');
    return undefined;
  }
  const uri = arg ?? (await vscode.window.showSaveDialog({
    title: 'SOF: Export Memory Report',
    filters: { JSON: ['json'] },
    defaultUri: vscode.Uri.file(path.join(path.dirname(state.context.target.input), `${state.context.target.name}.tplg-budget.json`)),
  }));
  if (!uri) return undefined;
  const report = {
    target: state.context.target,
    platform: state.context.platform,
    model: state.context.model,
    diagnostics: state.resolved?.result.diagnostics ?? [],
    simulation: state.simulated?.simulation,
    simulationProblem: state.simulated?.problem,
  };
  await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(report, null, 2) + '\n', 'utf8'));
  // Said where it went, with a way there; a command run with a path (tests, tasks) stays quiet.
  if (!arg) {
    void vscode.window.showInformationMessage(`SOF: memory report written to ${uri.fsPath}`, 'Open').then((a) => {
      if (a === 'Open') void vscode.window.showTextDocument(uri);
    });
  }
  return uri;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const reg = (id: string, fn: (...args: never[]) => unknown): vscode.Disposable => vscode.commands.registerCommand(id, fn);
  return [
    reg('sofTopology.selectTarget', (arg?: string | Target) => selectTarget(deps, arg)),
    reg('sofTopology.selectPlatform', (arg?: string) => selectPlatform(deps, arg)),
    reg('sofTopology.selectModel', (arg?: string) => selectModel(deps, arg)),
    reg('sofTopology.simulate', () => simulate(deps)),
    reg('sofTopology.showResolvedTopology', () => deps.resolved.show()),
    reg('sofTopology.exportReport', (arg?: vscode.Uri) => exportReport(deps, arg)),
  ];
}
