// One headless analysis of a build target: resolve the topology as SOF's build runs alsatplg, then
// simulate its memory on a platform profile. The check and targets commands report from this.
import type { FirmwareModelId } from './memory/models';
import type { PlatformProfile } from './memory/profiles';
import { noVregionsText } from './memory/poolText';
import { simulateTopology, type SimulationResult } from './memory/simulate';
import { widgetFacts } from './memory/widgetFacts';
import * as path from 'node:path';
import type { Diagnostic, Finding, ResolveResult, Severity } from './model';
import { applyRules, type RuleConfig } from './report/ruleConfig';
import { worstProblem } from './report/worst';
import { resolveTopology, type ResolveOptions } from './resolve';

export interface AnalyzeOptions {
  resolve: ResolveOptions;
  /** Profile to simulate on; without one only the topology is resolved. */
  platform?: PlatformProfile;
  model: FirmwareModelId;
  /** Severities set or turned off by a rule configuration (report/ruleConfig.ts). */
  rules?: RuleConfig;
}

export interface WorstProblem {
  severity: Severity;
  code: string;
  message: string;
}

export interface AnalysisSummary {
  pipelines: number;
  widgets: number;
  dpWidgets: number;
  /** vpage pool pages in use at the peak of the run, and the pool's size; absent without a simulation. */
  peakPages?: number;
  totalPages?: number;
  errors: number;
  warnings: number;
  infos: number;
  /** An error-level problem, or a topology the reference compiler rejects. */
  failed: boolean;
  /** The reference compiler rejects the topology (whatever its diagnostics are configured to). */
  rejected: boolean;
  /** The problem most specific to the target: memory findings, errors, own warnings, shared-file lint (report/worst.ts). */
  worst?: WorstProblem;
  /** Why memory was not simulated, when it was not. */
  notSimulated?: string;
  /** Why the simulation created no vregion, when it created none (`no vregions: ...`). */
  noVregions?: string;
}

export interface Analysis {
  resolve: ResolveResult;
  simulation?: SimulationResult;
  findings: Finding[];
  diagnostics: Diagnostic[];
  summary: AnalysisSummary;
}

export function analyzeTarget(opts: AnalyzeOptions): Analysis {
  const resolved = resolveTopology(opts.resolve);
  let notSimulated: string | undefined;
  let simulation: SimulationResult | undefined;
  if (resolved.failed) notSimulated = 'the topology does not compile';
  else if (!opts.platform) notSimulated = 'no platform profile';
  else simulation = simulateTopology(resolved, { platform: opts.platform, model: opts.model });
  const findings = applyRules(simulation?.findings ?? [], opts.rules);
  const diagnostics = applyRules(resolved.diagnostics, opts.rules);
  const summary: AnalysisSummary = {
    pipelines: resolved.pipelines.length,
    widgets: resolved.widgets.length,
    dpWidgets: resolved.widgets.filter((w) => widgetFacts(w, 0).domain === 'DP').length,
    ...problemCounts(findings, diagnostics, resolved.failed, path.resolve(opts.resolve.input)),
  };
  if (simulation) {
    summary.peakPages = simulation.pool.peakUsedPages;
    summary.totalPages = simulation.pool.totalPages;
    const none = noVregionsText(simulation);
    if (none) summary.noVregions = none;
  }
  if (notSimulated) summary.notSimulated = notSimulated;
  return { resolve: resolved, simulation, findings, diagnostics, summary };
}

/**
 * The counts, verdict and worst problem of a target's problems; `referenceFailed` when alsatplg
 * rejects the topology, which fails it whatever its diagnostics are configured to.
 */
export function problemCounts(
  findings: readonly Finding[],
  diagnostics: readonly Diagnostic[],
  referenceFailed: boolean,
  input: string,
): Pick<AnalysisSummary, 'errors' | 'warnings' | 'infos' | 'failed' | 'rejected' | 'worst'> {
  const all = [...findings, ...diagnostics];
  const count = (s: Severity): number => all.filter((x) => x.severity === s).length;
  const worst = worstProblem(all, input);
  return {
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
    failed: referenceFailed || count('error') > 0,
    rejected: referenceFailed,
    ...(worst ? { worst: { severity: worst.severity, code: worst.code, message: worst.message } } : {}),
  };
}
