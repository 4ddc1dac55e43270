// A baseline, as linters keep one (ESLint's, detekt's, SARIF's baselineState): today's problems
// recorded once, so that a gate fails only on new ones. A problem is the same problem when its
// target, code, file (relative to the root) and message are: lines move when text is added above,
// so they are not part of it. Each recorded problem matches one current problem at most.
import * as path from 'node:path';
import type { Diagnostic, Finding } from '../model';

export interface BaselineEntry {
  target?: string;
  code: string;
  /** Relative to the root, with `/` separators; absent for a problem without a location. */
  file?: string;
  message: string;
}

export interface Baseline {
  tool: 'tplg-budget';
  version: 1;
  problems: BaselineEntry[];
}

export interface Located {
  problem: Finding | Diagnostic;
  target?: string;
}

export type BaselineState = 'new' | 'unchanged';

function entryOf(p: Located, root: string): BaselineEntry {
  const e: BaselineEntry = { code: p.problem.code, message: p.problem.message };
  if (p.target) e.target = p.target;
  if (p.problem.range) e.file = path.relative(root, p.problem.range.file).split(path.sep).join('/');
  return e;
}

const keyOf = (e: BaselineEntry): string => `${e.target ?? ''}\0${e.code}\0${e.file ?? ''}\0${e.message}`;

export function makeBaseline(problems: readonly Located[], root: string): Baseline {
  const entries = problems.map((p) => entryOf(p, root));
  entries.sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  return { tool: 'tplg-budget', version: 1, problems: entries };
}

/** The baseline in `text`, or why it is not one. */
export function parseBaseline(text: string): Baseline | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${(e as Error).message}`;
  }
  const b = raw as Partial<Baseline> | null;
  if (!b || b.tool !== 'tplg-budget' || b.version !== 1 || !Array.isArray(b.problems)) return 'not a tplg-budget baseline (write one with --write-baseline)';
  if (!b.problems.every((e) => e && typeof e.code === 'string' && typeof e.message === 'string')) return 'a baseline entry without code or message';
  return b as Baseline;
}

/** Whether each problem is new or was recorded, in order; each recorded one matches once. */
export function baselineStates(problems: readonly Located[], baseline: Baseline, root: string): BaselineState[] {
  const left = new Map<string, number>();
  for (const e of baseline.problems) left.set(keyOf(e), (left.get(keyOf(e)) ?? 0) + 1);
  return problems.map((p) => {
    const k = keyOf(entryOf(p, root));
    const n = left.get(k) ?? 0;
    if (!n) return 'new';
    left.set(k, n - 1);
    return 'unchanged';
  });
}
