// Status bar: the build context in use and how much of the vpage pool the simulation used.
import * as vscode from 'vscode';
import type { AnalysisStatus } from '../lsp/ext';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sofTopology.context', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'SOF Topology build context';
    this.item.command = 'sofTopology.selectTarget';
  }

  show(state: AnalysisStatus | undefined, activeIsTopology: boolean): void {
    if (!state?.context) {
      if (!activeIsTopology) return this.item.hide();
      this.item.text = '$(circuit-board) SOF: select build target';
      this.item.tooltip = 'No build target reads this file yet: click to select one.';
      this.item.backgroundColor = undefined;
      return this.item.show();
    }
    const c = state.context;
    const sim = state.simulated;
    const pool = sim?.pool;
    const failed = state.resolved?.failed || state.error;
    let budget = '';
    if (pool) budget = pool.totalPages ? ` · ${pool.peakUsedPages}/${pool.totalPages} pages` : ' · no vpage pool';
    const errors = sim?.errors ?? 0;
    const icon = failed || errors ? '$(error)' : state.simulated && !state.busy ? '$(circuit-board)' : '$(sync~spin)';
    const auto = c.reason === 'chosen' ? '' : ' (auto)';
    this.item.text = `${icon} ${c.target.name}${auto} · ${c.platform}/${c.model}${budget}`;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${c.target.name}**${auto}: ${state.reasonText ?? c.reason}. Click to choose another.\n\n`);
    md.appendMarkdown(`- input: \`${c.target.input}\`\n- defines: \`${c.target.defines || '(none)'}\`\n`);
    md.appendMarkdown(`- platform: \`${c.platform}\` (${c.platformSource})\n- firmware model: \`${c.model}\`\n`);
    const r = state.resolved;
    if (r) md.appendMarkdown(`- resolved in ${r.resolveMs.toFixed(0)} ms: ${r.widgets} widgets, ${r.pipelines} pipelines\n`);
    if (sim) md.appendMarkdown(`- simulated in ${sim.simulateMs.toFixed(0)} ms` + (sim.problem ? `: ${sim.problem}` : '') + '\n');
    for (const p of sim?.whatIfProblems ?? []) md.appendMarkdown(`- what-if setting ignored: ${p}\n`);
    if (pool) md.appendMarkdown(`- peak ${pool.peakUsedPages} of ${pool.totalPages} pages of ${pool.pageSize} B; ${sim?.findings ?? 0} findings\n`);
    this.item.tooltip = md;
    this.item.backgroundColor = failed || errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
