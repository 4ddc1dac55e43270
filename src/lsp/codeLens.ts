// CodeLens above pipelines and DP widgets with their budget, from the latest simulation. The
// command is the VS Code extension's report command; other clients show the title only.
import type { CodeLens, Range } from 'vscode-languageserver';
import { budgetLine, widgetInfo } from './lookup';
import type { Session } from './session';

export const LENS_COMMAND = 'sofTopology.simulate';

export function budgetLenses(session: Session, file: string): CodeLens[] {
  const state = session.state;
  const res = state?.resolved?.result;
  const sim = state?.simulated?.simulation;
  if (!res || !sim) return [];
  const lenses: CodeLens[] = [];
  const at = (line: number): Range => ({ start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } });
  const lens = (line: number, title: string): CodeLens => ({ range: at(line), command: { title, command: LENS_COMMAND } });
  for (const p of res.pipelines) {
    if (p.range?.file !== file) continue;
    const reports = sim.widgets.filter((r) => r.pipelineId === p.index);
    const dp = reports.filter((r) => r.domain === 'DP').length;
    const region = sim.vregions.find((v) => v.kind === 'pipeline' && v.owner === p.name);
    lenses.push(lens(p.range.line, `pipeline ${p.index}: ${p.widgets.length} widgets` + (dp ? `, ${dp} DP` : '') + (region ? ` · vregion ${region.pages} pages` : '')));
  }
  for (const w of res.widgets) {
    if (w.range?.file !== file) continue;
    const info = widgetInfo(w, sim);
    if (info.report?.domain !== 'DP') continue;
    lenses.push(lens(w.range.line, `${w.name}: ${budgetLine(info)}`));
  }
  return lenses;
}
