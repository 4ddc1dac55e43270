// Messages between the memory-map panel (extension host) and its webview (media/memoryMap/).
// Plain data only. Topology-derived strings travel as data and the webview sets them as text;
// source paths and ranges stay on the extension side (the webview asks to reveal a row by key).
import type { SimEvent, SimulationResult, VregionReport } from '../../core/memory/simulate';

export interface MapFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Row the finding belongs to, if any. */
  row?: string;
  /** Index into the host's finding ranges, when the finding has a source line. */
  source?: number;
}

export interface MapRow {
  /** `p:<pipeline id>` or `w:<widget name>`. */
  key: string;
  kind: 'pipeline' | 'dp';
  name: string;
  pipelineId: number;
  core: number;
  /** Widget type (DP rows) or the number of widgets (pipeline rows). */
  detail: string;
  declaredHeap?: number;
  inferredHeap?: number;
  /** The inferred heap is a lower bound (no cost model for the module). */
  lowerBound?: boolean;
  declaredStack?: number;
  inferredStack?: number;
  /** The module's own bytes per lifecycle phase, from its cost model (DP rows). */
  ownPhases?: string;
  /** Vpage pages the row's vregions take. */
  pages: number;
  vregions: number[];
  findings: number;
  worst?: MapFinding['severity'];
  /** The host knows where the row is written. */
  hasSource: boolean;
}

export type MapVregion = Pick<VregionReport, 'id' | 'owner' | 'layout' | 'firstPage' | 'pages' | 'bytes' | 'mode'> & {
  /** `deep-buffer`: a host deep buffer's vpage run under the deep-buffer what-if. */
  kind: VregionReport['kind'] | 'deep-buffer';
  /** Row key of the owner. */
  row?: string;
};

export type MapEvent = Pick<SimEvent, 'kind' | 'target' | 'cycle' | 'ok' | 'log' | 'usedPages' | 'liveAllocs' | 'runs' | 'regions'> & {
  /** Vregion the event acted on, when known (the one a failure is drawn on). */
  region?: number;
  /** Row of the event's target. */
  row?: string;
  /** A failed event with no vregion to draw on: the finding that explains it. */
  failure?: string;
};

export interface MapData {
  /** Changes when the target, defines, platform or model change (not on edits). */
  context: number;
  target: string;
  platform: string;
  model: string;
  modelDescription: string;
  cycles: number;
  pool: Pick<SimulationResult['pool'], 'pageSize' | 'totalPages' | 'physicalPages' | 'baseAddress' | 'peakUsedPages' | 'maxAllocs' | 'peakAllocs' | 'unusable'>;
  vregions: MapVregion[];
  events: MapEvent[];
  rows: MapRow[];
  findings: MapFinding[];
  estimates: string[];
  /** Legend lines of the what-if mechanisms: deep buffers, TEXT partition layouts. */
  whatIf: string[];
}

/** What the compare picker offers. */
export interface CompareChoices {
  platforms: string[];
  models: Array<{ id: string; description: string }>;
}

export interface CompareWith {
  platform: string;
  model: string;
  /** The same target with the deep-buffer what-if set this way (ladder on against off). */
  deepBuffers?: 'off' | 'exact' | 'ladder';
}

/** A device log compared with the simulation shown (core/memory/compareLog.ts), for the view. */
export interface MapDeviceLog {
  /** File name only: paths stay on the extension side. */
  file: string;
  rows: Array<{
    status: 'agree' | 'differ' | 'device-only' | 'simulation-only';
    line?: number;
    device?: string;
    step?: string;
    /** Timeline event of the simulation side. */
    event?: number;
    simulation?: string;
    diffs: string[];
  }>;
  counts: Record<'agree' | 'differ' | 'device-only' | 'simulation-only', number>;
  /** Device lines not compared (debug level, unknown messages). */
  skipped: number;
  notes: string[];
}

export type HostMessage =
  | { type: 'data'; data?: MapData; status: string; choices: CompareChoices }
  | { type: 'compare'; with?: CompareWith; data?: MapData; status: string }
  | { type: 'deviceLog'; log?: MapDeviceLog; status: string };

export type ViewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; row: string }
  | { type: 'revealFinding'; source: number }
  | { type: 'compare'; with?: CompareWith }
  | { type: 'deviceLog'; action: 'open' | 'clear' }
  | { type: 'export'; format: 'json' }
  | { type: 'export'; format: 'svg'; svg: string }
  /** After every render: what is on screen (tests and load timing read it). */
  | { type: 'rendered'; info: RenderInfo }
  | { type: 'cspViolation'; directive: string };

export interface RenderInfo {
  /** Event shown (-1: none). */
  event: number;
  events: number;
  view: 'virtual' | 'physical';
  /** Pages drawn as owned by a vregion in the grid. */
  ownedPages: number;
  /** Digest of the page map drawn, so tests can tell two renders apart. */
  digest: string;
  selected?: string;
  compare: boolean;
  /** The device log comparison on screen: rows, rows where device and simulation part, the first such device line. */
  deviceLog?: { rows: number; parted: number; firstLine?: number };
  /** ms from the webview's navigation start to this render. */
  sinceLoadMs: number;
  /** ms from navigation start until the script started, and until the first data arrived. */
  scriptStartMs: number;
  dataMs: number;
  /** How long drawing the maps took. */
  renderMs: number;
}
