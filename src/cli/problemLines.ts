// Compiler-style problem lines, `file:line:col: severity CODE: message`, with the severity
// column aligned. The `tplg-budget` problem matcher in package.json parses exactly this.
import type { Diagnostic, Finding, Severity } from '../core/model';
import { displayPath } from './format';

export interface LineProblem {
  problem: Finding | Diagnostic;
  /** The file to name when the problem has no range (the top-level file). */
  file?: string;
  /** The build target, in sweeps. */
  target?: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings and infos; each in file and line order. */
export function problemLines(list: readonly LineProblem[], cwd: string): string[] {
  const rows = list.map((p) => {
    const r = p.problem.range;
    const where = r ? `${displayPath(r.file, cwd)}:${r.line}:${r.col}:` : `${p.file ? displayPath(p.file, cwd) : 'tplg-budget'}:`;
    return { p: p.problem, where, file: r?.file ?? p.file ?? '', line: r?.line ?? 0, text: p.target ? `${p.problem.message} [${p.target}]` : p.problem.message };
  });
  rows.sort((a, b) => RANK[a.p.severity] - RANK[b.p.severity] || a.file.localeCompare(b.file) || a.line - b.line);
  const width = Math.max(0, ...rows.map((r) => r.p.severity.length));
  return rows.map((r) => `${r.where} ${r.p.severity.padEnd(width)} ${r.p.code}: ${r.text}`);
}

/** `1 error, 2 warnings, 1 info`; `no problems` for none. */
export function countText(errors: number, warnings: number, infos: number): string {
  const parts: string[] = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (infos) parts.push(`${infos} info${infos === 1 ? '' : 's'}`);
  return parts.join(', ') || 'no problems';
}
