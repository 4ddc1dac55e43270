// Status bar: the build context in use and how much of the vpage pool the simulation used.
import * as vscode from 'vscode';
import { pickReasonText } from '../core/targets/buildTargets';
import type { AnalysisState } from './session';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sofTopology.context', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'SOF Topology build context';
    this.item.command = 'sofTopology.selectTarget';
  }

  show(state: AnalysisState | undefined, activeIsTopology: boolean): void {
    if (!state) {
      if (!activeIsTopology) return this.item.hide();
      this.item.text = '$(circuit-board) SOF: select build target';
      this.item.tooltip = 'No build target reads this file yet: click to select one.';
      this.item.backgroundColor = undefined;
      return this.item.show();
    }
    const c = state.context;
    const sim = state.simulated?.simulation;
    const failed = state.resolved?.result.failed || state.error;
    let budget = '';
    if (sim) budget = sim.pool.totalPages ? ` · ${sim.pool.peakUsedPages}/${sim.pool.totalPages} pages` : ' · no vpage pool';
    const errors = sim?.findings.filter((f) => f.severity === 'error').length ?? 0;
    const icon = failed || errors ? '$(error)' : state.simulated ? '$(circuit-board)' : '$(sync~spin)';
    const auto = c.reason === 'chosen' ? '' : ' (auto)';
    this.item.text = `${icon} ${c.target.name}${auto} · ${c.platform}/${c.model}${budget}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${c.target.name}**${auto}: ${pickReasonText(c.reason)}. Click to choose another.\n\n`);
    md.appendMarkdown(`- input: \`${c.target.input}\`\n- defines: \`${c.target.defines || '(none)'}\`\n`);
    md.appendMarkdown(`- platform: \`${c.platform}\` (${c.platformSource})\n- firmware model: \`${c.model}\`\n`);
    const r = state.resolved;
    if (r) md.appendMarkdown(`- resolved in ${r.resolveMs.toFixed(0)} ms: ${r.result.widgets.length} widgets, ${r.result.pipelines.length} pipelines\n`);
    if (state.simulated) md.appendMarkdown(`- simulated in ${state.simulated.simulateMs.toFixed(0)} ms` + (state.simulated.problem ? `: ${state.simulated.problem}` : '') + '\n');
    for (const p of state.simulated?.whatIfProblems ?? []) md.appendMarkdown(`- what-if setting ignored: ${p}\n`);
    if (sim) md.appendMarkdown(`- peak ${sim.pool.peakUsedPages} of ${sim.pool.totalPages} pages of ${sim.pool.pageSize} B; ${sim.findings.length} findings\n`);
    this.item.tooltip = md;
    this.item.backgroundColor = failed || errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
