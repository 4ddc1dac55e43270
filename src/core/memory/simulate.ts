// Simulates what the firmware does with memory while the driver sets up and runs every pipeline
// of a topology, then infers each widget's real needs and reports findings. Lifecycle (spec §2.5,
// §3.3, §7.1), one phase function each (lifecycle/phases.ts) over one state value: create
// pipelines and modules in topology order (lifetime), bind every route, complete each pipeline
// (set_interim), prepare (interim), `cycles` stop/start cycles (re-prepare), then free everything.
// The firmware model picks each phase's behaviour (lifecycle/design.ts).

import type { Finding, ResolveResult } from '../model';
import { ESTIMATED_STRUCTS, PRIVILEGED_STACK_BYTES, type StructSizes } from './costModels/framework';
import type { SrcCost } from './costModels/src';
import type { CostBasis } from './costModels/moduleScripts';
import type { PhaseBreakdown } from './costModels/breakdown';
import { inferWidgets } from './lifecycle/inference';
import {
  bindRoutes, completePipelines, createPipelinesAndModules, freeAll, planDpBinds, platformFacts, prepare, recordRunState, triggerCycles,
} from './lifecycle/phases';
import { initialState, type Mod, type SimState } from './lifecycle/state';
import { FIRMWARE_MODELS, dpStackBytes, modelUsesDeclaredHeap, type FirmwareModelId } from './models';
import { needsNextStep, SIZED_MODEL, withNextSteps } from './nextStep';
import type { Trace } from './replay';
import type { DeepBufferReport, DmaBufferReport } from './dmaBuffers';
import type { AllocRecord } from './moduleMemory';
import { textPartitions, type ModuleTextSize, type TextPartitionReport } from './textPartitions';
import { normalizeUuid, type PlatformProfile } from './profiles';
import type { VregionMode } from './vregion';

export interface SimulateOptions {
  platform: PlatformProfile;
  model: FirmwareModelId;
  /** Stop/start cycles after the first start (each one re-prepares every module). Default 3. */
  cycles?: number;
  /** vpage element-compaction defect on or off; default: on for `current` (vpageDefectByDefault). */
  vpageCompactionDefect?: boolean;
  /** Calibrated framework struct sizes, replacing the estimates. */
  structSizes?: Partial<StructSizes>;
  /** Record every allocator call as a replay trace (SimulationResult.trace). */
  journal?: boolean;
  /**
   * What-if of the review: host deep buffers take pages of the vpage pool at their copier's first
   * prepare, the exact request (no `ladderMs`) or the largest predefined size that fits.
   */
  deepBufferBudget?: { ladderMs?: number[] };
  /**
   * TEXT partition what-if: mapped bytes of loadable modules by UUID (from `--module-elf`),
   * over the profile's `moduleTextBytes`.
   */
  moduleTextSizes?: Record<string, ModuleTextSize>;
}

export interface VregionReport {
  id: number;
  owner: string;
  kind: 'dp-module' | 'pipeline';
  layout: 'single' | 'split';
  firstPage: number;
  pages: number;
  bytes: number;
  /** Lifetime bytes used when set_interim ran (the firmware logs this), or so far. */
  lifetimeUsed: number;
  /** The firmware's vr->lifetime.used: the whole region once the interim heap exists. */
  firmwareLifetimeUsed: number;
  interimSize: number;
  /** Peak bytes of live interim chunks, headers included. */
  interimPeak: number;
  mode: string;
  /** Every allocation and free in the vregion, in order (teardown frees excluded). */
  allocations: AllocRecord[];
}

export interface WidgetReport {
  name: string;
  type: string;
  pipelineId: number;
  domain: 'DP' | 'LL';
  core: number;
  vregion?: number;
  declared: { heapBytes?: number; stackBytes?: number };
  inferred: {
    /** How the module's own memory is known (costModels/moduleScripts.ts CostBasis). */
    basis: CostBasis;
    /** The module's own bytes per lifecycle phase, from its cost model (32-bit DSP sizes). */
    phases?: PhaseBreakdown;
    estimate: true;
    lifetimeBytes?: number;
    interimPeakBytes?: number;
    /** Smallest heap_bytes_requirement (page multiple) that runs every phase and cycle. */
    heapBytes?: number;
    /** True when only framework objects are known: the real need is larger. */
    lowerBound?: boolean;
    /** Stack the DP thread gets under the chosen model. */
    stackBytes?: number;
    /** Bytes outside any vregion (system heap / driver heap), for modules without one. */
    outsideBytes?: number;
  };
  src?: {
    variant: string;
    worstCase: SrcCost;
    candidates: number;
    unsupported: Array<{ inRate: number; outRate: number }>;
  };
}

export interface SimEvent {
  seq: number;
  kind: 'pipeline-create' | 'module-init' | 'bind' | 'complete' | 'prepare' | 'reset' | 'unbind' | 'module-free' | 'pipeline-free';
  target: string;
  cycle?: number;
  ok: boolean;
  /** Firmware log lines this step would produce (vpage/vregion modules). */
  log: string[];
  usedPages: number;
  liveAllocs: number;
  /** Page map after the event: runs of [firstPage, pages, vregion id]. */
  runs: Array<[number, number, number]>;
  /** Per live vregion after the event: [id, lifetimeUsed, interimUsed, interimSize, mode]. */
  regions: Array<[number, number, number, number, VregionMode]>;
}

export interface SimulationResult {
  platform: string;
  model: FirmwareModelId;
  modelDescription: string;
  cycles: number;
  pool: {
    pageSize: number;
    totalPages: number;
    /** Physical pages that can back the pool (the profile's, else one per virtual page). */
    physicalPages: number;
    usedPages: number;
    peakUsedPages: number;
    maxAllocs: number;
    peakAllocs: number;
    baseAddress: number;
    regionBytes: number;
    imageEnd: number;
    imageEndIsEstimate: boolean;
    unusable?: string;
  };
  vregions: VregionReport[];
  widgets: WidgetReport[];
  /** Memory the model places outside the vpage pool, in bytes (estimates). */
  outside: { dpStackBytes: number; sharedCoefBytes: number; heapBytes: number };
  findings: Finding[];
  events: SimEvent[];
  /** What in this result is an estimate rather than a fact of the firmware source. */
  estimates: string[];
  /** With `journal`: the allocator calls in order, as a replay trace (base at pool.baseAddress). */
  trace?: Trace;
  /** Host and DAI copier DMA buffers (in sof_heap under every model: outside the pool). */
  dmaBuffers: { where: 'sof_heap'; hostBytes: number; daiBytes: number; list: DmaBufferReport[] };
  /** Every host deep buffer (deep_buffer_dma_ms), with what it got under the deep-buffer what-if. */
  deepBuffers: DeepBufferReport[];
  /** The TEXT partition layouts, when sizes of a loadable DP module in the topology are known. */
  textPartitions?: TextPartitionReport;
}

export function simulateTopology(resolved: ResolveResult, opts: SimulateOptions): SimulationResult {
  const s = initialState(resolved, opts);
  platformFacts(s);
  planDpBinds(s);
  createPipelinesAndModules(s);
  bindRoutes(s);
  completePipelines(s);
  prepare(s);
  triggerCycles(s);
  recordRunState(s);
  freeAll(s);
  inferWidgets(s);
  const simulated = resultOf(s);
  // A heap finding under a model that ignores the value: what topology-sized does instead.
  const result = !modelUsesDeclaredHeap(opts.model) && simulated.findings.some(needsNextStep)
    ? { ...simulated, findings: withNextSteps(simulated.findings, simulateTopology(resolved, { ...opts, model: SIZED_MODEL, journal: false, moduleTextSizes: undefined }).findings, new Map(s.mods.map((m) => [m.w.name, m.report.declared.heapBytes]))) }
    : simulated;
  const text = textPartitions(
    s.mods.map((m) => ({ name: m.w.name, domain: m.f.domain, ...(m.f.uuid ? { uuid: m.f.uuid } : {}) })),
    textSizes(opts),
    s.p.pageSize,
    s.pool.totalPages - s.peakUsed,
  );
  return text ? { ...result, textPartitions: text } : result;
}

/** Per-UUID TEXT sizes: the profile's, replaced by the caller's (ELF files). */
function textSizes(opts: SimulateOptions): Map<string, ModuleTextSize> {
  const out = new Map<string, ModuleTextSize>();
  for (const [uuid, bytes] of Object.entries(opts.platform.moduleTextBytes ?? {})) out.set(normalizeUuid(uuid), { bytes, source: 'profile' });
  for (const [uuid, size] of Object.entries(opts.moduleTextSizes ?? {})) out.set(normalizeUuid(uuid), size);
  return out;
}

/** The serializable result: the state's reports and what in them is an estimate. */
function resultOf(s: SimState): SimulationResult {
  const { p, model, pool, geom, cycles, calibrated } = s;
  const outsideHeap = s.mods.reduce((a, m) => a + (m.mem && !m.mem.region ? m.mem.outsidePeak : 0), 0);
  const stackTotal = s.dpMods.reduce((a, m) => a + stackCost(s, m), 0);
  return {
    platform: p.id,
    model,
    modelDescription: FIRMWARE_MODELS[model],
    cycles,
    pool: {
      pageSize: p.pageSize,
      totalPages: pool.totalPages,
      physicalPages: Math.min(p.physicalPages ?? pool.totalPages, pool.totalPages),
      usedPages: s.usedAtRun,
      peakUsedPages: s.peakUsed,
      maxAllocs: p.maxVpageAllocs,
      peakAllocs: s.peakAllocs,
      baseAddress: geom.baseAddress,
      regionBytes: geom.regionBytes,
      imageEnd: p.imageEnd,
      imageEndIsEstimate: p.imageEndIsEstimate,
      ...(geom.unusable ? { unusable: geom.unusable } : {}),
    },
    vregions: s.regions.map((x) => x.report),
    widgets: s.mods.map((m) => m.report),
    outside: { dpStackBytes: stackTotal, sharedCoefBytes: s.shared.bytes, heapBytes: outsideHeap },
    findings: s.findings,
    events: s.events,
    estimates: [
      ...(p.imageEndIsEstimate ? [`image end 0x${p.imageEnd.toString(16)} (sets the pool size) is an estimate: read the vpage init log line`] : []),
      `framework struct sizes ${ESTIMATED_STRUCTS.filter((k) => calibrated[k] === undefined).join(', ') || '(none)'} are estimates`,
      'buffer sizes use the largest ibs/obs among the advertised formats; SRC uses its most expensive advertised conversion',
      'modules without a cost model (basis "framework"), partly modelled ones ("partial") and vendor libraries ("vendor") allocate unknown private memory; cost-model struct sizes are 32-bit estimates',
      'DP stacks: privileged header + page-rounded stack on the system heap (estimate)',
    ],
    ...(pool.journal ? { trace: { pageSize: p.pageSize, baseAddress: pool.baseAddress, totalPages: pool.totalPages, maxAllocs: pool.maxAllocs, physicalPages: p.physicalPages, compactionDefect: pool.compactionDefect, ops: pool.journal.ops } } : {}),
    dmaBuffers: {
      where: 'sof_heap',
      hostBytes: sumOf(s.mods, 'host'),
      daiBytes: sumOf(s.mods, 'dai'),
      list: s.mods.flatMap((m) => (m.dma ? [m.dma] : [])),
    },
    deepBuffers: s.mods.flatMap((m) => (m.deep ? [m.deep] : [])),
  };
}

const sumOf = (mods: Mod[], kind: DmaBufferReport['kind']): number => mods.reduce((a, m) => a + (m.dma?.kind === kind ? m.dma.preferredBytes : 0), 0);

/** A DP thread's stack on the system heap: privileged header plus the page-rounded stack. */
function stackCost(s: SimState, m: Mod): number {
  if (!s.design.dpVregions.yes) return 0;
  const st = dpStackBytes(s.model, s.p, m.f.stackBytes);
  return (s.p.userspace ? PRIVILEGED_STACK_BYTES : 0) + Math.ceil(st / 4096) * 4096;
}
