// The four renderings of one `tplg-budget check` result: compiler lines, JSON, a Markdown
// comment and SARIF.
import type { Analysis } from '../core/analyze';
import type { Diagnostic, Finding } from '../core/model';
import type { SimulationResult } from '../core/memory/simulate';
import { buildSarif, type SarifProblem } from '../core/report/sarif';
import { displayPath } from './format';
import { mdCell, mdCode, mdTable } from './markdown';
import { countText, problemLines } from './problemLines';

export interface CheckReport {
  /** Absolute path of the top-level topology. */
  input: string;
  analysis: Analysis;
  platform?: string;
  platformNote?: string;
  model: string;
  failing: boolean;
  /** With --baseline: the problems it recorded, left out of the report (SARIF marks them unchanged). */
  baselined?: Array<Finding | Diagnostic>;
}

function baselineNote(r: CheckReport): string | undefined {
  const n = r.baselined?.length;
  return r.baselined ? `${n} problem${n === 1 ? '' : 's'} recorded in the baseline not shown; only new ones are reported and fail` : undefined;
}

const problemsOf = (a: Analysis): Array<Finding | Diagnostic> => [...a.findings, ...a.diagnostics];

function where(r: CheckReport): string {
  const s = r.analysis.summary;
  const pages = s.noVregions ? `; ${s.noVregions}` : s.peakPages !== undefined ? `, peak ${s.peakPages} of ${s.totalPages} vpage pages` : '';
  const dp = `${s.pipelines} pipeline${s.pipelines === 1 ? '' : 's'}, ${s.widgets} widgets (${s.dpWidgets} DP)`;
  const on = r.platform && !s.notSimulated ? `on ${r.platform}, model ${r.model}` : `not simulated (${s.notSimulated ?? 'no platform'})`;
  return `${dp}${pages}; ${on}`;
}

export function checkText(r: CheckReport, cwd: string): string {
  const s = r.analysis.summary;
  const lines = problemLines(problemsOf(r.analysis).map((problem) => ({ problem, file: r.input })), cwd);
  if (r.platformNote) lines.push(`tplg-budget: note: ${r.platformNote}`);
  const known = baselineNote(r);
  if (known) lines.push(`tplg-budget: note: ${known}`);
  lines.push(`tplg-budget: ${displayPath(r.input, cwd)}: ${r.failing ? 'FAILED' : 'passed'}: ${countText(s.errors, s.warnings, s.infos)}; ${where(r)}`);
  return lines.join('\n') + '\n';
}

/** The simulation without its event log and allocation traces: what a CI consumer reads. */
function simulationSummary(sim: SimulationResult) {
  return {
    platform: sim.platform,
    model: sim.model,
    modelDescription: sim.modelDescription,
    cycles: sim.cycles,
    pool: sim.pool,
    vregions: sim.vregions.map(({ allocations, ...rest }) => ({ ...rest, allocationCount: allocations.length })),
    widgets: sim.widgets,
    outside: sim.outside,
    estimates: sim.estimates,
    dmaBuffers: sim.dmaBuffers,
    deepBuffers: sim.deepBuffers,
    ...(sim.textPartitions ? { textPartitions: sim.textPartitions } : {}),
  };
}

export function checkJson(r: CheckReport): string {
  const a = r.analysis;
  return (
    JSON.stringify(
      {
        input: r.input,
        platform: r.platform ?? null,
        ...(r.platformNote ? { platformNote: r.platformNote } : {}),
        model: r.model,
        failing: r.failing,
        ...(r.baselined ? { baselined: r.baselined.length } : {}),
        findings: a.findings,
        diagnostics: a.diagnostics,
        summary: a.summary,
        simulation: a.simulation ? simulationSummary(a.simulation) : null,
      },
      null,
      1,
    ) + '\n'
  );
}

const ICON: Record<string, string> = { error: '❌ error', warning: '⚠️ warning', info: 'ℹ️ info' };

export function checkMarkdown(r: CheckReport, root: string): string {
  const s = r.analysis.summary;
  const out = [
    `### ${r.failing ? '❌' : '✅'} tplg-budget check ${mdCode(displayPath(r.input, root))}: ${countText(s.errors, s.warnings, s.infos)}`,
    '',
    `${where(r)}.`,
  ];
  if (r.platformNote) out.push('', `Note: ${r.platformNote}.`);
  const known = baselineNote(r);
  if (known) out.push('', `Note: ${known}.`);
  const problems = problemsOf(r.analysis);
  if (problems.length) {
    const rows = problems.map((p) => [
      ICON[p.severity],
      mdCode(p.code),
      p.range ? mdCell(mdCode(`${displayPath(p.range.file, root)}:${p.range.line}`)) : '',
      mdCell(p.message),
    ]);
    out.push('', mdTable(['Severity', 'Code', 'Location', 'Message'], rows).trimEnd());
  }
  return out.join('\n') + '\n';
}

export function checkSarif(r: CheckReport, root: string, toolVersion: string): string {
  const state: SarifProblem['baselineState'] = r.baselined ? 'new' : undefined;
  const problems: SarifProblem[] = problemsOf(r.analysis).map((problem) => ({ problem, fallback: { file: r.input }, baselineState: state }));
  for (const problem of r.baselined ?? []) problems.push({ problem, fallback: { file: r.input }, baselineState: 'unchanged' });
  const notifications = r.platformNote ? [{ level: 'note' as const, message: r.platformNote }] : [];
  return JSON.stringify(buildSarif(problems, { root, toolVersion, notifications }), null, 1) + '\n';
}
