// Warnings every checked target of a sweep shares (a C-style comment in a class file all of them
// include, say) would fill the "worst finding" column with the same text on every row. They are
// shown once instead, and each row shows the worst of what is its own.
import type { WorstProblem } from '../../core/analyze';
import type { Diagnostic, Finding, Severity } from '../../core/model';
import { worstProblem } from '../../core/report/worst';
import type { SweepTarget } from './types';

type Problem = Finding | Diagnostic;

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

const keyOf = (p: Problem): string => `${p.severity}\0${p.code}\0${p.range ? `${p.range.file}:${p.range.offset}` : ''}\0${p.message}`;

export interface CommonProblems {
  /** One instance of each shared problem, most severe first. */
  problems: Problem[];
  /** How many targets share them (every checked target). */
  targets: number;
  /** The worst problem of `t` that is not shared, findings before diagnostics on a tie. */
  worstOwn(t: SweepTarget): WorstProblem | undefined;
}

export function commonProblems(targets: readonly SweepTarget[]): CommonProblems {
  const checked = targets.filter((t) => t.outcome?.summary);
  let shared: Map<string, Problem> | undefined;
  // Errors fail their targets, so they stay on every row.
  if (checked.length >= 2) {
    for (const t of checked) {
      const own = new Map<string, Problem>();
      for (const p of [...t.outcome!.findings, ...t.outcome!.diagnostics]) if (p.severity !== 'error') own.set(keyOf(p), p);
      if (!shared) shared = own;
      else for (const k of [...shared.keys()]) if (!own.has(k)) shared.delete(k);
      if (!shared.size) break;
    }
  }
  const keys = new Set(shared?.keys() ?? []);
  return {
    problems: [...(shared?.values() ?? [])].sort((a, b) => RANK[b.severity] - RANK[a.severity]),
    targets: keys.size ? checked.length : 0,
    worstOwn(t) {
      if (!keys.size) return t.outcome?.summary?.worst;
      const own = [...(t.outcome?.findings ?? []), ...(t.outcome?.diagnostics ?? [])].filter((p) => !keys.has(keyOf(p)));
      const worst = worstProblem(own, t.inputPath);
      return worst && { severity: worst.severity, code: worst.code, message: worst.message };
    },
  };
}
