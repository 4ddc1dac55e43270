// Palette commands. Each accepts an argument that skips its quick pick, so keybindings, tasks
// and tests can drive them.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isFirmwareModel } from '../core/memory/models';
import type { Target } from '../lsp/ext';
import type { Picks } from './picks';
import { reportText } from './report';
import type { ResolvedTopologyProvider } from './resolvedView';
import type { AnalysisState, Session } from './session';

export interface CommandDeps {
  picks: Picks;
  session: Session;
  resolved: ResolvedTopologyProvider;
  output: vscode.OutputChannel;
}

const activeFile = (): string | undefined => {
  const d = vscode.window.activeTextEditor?.document;
  return d?.uri.scheme === 'file' ? d.uri.fsPath : undefined;
};

async function selectTarget(deps: CommandDeps, arg?: string | Target): Promise<Target | undefined> {
  if (arg && typeof arg === 'object') {
    await deps.picks.selectTarget(arg);
    return arg;
  }
  const near = activeFile() ?? deps.session.status?.context?.target.input;
  const targets = await deps.session.targets(near);
  if (typeof arg === 'string') {
    const t = targets.find((x) => x.name === arg);
    if (!t) throw new Error(`no build target named ${arg} in the tplg-targets*.cmake lists`);
    await deps.picks.selectTarget(t);
    return t;
  }
  type Item = vscode.QuickPickItem & { target?: Target };
  const here = activeFile();
  const items: Item[] = [{ label: '$(file) Analyse the open file on its own', description: 'no build target' }];
  for (const t of targets) {
    items.push({ label: t.name, description: `${path.basename(t.input)} · ${t.list ?? ''}`, detail: t.defines || undefined, target: t });
  }
  // Targets built from the open file first: that is almost always what the user wants.
  items.sort((a, b) => Number(!!b.target && b.target.input === here) - Number(!!a.target && a.target.input === here));
  const pick = await vscode.window.showQuickPick(items, { title: 'SOF: Select Build Target', matchOnDescription: true, matchOnDetail: true });
  if (!pick) return undefined;
  await deps.picks.selectTarget(pick.target);
  return pick.target;
}

async function selectPlatform(deps: CommandDeps, arg?: string): Promise<void> {
  if (arg !== undefined) return deps.picks.selectPlatform(arg || undefined);
  const items: Array<vscode.QuickPickItem & { id?: string }> = [{ label: 'Automatic', description: "from the target's PLATFORM= define" }];
  for (const p of (await deps.session.choices()).platforms) items.push({ label: p.id, description: `${p.name} (${p.ace})`, detail: p.source, id: p.id });
  const pick = await vscode.window.showQuickPick(items, { title: 'SOF: Select Platform' });
  if (pick) await deps.picks.selectPlatform(pick.id);
}

async function selectModel(deps: CommandDeps, arg?: string): Promise<void> {
  if (arg !== undefined) return deps.picks.selectModel(isFirmwareModel(arg) ? arg : undefined);
  const items = (await deps.session.choices()).models.map((m) => ({ label: m.id, detail: m.description }));
  const pick = await vscode.window.showQuickPick(items, { title: 'SOF: Select Firmware Model' });
  if (pick && isFirmwareModel(pick.label)) await deps.picks.selectModel(pick.label);
}

/** Waits for the current analysis and shows its report; returns the state for callers. */
async function simulate(deps: CommandDeps): Promise<AnalysisState | undefined> {
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
