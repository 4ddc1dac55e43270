// Messages between the extension host and the analysis worker (analysisWorker.ts). Plain data
// only: both sides are structured-clone boundaries.
import type { FirmwareModelId } from '../core/memory/models';
import type { SimulationResult } from '../core/memory/simulate';
import type { WhatIfSettings } from '../core/memory/whatIfOptions';
import type { ResolveResult } from '../core/model';

export interface AnalysisRequest {
  id: number;
  /** Top-level topology file (absolute). */
  input: string;
  /** The topology2 folder: base of includes and IncludeByKey paths. */
  topologyRoot: string;
  /** `-D` definitions, `A=1,B=x`. */
  defines: string;
  /** Platform profile id, e.g. `ptl`. */
  platform: string;
  model: FirmwareModelId;
  /** Unsaved editor buffers by absolute path; they replace the file on disk. */
  overlays: Record<string, string>;
  /** Workspace profile overrides (YAML), merged over the bundled profiles. */
  profilesYaml?: string;
  /** Deep-buffer and TEXT partition what-ifs (absent: today's firmware). */
  whatIf?: WhatIfSettings;
  /** Also return the `-P` text (for the resolved-topology view). */
  withPreprocessed?: boolean;
}

export type AnalysisResponse =
  | { id: number; phase: 'resolved'; result: ResolveResult; resolveMs: number; preprocessed?: string }
  | { id: number; phase: 'simulated'; simulation?: SimulationResult; simulateMs: number; problem?: string; whatIfProblems?: string[] }
  | { id: number; phase: 'superseded' }
  | { id: number; phase: 'error'; message: string };
