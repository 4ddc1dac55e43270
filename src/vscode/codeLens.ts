// CodeLens above pipelines and DP widgets with their budget, from the latest simulation.
import * as vscode from 'vscode';
import { budgetLine, widgetInfo } from './lookup';
import type { Session } from './session';

export class BudgetLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly session: Session) {
    this.sub = session.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const state = this.session.state;
    const res = state?.resolved?.result;
    const sim = state?.simulated?.simulation;
    if (!res || !sim) return [];
    const file = doc.uri.fsPath;
    const lenses: vscode.CodeLens[] = [];
    const at = (line: number): vscode.Range => new vscode.Range(line - 1, 0, line - 1, 0);
    for (const p of res.pipelines) {
      if (p.range?.file !== file) continue;
      const reports = sim.widgets.filter((r) => r.pipelineId === p.index);
      const dp = reports.filter((r) => r.domain === 'DP').length;
      const region = sim.vregions.find((v) => v.kind === 'pipeline' && v.owner === p.name);
      const title = `pipeline ${p.index}: ${p.widgets.length} widgets` + (dp ? `, ${dp} DP` : '') + (region ? ` · vregion ${region.pages} pages` : '');
      lenses.push(new vscode.CodeLens(at(p.range.line), { title, command: 'sofTopology.simulate', tooltip: 'Show the memory simulation report' }));
    }
    for (const w of res.widgets) {
      if (w.range?.file !== file) continue;
      const info = widgetInfo(w, sim);
      if (info.report?.domain !== 'DP') continue;
      const title = `${w.name}: ${budgetLine(info)}`;
      lenses.push(new vscode.CodeLens(at(w.range.line), { title, command: 'sofTopology.simulate', tooltip: 'Show the memory simulation report' }));
    }
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
