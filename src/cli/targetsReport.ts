// Renderings of a sweep over build targets: a summary table for terminals, JSON, a Markdown
// comment for pull requests and SARIF for code scanning.
import * as path from 'node:path';
import type { WorstProblem } from '../core/analyze';
import type { Diagnostic, Finding } from '../core/model';
import { defineValue } from '../core/targets/platform';
import { buildSarif, type SarifNotification, type SarifProblem } from '../core/report/sarif';
import { displayPath } from './format';
import { mdCell, mdCode, mdTable } from './markdown';
import { problemLines, type LineProblem } from './problemLines';
import { isFailing, type FailOn } from './reportOptions';
import { commonProblems, type CommonProblems } from './sweep/commonProblems';
import type { SweepTarget, TargetStatus } from './sweep/types';

export interface SweepReport {
  lists: string[];
  listDiagnostics: Diagnostic[];
  targets: SweepTarget[];
  failOn: FailOn;
  model: string;
  jobs: number;
  seconds: number;
}

function statusOf(t: SweepTarget, failOn: FailOn): TargetStatus {
  if (t.missing) return 'missing';
  if (!t.outcome || t.outcome.crashed || !t.outcome.summary) return 'crashed';
  return isFailing(t.outcome.summary, failOn) ? 'failing' : 'passed';
}

export function sweepFailing(r: SweepReport): boolean {
  return r.listDiagnostics.some((d) => d.severity === 'error') || r.targets.some((t) => ['failing', 'crashed'].includes(statusOf(t, r.failOn)));
}

function totals(r: SweepReport) {
  const by = (s: TargetStatus) => r.targets.filter((t) => statusOf(t, r.failOn) === s).length;
  return { targets: r.targets.length, passed: by('passed'), failing: by('failing'), crashed: by('crashed'), missing: by('missing') };
}

function totalsText(r: SweepReport): string {
  const t = totals(r);
  const analysed = t.targets - t.missing;
  const parts = [`${t.targets} targets in ${r.lists.length} list${r.lists.length === 1 ? '' : 's'}: ${analysed} checked, ${t.failing} failing`];
  if (t.crashed) parts.push(`${t.crashed} crashed`);
  if (t.missing) parts.push(`${t.missing} not checked (input missing)`);
  const known = r.targets.reduce((n, t) => n + (t.outcome?.baselined?.length ?? 0), 0);
  if (r.targets.some((t) => t.outcome?.baselined)) parts.push(`${known} problems recorded in the baseline not shown`);
  return `${parts.join(', ')}; model ${r.model}, ${r.jobs} job${r.jobs === 1 ? '' : 's'}, ${r.seconds.toFixed(1)} s`;
}

function platformLabel(t: SweepTarget): string {
  if (!t.platform) return `none (PLATFORM=${defineValue(t.defines, 'PLATFORM') ?? ''})`;
  return t.platformSource === 'define' || t.platformSource === 'option' ? t.platform : `${t.platform} (${t.platformSource})`;
}

function worstText(w: WorstProblem | undefined, max: number): string {
  if (!w) return '-';
  const s = `${w.severity} ${w.code}: ${w.message}`;
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

interface Row {
  target: SweepTarget;
  platform: string;
  pipelines: string;
  dp: string;
  pages: string;
  worst: string;
}

function rowOf(t: SweepTarget, max: number, common: CommonProblems): Row {
  const s = t.outcome?.summary;
  const worst = common.worstOwn(t);
  const crash = t.outcome?.crashed;
  return {
    target: t,
    platform: platformLabel(t),
    pipelines: s ? String(s.pipelines) : '-',
    dp: s ? String(s.dpWidgets) : '-',
    pages: s?.peakPages !== undefined && s.totalPages ? `${s.peakPages}/${s.totalPages}` : '-',
    worst: crash ? `crashed: ${crash.split('\n')[0]}` : s?.notSimulated && !worst ? `not simulated: ${s.notSimulated}` : worstText(worst, max),
  };
}

/** Problems that fail a target, each tagged with it, for compiler-style lines. */
function failingProblems(r: SweepReport): LineProblem[] {
  const out: LineProblem[] = r.listDiagnostics.filter((d) => d.severity === 'error').map((problem) => ({ problem }));
  const failing = (x: Finding | Diagnostic) => x.severity === 'error' || (r.failOn === 'warning' && x.severity === 'warning');
  for (const t of r.targets) {
    const o = t.outcome;
    if (!o) continue;
    for (const problem of [...o.findings, ...o.diagnostics]) if (failing(problem)) out.push({ problem, file: t.inputPath, target: t.output });
  }
  return out;
}

export function targetsText(r: SweepReport, cwd: string): string {
  const header = ['target', 'platform', 'pipelines', 'DP', 'peak pages', 'worst finding'];
  const common = commonProblems(r.targets);
  const rows = r.targets.filter((t) => !t.missing).map((t) => rowOf(t, 90, common));
  const cells = [header, ...rows.map((x) => [x.target.output, x.platform, x.pipelines, x.dp, x.pages, x.worst])];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const right = [false, false, true, true, true, false];
  const out = cells.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  '));
  const missing = r.targets.filter((t) => t.missing);
  if (missing.length) {
    out.push('', `not checked, input missing (${missing.length} target${missing.length === 1 ? '' : 's'}):`);
    const byInput = new Map<string, SweepTarget[]>();
    for (const t of missing) byInput.set(t.inputPath, [...(byInput.get(t.inputPath) ?? []), t]);
    for (const [input, list] of byInput) {
      out.push(`  ${displayPath(input, cwd)} (${list.length}): ${list.map((t) => `${t.output} (${path.basename(t.list)}${t.line ? `:${t.line}` : ''})`).join(', ')}`);
    }
  }
  if (common.problems.length) {
    out.push('', `in every one of the ${common.targets} checked targets (not repeated above):`, ...problemLines(common.problems.map((problem) => ({ problem })), cwd));
  }
  for (const d of r.listDiagnostics.filter((x) => x.severity !== 'error')) out.push(...problemLines([{ problem: d }], cwd));
  const lines = problemLines(failingProblems(r), cwd);
  if (lines.length) out.push('', ...lines);
  out.push('', `tplg-budget: ${totalsText(r)}`);
  return out.join('\n') + '\n';
}

export function targetsJson(r: SweepReport): string {
  return (
    JSON.stringify(
      {
        lists: r.lists.map((file) => ({ file, targets: r.targets.filter((t) => t.list === file).length })),
        listDiagnostics: r.listDiagnostics,
        targets: r.targets.map((t) => ({
          output: t.output,
          input: t.input,
          defines: t.defines,
          list: t.list,
          line: t.line ?? null,
          status: statusOf(t, r.failOn),
          platform: t.platform ?? null,
          platformSource: t.platformSource,
          ...(t.platformNote ? { platformNote: t.platformNote } : {}),
          summary: t.outcome?.summary ?? null,
          findings: t.outcome?.findings ?? [],
          diagnostics: t.outcome?.diagnostics ?? [],
          ...(t.outcome?.crashed ? { crashed: t.outcome.crashed } : {}),
          ...(t.outcome?.baselined ? { baselined: t.outcome.baselined.length } : {}),
          ms: t.outcome ? Math.round(t.outcome.ms) : null,
        })),
        summary: { ...totals(r), failOn: r.failOn, model: r.model, jobs: r.jobs, seconds: Number(r.seconds.toFixed(2)) },
      },
      null,
      1,
    ) + '\n'
  );
}

const RANK: Record<string, number> = { crashed: 0, failing: 1, passed: 2 };

/** GitHub refuses comments over 65,536 characters; tables stop a little before. */
const MARKDOWN_BUDGET = 60_000;

export function targetsMarkdown(r: SweepReport, root: string): string {
  const t = totals(r);
  const bad = t.failing + t.crashed;
  const out = [`### ${bad ? '❌' : '✅'} tplg-budget targets: ${bad ? `${bad} failing` : 'all passing'}`, '', `${totalsText(r)}.`];
  let left = MARKDOWN_BUDGET;
  /** A table with as many rows as the budget allows, and a line saying how many were left out. */
  const table = (header: string[], rows: string[][], align?: Array<'l' | 'r'>): string => {
    const fitted: string[][] = [];
    for (const row of rows) {
      const size = row.join(' | ').length + 4;
      if (size > left) break;
      left -= size;
      fitted.push(row);
    }
    const more = rows.length - fitted.length;
    const note = `_${more} more not shown (comment size limit); \`--format json\` lists every target._`;
    if (!fitted.length) return note;
    return mdTable(header, fitted, align).trimEnd() + (more ? `\n\n${note}` : '');
  };
  const common = commonProblems(r.targets);
  const targetTable = (rows: Row[]) =>
    table(
      ['Target', 'Platform', 'Pipelines', 'DP widgets', 'Pages at peak', 'Worst finding'],
      rows.map((x) => [mdCode(x.target.output), x.platform, x.pipelines, x.dp, x.pages, mdCell(x.worst)]),
      ['l', 'l', 'r', 'r', 'r', 'l'],
    );
  const details = (summary: string, body: string) => ['', `<details><summary>${summary}</summary>`, '', body, '', '</details>'];
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const checked = r.targets.filter((x) => !x.missing).map((x) => ({ t: x, s: statusOf(x, r.failOn) }));
  const failing = checked.filter((x) => x.s !== 'passed').sort((a, b) => RANK[a.s] - RANK[b.s]);
  const warned = checked.filter((x) => x.s === 'passed' && x.t.outcome?.summary?.warnings);
  const quiet = checked.filter((x) => x.s === 'passed' && !x.t.outcome?.summary?.warnings);
  const missing = new Map<string, SweepTarget[]>();
  for (const x of r.targets.filter((y) => y.missing)) missing.set(x.input, [...(missing.get(x.input) ?? []), x]);
  // Tables take the budget in order of importance, and print in reading order.
  const failingTable = failing.length ? targetTable(failing.map((x) => rowOf(x.t, 160, common))) : '';
  const missingTable = missing.size ? table(['Input', 'Targets'], [...missing].map(([input, list]) => [mdCell(mdCode(input)), list.map((x) => mdCode(x.output)).join(', ')])) : '';
  const warnedTable = warned.length ? targetTable(warned.map((x) => rowOf(x.t, 90, common))) : '';
  const quietTable = quiet.length ? targetTable(quiet.map((x) => rowOf(x.t, 90, common))) : '';
  if (common.problems.length) {
    out.push('', `In every one of the ${common.targets} checked targets (not repeated in the tables):`, '');
    for (const p of common.problems) out.push(`- ${p.severity} ${mdCode(p.code)}${p.range ? ` ${mdCode(`${displayPath(p.range.file, root)}:${p.range.line}`)}` : ''}: ${mdCell(p.message)}`);
  }
  if (failingTable) out.push('', failingTable);
  if (warnedTable) out.push(...details(`${plural(warned.length, 'passing target')} with warnings`, warnedTable));
  if (quietTable) out.push(...details(`${plural(quiet.length, 'target')} without errors or warnings`, quietTable));
  if (missingTable) out.push(...details(`${plural(t.missing, 'target')} not checked: input missing`, missingTable));
  const listProblems = r.listDiagnostics.map((d) => `- ${d.severity} ${mdCode(d.code)} ${d.range ? mdCode(`${displayPath(d.range.file, root)}:${d.range.line}`) : ''}: ${d.message}`);
  if (listProblems.length) out.push('', 'Target list problems:', '', ...listProblems);
  return out.join('\n') + '\n';
}

export function targetsSarif(r: SweepReport, root: string, toolVersion: string): string {
  const problems: SarifProblem[] = r.listDiagnostics.map((problem) => ({ problem }));
  const notifications: SarifNotification[] = [];
  for (const t of r.targets) {
    const entry = { file: t.list, line: t.line };
    if (t.missing) {
      notifications.push({ level: 'note', message: `target ${t.output} not checked: its input ${t.input} is missing`, at: entry });
      continue;
    }
    const o = t.outcome;
    if (!o || o.crashed) {
      notifications.push({ level: 'error', message: `target ${t.output}: tplg-budget crashed: ${o?.crashed ?? 'no result'}`, at: entry });
      continue;
    }
    const state = o.baselined ? ('new' as const) : undefined;
    for (const problem of [...o.findings, ...o.diagnostics]) problems.push({ problem, target: t.output, fallback: entry, baselineState: state });
    for (const problem of o.baselined ?? []) problems.push({ problem, target: t.output, fallback: entry, baselineState: 'unchanged' });
  }
  return JSON.stringify(buildSarif(problems, { root, toolVersion, notifications }), null, 1) + '\n';
}
