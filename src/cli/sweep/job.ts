// One target of a sweep, as sent to a worker thread, and what comes back. Plain data only: both
// cross the thread boundary by structured clone.
import * as path from 'node:path';
import { analyzeTarget, type AnalysisSummary } from '../../core/analyze';
import type { FileStore } from '../../core/conf/files';
import type { FirmwareModelId } from '../../core/memory/models';
import type { PlatformProfile } from '../../core/memory/profiles';
import type { Diagnostic, Finding } from '../../core/model';
import type { RuleConfig } from '../../core/report/ruleConfig';

export interface SweepJob {
  index: number;
  /** Absolute path of the top-level topology. */
  input: string;
  defines: string;
  /** The topology2 folder: -I and ALSA config dir, as SOF's build runs alsatplg. */
  topologyDir: string;
  prepend?: string;
  platform?: PlatformProfile;
  model: FirmwareModelId;
  rules?: RuleConfig;
}

export interface SweepOutcome {
  index: number;
  summary?: AnalysisSummary;
  findings: Finding[];
  diagnostics: Diagnostic[];
  ms: number;
  /** The analysis threw or the worker died: a tool failure, reported with the target. */
  crashed?: string;
  /** With --baseline: the problems it recorded, left out of findings and diagnostics. */
  baselined?: Array<Finding | Diagnostic>;
}

export function runJob(job: SweepJob, store: FileStore): SweepOutcome {
  const t0 = performance.now();
  try {
    const dir = path.resolve(job.topologyDir);
    const a = analyzeTarget({
      resolve: { input: job.input, includeDirs: [dir], configDir: dir, defines: job.defines, prepend: job.prepend, store },
      platform: job.platform,
      model: job.model,
      rules: job.rules,
    });
    return { index: job.index, summary: a.summary, findings: a.findings, diagnostics: a.diagnostics, ms: performance.now() - t0 };
  } catch (e) {
    return { index: job.index, findings: [], diagnostics: [], ms: performance.now() - t0, crashed: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
}
