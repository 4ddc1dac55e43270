// Palette commands. Each accepts an argument that skips its quick pick, so keybindings, tasks
// and tests can drive them. extension.ts registers them at activation and hands them over here
// once the client has started.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isFirmwareModel } from '../core/memory/models';
import { sameTarget, type Target } from '../lsp/ext';
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

const mark = (label: string, on: boolean): string => (on ? `$(check) ${label}` : label);

async function selectTarget(deps: CommandDeps, arg?: string | Target): Promise<Target | undefined> {
  const here = activeFile();
  if (arg && typeof arg === 'object') {
    await deps.picks.selectTarget(arg, here);
    return arg;
  }
  const near = here ?? deps.session.status?.context?.target.input;
  const targets = await deps.session.targets(near);
  if (typeof arg === 'string') {
    const t = targets.find((x) => x.name === arg);
    if (!t) throw new Error(`no build target named ${arg} in the tplg-targets*.cmake lists`);
    await deps.picks.selectTarget(t, here);
    return t;
  }
  const current = deps.session.status?.context;
  const isCurrent = (t?: Target): boolean => !!current && (t ? sameTarget(t, current.target) && !!current.target.list : current.target.list === undefined);
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
  await deps.picks.selectTarget(pick.target, here);
  return pick.target;
}

async function selectPlatform(deps: CommandDeps, arg?: string): Promise<void> {
  if (arg !== undefined) return deps.picks.selectPlatform(arg || undefined);
  const chosen = deps.picks.selectedPlatform;
  const inUse = deps.session.status?.context?.platform;
  const items: Array<vscode.QuickPickItem & { id?: string }> = [
    { label: mark('Automatic', !chosen), description: `from the target's PLATFORM= define, else ptl${!chosen && inUse ? ` (now ${inUse})` : ''}` },
  ];
  for (const p of (await deps.session.choices()).platforms) items.push({ label: mark(p.id, chosen === p.id), description: p.name, detail: p.source, id: p.id });
  const pick = await vscode.window.showQuickPick(items, { title: 'SOF: Select Platform' });
  if (pick) await deps.picks.selectPlatform(pick.id);
}

async function selectModel(deps: CommandDeps, arg?: string): Promise<void> {
  if (arg !== undefined) return deps.picks.selectModel(isFirmwareModel(arg) ? arg : undefined);
  const inUse = deps.session.status?.context?.model;
  const items = (await deps.session.choices()).models.map((m) => ({ label: mark(m.id, m.id === inUse), id: m.id, detail: m.description }));
  const pick = await vscode.window.showQuickPick(items, { title: 'SOF: Select Firmware Model' });
  if (pick && isFirmwareModel(pick.id)) await deps.picks.selectModel(pick.id);
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
  // Said where it went, with a way there; a command run with a path (tests, tasks) stays quiet.
  if (!arg) {
    void vscode.window.showInformationMessage(`SOF: memory report written to ${uri.fsPath}`, 'Open').then((a) => {
      if (a === 'Open') void vscode.window.showTextDocument(uri);
    });
  }
  return uri;
}

export type CommandHandlers = Record<string, (...args: never[]) => unknown>;

export function commandHandlers(deps: CommandDeps): CommandHandlers {
  return {
    'sofTopology.selectTarget': (arg?: string | Target) => selectTarget(deps, arg),
    'sofTopology.selectPlatform': (arg?: string) => selectPlatform(deps, arg),
    'sofTopology.selectModel': (arg?: string) => selectModel(deps, arg),
    'sofTopology.simulate': () => simulate(deps),
    'sofTopology.showResolvedTopology': () => deps.resolved.show(),
    'sofTopology.exportReport': (arg?: vscode.Uri) => exportReport(deps, arg),
  };
}
