// Which problem of a target to name as its worst, in a one-row summary: what is specific to the
// target first. Memory findings are about this target's budget; errors fail it; warnings in the
// top-level file are its own; warnings in class files every target includes (a C-style comment in
// host-copier.conf) come last, or every row of a sweep would name the same one.
import type { Diagnostic, Finding, Severity } from '../model';

type Problem = Finding | Diagnostic;

const SEVERITY: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Lower is more worth naming. */
function group(p: Problem, input: string): number {
  if (p.code.startsWith('MEM')) return 0;
  if (p.severity === 'error') return 1;
  if (!p.range || p.range.file === input) return 2;
  return 3;
}

/** The problem to name for a target whose top-level file is `input` (findings first on a tie). */
export function worstProblem<T extends Problem>(list: readonly T[], input: string): T | undefined {
  let worst: T | undefined;
  let best = [Infinity, Infinity];
  for (const p of list) {
    const k = [group(p, input), SEVERITY[p.severity]];
    if (k[0] < best[0] || (k[0] === best[0] && k[1] < best[1])) {
      worst = p;
      best = k;
    }
  }
  return worst;
}
