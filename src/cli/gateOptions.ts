// What a CI gate adds to check and targets: the rule configuration (--config, else
// .tplg-budget/config.json in the working folder) and a baseline (--write-baseline, --baseline).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { problemCounts, type AnalysisSummary } from '../core/analyze';
import type { Diagnostic, Finding } from '../core/model';
import { baselineStates, makeBaseline, parseBaseline, type Baseline, type Located } from '../core/report/baseline';
import { CONFIG_FILE, parseRuleConfig, type RuleConfig } from '../core/report/ruleConfig';
import { clip, usageError } from './command';

export const GATE_FLAGS = ['--config', '--baseline', '--write-baseline'];

export const GATE_USAGE = `  --config <file>      rule configuration: {"rules": {"TPLG112": "off", "TPLG009": "info"}}
                       (default: ${CONFIG_FILE} in the working folder, if present)
  --write-baseline <f> record today's problems in <f> and exit 0
  --baseline <file>    report, and fail on, only problems not recorded in <file>`;

/** The rule configuration in effect; a usage error when the file is unreadable or wrong. */
export function ruleConfigArg(cwd: string, given: string | undefined): RuleConfig | undefined {
  const file = path.resolve(cwd, given ?? CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    if (given) return usageError(`--config ${clip(given)}: cannot read the file`);
    return undefined;
  }
  const { config, problems } = parseRuleConfig(text, given ?? CONFIG_FILE);
  if (problems.length) return usageError(problems.join('\n'));
  return config;
}

/** The baseline to compare with, if --baseline names one. */
export function baselineArg(cwd: string, given: string | undefined): Baseline | undefined {
  if (given === undefined) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, given), 'utf8');
  } catch {
    return usageError(`--baseline ${clip(given)}: cannot read the file (write one with --write-baseline)`);
  }
  const b = parseBaseline(text);
  return typeof b === 'string' ? usageError(`--baseline ${clip(given)}: ${b}`) : b;
}

export function writeBaseline(file: string, problems: readonly Located[], root: string): number {
  const b = makeBaseline(problems, root);
  fs.writeFileSync(file, JSON.stringify(b, null, 1) + '\n');
  return b.problems.length;
}

/** One target's problems split by a baseline: the new ones are reported, the recorded ones counted. */
export interface Split {
  findings: Finding[];
  diagnostics: Diagnostic[];
  unchanged: Array<Finding | Diagnostic>;
}

/** Splits each target's problems (in order) against `baseline`; one state list over all of them. */
export function splitByBaseline(targets: ReadonlyArray<{ target?: string; findings: Finding[]; diagnostics: Diagnostic[] }>, baseline: Baseline, root: string): Split[] {
  const located: Located[] = targets.flatMap((t) => [...t.findings, ...t.diagnostics].map((problem) => ({ problem, target: t.target })));
  const states = baselineStates(located, baseline, root);
  let i = 0;
  return targets.map((t) => {
    const split: Split = { findings: [], diagnostics: [], unchanged: [] };
    for (const f of t.findings) (states[i++] === 'new' ? split.findings : split.unchanged).push(f);
    for (const d of t.diagnostics) (states[i++] === 'new' ? split.diagnostics : split.unchanged).push(d as Diagnostic);
    return split;
  });
}

/**
 * The summary of what is new: counts and verdict over the new problems only. A rejected topology
 * still fails when nothing recorded explains it (no error at all, new or old).
 */
export function summaryOfNew(s: AnalysisSummary, split: Split, input: string): AnalysisSummary {
  const explained = [...split.findings, ...split.diagnostics, ...split.unchanged].some((p) => p.severity === 'error');
  const counts = problemCounts(split.findings, split.diagnostics, s.rejected && !explained, input);
  const out: AnalysisSummary = { ...s, ...counts, rejected: s.rejected };
  if (!counts.worst) delete out.worst;
  return out;
}
