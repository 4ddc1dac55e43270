// The one value every lifecycle phase reads and advances: the pool, the vregions, the modules in
// build order, and what has been observed so far (findings, events, peaks). Phases are functions
// over it (phases.ts); which behaviour each phase takes is the firmware design (design.ts).

import type { Finding, ResolveResult, ResolvedWidget } from '../../model';
import { STRUCT_SIZES, type StructSizes } from '../costModels/framework';
import { phaseBreakdown } from '../costModels/breakdown';
import { moduleScript, type MemOp, type ModuleScript } from '../costModels/moduleScripts';
import { deepBufferToday, dmaBufferOf, type DeepBufferReport, type DmaBufferReport } from '../dmaBuffers';
import type { Inference } from '../infer';
import { vpageDefectByDefault, type FirmwareModelId } from '../models';
import { AllocJournal } from '../journal';
import { SharedCopies, type AllocRecord, type ModuleMemory } from '../moduleMemory';
import { poolGeometry, type PlatformProfile } from '../profiles';
import { VpagePool } from '../vpage';
import { Vregion } from '../vregion';
import { pipelineCore, pipelinePeriodUs, widgetFacts, type WidgetFacts } from '../widgetFacts';
import type { SimEvent, SimulateOptions, VregionReport, WidgetReport } from '../simulate';
import { designFor, type FirmwareDesign } from './design';

export interface Mod {
  w: ResolvedWidget;
  f: WidgetFacts;
  script: ModuleScript;
  mem?: ModuleMemory;
  region?: Vregion;
  binds: MemOp[];
  failed: boolean;
  report: WidgetReport;
  /** Host or DAI copier: its DMA buffer; a host deep buffer also has `deep`. */
  dma?: DmaBufferReport;
  deep?: DeepBufferReport;
}

export interface Pipe {
  id: number;
  name: string;
  w?: ResolvedWidget;
  mods: Mod[];
  region?: Vregion;
  trace?: AllocRecord[];
}

export interface SimState {
  readonly p: PlatformProfile;
  readonly model: FirmwareModelId;
  readonly design: FirmwareDesign;
  readonly cycles: number;
  /** Struct sizes the profile or caller calibrated (the rest are estimates). */
  readonly calibrated: Partial<StructSizes>;
  readonly sizes: StructSizes;
  readonly geom: ReturnType<typeof poolGeometry>;
  readonly pool: VpagePool;
  readonly shared: SharedCopies;
  readonly routes: ResolveResult['routes'];
  /** Pipelines in topology order, each with its modules in build order. */
  readonly order: Pipe[];
  readonly pipes: Map<number, Pipe>;
  readonly mods: Mod[];
  readonly dpMods: Mod[];
  readonly byName: Map<string, Mod>;
  readonly regions: Array<{ r: Vregion; report: VregionReport }>;
  readonly findings: Finding[];
  readonly events: SimEvent[];
  readonly inferred: Map<Mod, Inference>;
  /** The deep-buffer what-if, when on. */
  readonly deepBudget?: { ladderMs?: number[] };
  peakUsed: number;
  peakAllocs: number;
  /** Pages in use once every stream runs, before teardown. */
  usedAtRun: number;
}

export function initialState(resolved: ResolveResult, opts: SimulateOptions): SimState {
  const p = opts.platform;
  const calibrated = { ...opts.platform.structSizes, ...opts.structSizes };
  const sizes = { ...STRUCT_SIZES, ...calibrated };
  const geom = poolGeometry(p);
  const pool = new VpagePool({
    totalPages: geom.totalPages,
    maxAllocs: p.maxVpageAllocs,
    pageSize: p.pageSize,
    physicalPages: p.physicalPages,
    baseAddress: geom.baseAddress,
    compactionDefect: opts.vpageCompactionDefect ?? vpageDefectByDefault(opts.model),
    journal: opts.journal ? new AllocJournal() : undefined,
  });
  const pipes = new Map<number, Pipe>();
  const pipeOf = (id: number): Pipe => {
    let pp = pipes.get(id);
    if (!pp) {
      pp = { id, name: `pipeline.${id}`, mods: [] };
      pipes.set(id, pp);
    }
    return pp;
  };
  for (const w of resolved.widgets) if (w.type === 'scheduler') Object.assign(pipeOf(w.index), { w, name: w.name });
  const mods: Mod[] = [];
  const byName = new Map<string, Mod>();
  for (const w of resolved.widgets) {
    if (w.type === 'scheduler') continue;
    const pp = pipeOf(w.index);
    const f = widgetFacts(w, pp.w ? pipelineCore(pp.w) : 0);
    const period = (pp.w && pipelinePeriodUs(pp.w)) ?? p.llPeriodUs;
    const script = moduleScript(f, { srcVariant: p.srcVariant, llPeriodUs: period, sizes, moduleHeapBytes: p.moduleHeapBytes });
    const report: WidgetReport = {
      name: w.name,
      type: w.type,
      pipelineId: w.index,
      domain: f.domain,
      core: f.core,
      declared: defined({ heapBytes: f.heapBytes, stackBytes: f.stackBytes }),
      inferred: { basis: script.basis, estimate: true, ...(script.cost ? { phases: phaseBreakdown(script.cost) } : {}) },
    };
    if (script.src) {
      report.src = { variant: script.src.worst.variant, worstCase: script.src.worst, candidates: script.src.candidates, unsupported: script.src.unsupported };
    }
    const m: Mod = { w, f, script, binds: [], failed: false, report };
    const dma = dmaBufferOf(w, f, period);
    if (dma) {
      m.dma = dma;
      if (dma.deepBufferMs !== undefined) m.deep = deepBufferToday(dma);
    }
    mods.push(m);
    pp.mods.push(m);
    byName.set(w.name, m);
  }
  return {
    p,
    model: opts.model,
    design: designFor(opts.model, p),
    cycles: Math.max(0, opts.cycles ?? 3),
    calibrated,
    sizes,
    geom,
    pool,
    shared: new SharedCopies(),
    routes: resolved.routes,
    order: [...pipes.values()],
    pipes,
    mods,
    dpMods: mods.filter((m) => m.f.domain === 'DP'),
    byName,
    regions: [],
    findings: [],
    events: [],
    inferred: new Map(),
    ...(opts.deepBufferBudget ? { deepBudget: opts.deepBufferBudget } : {}),
    peakUsed: 0,
    peakAllocs: 0,
    usedAtRun: 0,
  };
}

/** Records the pool and every live vregion after one lifecycle step. */
export function snapshot(s: SimState, kind: SimEvent['kind'], target: string, ok: boolean, log: string[], cycle?: number): void {
  const pool = s.pool;
  s.peakUsed = Math.max(s.peakUsed, pool.usedPages);
  s.peakAllocs = Math.max(s.peakAllocs, pool.liveAllocs);
  const live = s.regions.filter((x) => x.r.useCount > 0);
  s.events.push({
    seq: s.events.length,
    kind,
    target,
    ...(cycle !== undefined ? { cycle } : {}),
    ok,
    log,
    usedPages: pool.usedPages,
    liveAllocs: pool.liveAllocs,
    runs: pool.runs(),
    regions: live.map((x) => [x.report.id, x.r.lifetimeUsed, x.r.interimUsed, x.r.interimSize, x.r.mode]),
  });
}

/** Creates a vregion and, when it exists, its report (ids count from 1 in creation order). */
export function newRegion(s: SimState, owner: string, kind: VregionReport['kind'], create: (id: number) => ReturnType<typeof Vregion.create>): ReturnType<typeof Vregion.create> {
  const id = s.regions.length + 1;
  const res = create(id);
  if (!res.region) return res;
  const r = res.region;
  s.regions.push({
    r,
    report: { id, owner, kind, layout: r.layout, firstPage: r.vpage, pages: r.pages, bytes: r.size, lifetimeUsed: 0, firmwareLifetimeUsed: 0, interimSize: 0, interimPeak: 0, mode: r.mode, allocations: [] },
  });
  return res;
}

/** Drops undefined fields so results survive a JSON round trip unchanged. */
export function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
