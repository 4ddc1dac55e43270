// A plain-text memory report for the output channel (the webview memory map is separate).
import type { AnalysisState } from './session';
import { bytes } from './lookup';

export function reportText(state: AnalysisState): string {
  const c = state.context;
  const lines = [`SOF topology memory report: ${c.target.name}`, `  input    ${c.target.input}`, `  defines  ${c.target.defines || '(none)'}`,
    `  platform ${c.platform} (${c.platformSource}), firmware model ${c.model}`];
  const r = state.resolved;
  if (r) {
    lines.push(`  resolved in ${r.resolveMs.toFixed(0)} ms: ${r.result.widgets.length} widgets, ${r.result.pipelines.length} pipelines, ` +
      `${r.result.diagnostics.length} diagnostics${r.result.failed ? ' (the reference compiler would fail)' : ''}`);
  }
  const s = state.simulated;
  if (s?.problem) lines.push(`  simulation skipped: ${s.problem}`);
  const sim = s?.simulation;
  if (sim) {
    lines.push(`  simulated in ${s.simulateMs.toFixed(0)} ms (${sim.cycles} stop/start cycles): ${sim.modelDescription}`);
    const p = sim.pool;
    lines.push('', p.unusable ? `vpage pool: unusable: ${p.unusable}` :
      `vpage pool: ${p.totalPages} pages of ${p.pageSize} B; peak ${p.peakUsedPages} used, ${p.peakAllocs}/${p.maxAllocs} allocations`);
    if (sim.vregions.length) {
      lines.push('', 'vregions:');
      for (const v of sim.vregions) {
        lines.push(`  #${v.id} ${v.owner} (${v.kind}, ${v.layout}): pages ${v.firstPage}+${v.pages}, lifetime.used ${bytes(v.firmwareLifetimeUsed)}${v.firmwareLifetimeUsed === v.lifetimeUsed ? '' : ` (objects ${bytes(v.lifetimeUsed)})`}, interim ${bytes(v.interimPeak)}/${bytes(v.interimSize)}`);
      }
    }
    const dp = sim.widgets.filter((w) => w.domain === 'DP');
    if (dp.length) {
      lines.push('', 'DP widgets (declared -> inferred):');
      for (const w of dp) {
        lines.push(`  ${w.name} core ${w.core}: heap ${bytes(w.declared.heapBytes)} -> ${bytes(w.inferred.heapBytes)}, stack ${bytes(w.declared.stackBytes)} -> ${bytes(w.inferred.stackBytes)}` +
          (w.vregion !== undefined ? `, vregion #${w.vregion}` : ''));
      }
    }
    lines.push('', `findings (${sim.findings.length}):`);
    for (const f of sim.findings) {
      const at = f.range ? `${f.range.file}:${f.range.line}:${f.range.col}` : '';
      lines.push(`  ${f.severity} ${f.code} ${f.message}${at ? `  [${at}]` : ''}${f.suggested !== undefined ? ` (suggested ${f.attribute} ${f.suggested})` : ''}`);
    }
    if (sim.estimates.length) lines.push('', 'estimates:', ...sim.estimates.map((e) => `  ${e}`));
  }
  if (state.error) lines.push(`analysis failed: ${state.error}`);
  return lines.join('\n') + '\n';
}
