// What the Language Server Protocol lacks and the VS Code extension needs from the server: the
// analysis as data (memory map, report, export), the build-context choices (pickers), and the
// user's picks back. One file declares them all for both sides, like rust-analyzer's lsp_ext.ts.
// Plain data only: every value crosses a JSON-RPC boundary.
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { LogComparison } from '../core/memory/compareLog';
import type { FirmwareModelId } from '../core/memory/models';
import type { SimulationResult } from '../core/memory/simulate';
import type { ResolveResult } from '../core/model';
import type { PickReason } from '../core/targets/buildTargets';

export interface Target {
  /** The CMake output name (`sof-ptl-nocodec`) or, for an ad-hoc target, the file name. */
  name: string;
  /** Absolute path of the top-level topology. */
  input: string;
  defines: string;
  /** The CMake list that declares it, if any. */
  list?: string;
}

export type { LogComparison, PickReason };

/** The same build: the same top-level file and defines (its name and list may differ). */
export function sameTarget(a: Target, b: Target): boolean {
  return a.input === b.input && a.defines === b.defines;
}

export interface BuildContext {
  target: Target;
  /** How the target was picked: `chosen` by the user, else automatically. */
  reason: PickReason;
  topologyRoot: string;
  platform: string;
  /** Why this platform: chosen by the user, taken from PLATFORM=, or the default. */
  platformSource: 'selected' | 'setting' | 'define' | 'default';
  model: FirmwareModelId;
}

export interface Resolved {
  result: ResolveResult;
  resolveMs: number;
  preprocessed?: string;
}

export interface Simulated {
  simulation?: SimulationResult;
  simulateMs: number;
  problem?: string;
  /** Problems with the what-if settings; the simulation ran without the faulty part. */
  whatIfProblems?: string[];
}

export interface AnalysisState {
  context: BuildContext;
  resolved?: Resolved;
  simulated?: Simulated;
  /** Set when the analysis itself failed (an engine exception). */
  error?: string;
  /** Bumps every time any part of the state changes. */
  version: number;
}

/** What the status bar shows; pushed after every change (small, unlike AnalysisState). */
export interface AnalysisStatus {
  version: number;
  context?: BuildContext;
  resolved?: { resolveMs: number; widgets: number; pipelines: number; diagnostics: number; failed: boolean };
  /** Why the target was picked, in a sentence for a tooltip. */
  reasonText?: string;
  simulated?: { simulateMs: number; problem?: string; whatIfProblems?: string[]; pool?: { peakUsedPages: number; totalPages: number; pageSize: number }; findings: number; errors: number };
  error?: string;
  /** True while an analysis is scheduled or running. */
  busy: boolean;
}

/** The user's picks; an absent field means "automatic". */
export interface Selection {
  /** The target last chosen in the picker (any file): tried first for an include file. */
  target?: Target;
  /** The choice per file: a target, or null for "analyse the file on its own". */
  byFile?: Record<string, Target | null>;
  platform?: string;
  model?: FirmwareModelId;
}

export interface Choices {
  platforms: Array<{ id: string; name: string; ace: string; source: string }>;
  models: Array<{ id: FirmwareModelId; description: string }>;
}

export interface AnalysisParams {
  /** Answer once no analysis is scheduled or running (after the edits sent before this request). */
  waitIdle?: boolean;
}

export interface SimulateWithParams {
  platform: string;
  model: string;
  /** The deep-buffer what-if for this run, over the setting (the memory map's ladder-vs-today compare). */
  deepBuffers?: 'off' | 'exact' | 'ladder';
}

export interface SimulateWithResult {
  resolved?: ResolveResult;
  simulation?: SimulationResult;
  problem?: string;
}

export const analysisStatus = new NotificationType<AnalysisStatus>('tplgBudget/analysisStatus');
/** The current analysis; null when nothing is analysed (no topology open, no target selected). */
export const analysis = new RequestType<AnalysisParams, AnalysisState | null, void>('tplgBudget/analysis');
/** Replaces the user's picks (the VS Code pickers persist them per workspace). */
export const setSelection = new NotificationType<Selection>('tplgBudget/setSelection');
/** The document in the focused editor; other clients leave it to the last opened or edited one. */
export const setActiveDocument = new NotificationType<{ uri?: string }>('tplgBudget/setActiveDocument');
/** Also compute the `-P` text while a resolved-topology view is open. */
export const wantPreprocessed = new NotificationType<{ on: boolean }>('tplgBudget/wantPreprocessed');
/** Build targets of the tplg-targets*.cmake lists in the workspace and near `near`. */
export const targets = new RequestType<{ near?: string }, Target[], void>('tplgBudget/targets');
export const choices = new RequestType0<Choices, void>('tplgBudget/choices');
/** The current target under another platform or firmware model (the memory map's compare mode). */
export const simulateWith = new RequestType<SimulateWithParams, SimulateWithResult | null, void>('tplgBudget/simulateWith');
/** A DSP log (vpage/vregion lines) compared with the current simulation, per operation. */
export const compareDeviceLog = new RequestType<{ text: string }, LogComparison | null, void>('tplgBudget/compareDeviceLog');
