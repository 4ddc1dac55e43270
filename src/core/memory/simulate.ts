// Simulates what the firmware does with memory while the driver sets up and runs every pipeline
// of a topology, then infers each widget's real needs and reports findings. Lifecycle (spec §2.5,
// §3.3, §7.1): create pipelines and modules in topology order (lifetime), bind every route
// (buffers at LL/DP boundaries in the DP module's vregion), complete each pipeline (set_interim),
// prepare (interim), `cycles` stop/start cycles (re-prepare), then free everything.

import type { Finding, ResolveResult, ResolvedWidget } from '../model';
import {
  DP_DEFAULT_HEAP_BYTES, DP_MIN_STACK_BYTES, ESTIMATED_STRUCTS, PRIVILEGED_STACK_BYTES, STRUCT_SIZES, compBufferBytes, ringBufferBytes,
  type StructSizes,
} from './costModels/framework';
import { moduleScript, type CostBasis, type MemOp, type ModuleScript } from './costModels/moduleScripts';
import { phaseBreakdown, phaseSummary, type PhaseBreakdown } from './costModels/breakdown';
import { finding, type FindingCode } from './findings';
import { inferDpHeap, runModuleAlone, type Inference } from './infer';
import { FIRMWARE_MODELS, dpRegionPlan, dpStackBytes, dpUsesVregions, modelUsesDeclaredHeap, modelUsesDeclaredStack, type FirmwareModelId } from './models';
import { ModuleMemory, SharedCopies, type AllocRecord } from './moduleMemory';
import { poolGeometry, type PlatformProfile } from './profiles';
import { VpagePool, type VpageError } from './vpage';
import { Vregion, type VregionMode } from './vregion';
import { maxOf, pipelineCore, pipelinePeriodUs, widgetFacts, type WidgetFacts } from './widgetFacts';
import type { SrcCost } from './costModels/src';

export interface SimulateOptions {
  platform: PlatformProfile;
  model: FirmwareModelId;
  /** Stop/start cycles after the first start (each one re-prepares every module). Default 3. */
  cycles?: number;
  /** Reproduce the vpage element-compaction defect of the current snapshot. */
  vpageCompactionDefect?: boolean;
  /** Calibrated framework struct sizes, replacing the estimates. */
  structSizes?: Partial<StructSizes>;
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
}

interface Mod {
  w: ResolvedWidget;
  f: WidgetFacts;
  script: ModuleScript;
  mem?: ModuleMemory;
  region?: Vregion;
  binds: MemOp[];
  failed: boolean;
  report: WidgetReport;
}

interface Pipe {
  id: number;
  name: string;
  w?: ResolvedWidget;
  mods: Mod[];
  region?: Vregion;
  trace?: AllocRecord[];
}

const VPAGE_CODES: Record<VpageError, FindingCode> = {
  'not-enough-pages': 'MEM001',
  'no-contiguous-run': 'MEM002',
  'max-allocs': 'MEM003',
  'map-failed': 'MEM004',
  'pool-unusable': 'MEM005',
};

const kib = (b: number): string => (b % 1024 === 0 ? `${b / 1024} KiB` : `${b} bytes`);

export function simulateTopology(resolved: ResolveResult, opts: SimulateOptions): SimulationResult {
  const p = opts.platform;
  const model = opts.model;
  const cycles = Math.max(0, opts.cycles ?? 3);
  const calibrated = { ...opts.platform.structSizes, ...opts.structSizes };
  const sizes = { ...STRUCT_SIZES, ...calibrated };
  const geom = poolGeometry(p);
  const pool = new VpagePool({
    totalPages: geom.totalPages,
    maxAllocs: p.maxVpageAllocs,
    pageSize: p.pageSize,
    physicalPages: p.physicalPages,
    baseAddress: geom.baseAddress,
    compactionDefect: opts.vpageCompactionDefect,
  });
  const shared = new SharedCopies();
  const findings: Finding[] = [];
  const events: SimEvent[] = [];
  const regions: Array<{ r: Vregion; report: VregionReport }> = [];
  let peakUsed = 0;
  let peakAllocs = 0;

  // Pipelines in topology order, each with its modules in build order.
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
    mods.push(m);
    pp.mods.push(m);
    byName.set(w.name, m);
  }
  const dpMods = mods.filter((m) => m.f.domain === 'DP');
  const dpVr = dpUsesVregions(model, p);
  const pipelineVregions = model === 'per-pipeline' && p.vregions;

  const snapshot = (kind: SimEvent['kind'], target: string, ok: boolean, log: string[], cycle?: number) => {
    peakUsed = Math.max(peakUsed, pool.usedPages);
    peakAllocs = Math.max(peakAllocs, pool.liveAllocs);
    const live = regions.filter((x) => x.r.useCount > 0);
    events.push({
      seq: events.length,
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
  };

  const newRegion = (owner: string, kind: VregionReport['kind'], create: (id: number) => ReturnType<typeof Vregion.create>) => {
    const id = regions.length + 1;
    const res = create(id);
    if (!res.region) return res;
    const r = res.region;
    regions.push({
      r,
      report: { id, owner, kind, layout: r.layout, firstPage: r.vpage, pages: r.pages, bytes: r.size, lifetimeUsed: 0, interimSize: 0, interimPeak: 0, mode: r.mode, allocations: [] },
    });
    return res;
  };

  const regionFailure = (m: Mod | undefined, owner: string, error: VpageError | 'invalid-size' | undefined, bytes: number, pipeline?: string) => {
    const code: FindingCode = error && error !== 'invalid-size' ? VPAGE_CODES[error] : 'MEM001';
    const free = pool.totalPages - pool.usedPages;
    const detail = (): string => {
      switch (code) {
        case 'MEM002': return `${free} pages are free but the largest run is ${pool.largestFreeRun()}`;
        case 'MEM003': return `${pool.maxAllocs} vregions are already live`;
        case 'MEM004': return 'the run would end on the last page of the region (strict end check) or no physical page is left';
        case 'MEM005': return geom.unusable ?? 'the vpage pool is unusable';
        default: return `only ${free} of ${pool.totalPages} pages are free`;
      }
    };
    findings.push(
      finding({
        code,
        severity: 'error',
        message: `${owner}: cannot create its ${kib(bytes)} vregion: ${detail()}`,
        widget: m?.w,
        pipeline,
        attribute: modelUsesDeclaredHeap(model) ? 'heap_bytes_requirement' : undefined,
      }),
    );
  };

  // Platform-level facts first.
  if (dpMods.length && !dpVr.yes) {
    findings.push(finding({ code: 'MEM041', severity: 'info', message: `${dpVr.why}; no vregion budget applies to its ${dpMods.length} DP module(s) under the ${model} model` }));
  }
  if ((dpMods.length && dpVr.yes) || pipelineVregions) {
    if (geom.unusable) {
      findings.push(finding({ code: 'MEM005', severity: 'error', message: `vpage pool unusable on ${p.id}: ${geom.unusable}`, widget: dpMods[0]?.w }));
    }
  }

  // 1. Pipelines and modules (everything allocated here is lifetime).
  const order = [...pipes.values()];
  for (const pp of order) {
    if (pipelineVregions) {
      const declared = pp.w?.tuples['comp.word']?.heap_bytes_requirement;
      const heap = typeof declared === 'number' && declared > 0 ? declared : DP_DEFAULT_HEAP_BYTES;
      const res = geom.unusable ? undefined : newRegion(pp.name, 'pipeline', (id) => Vregion.create(pool, heap, id, p.cacheLine));
      if (res?.region) {
        pp.region = res.region;
        pp.trace = regions[regions.length - 1].report.allocations;
      } else if (res) regionFailure(undefined, pp.name, res.error, heap, pp.name);
      snapshot('pipeline-create', pp.name, !!pp.region, res?.log ?? []);
    }
    for (const m of pp.mods) {
      const log: string[] = [];
      let ok = true;
      if (m.f.domain === 'DP' && dpVr.yes) {
        const plan = dpRegionPlan(model, m.f.heapBytes);
        if (plan.rejected) {
          findings.push(finding({ code: 'MEM031', severity: 'error', message: `${m.w.name}: heap_bytes_requirement ${plan.rejected}; module init fails`, widget: m.w, attribute: 'heap_bytes_requirement' }));
          m.failed = true;
        } else if (!geom.unusable) {
          const res = newRegion(m.w.name, 'dp-module', (id) =>
            plan.layout === 'split'
              ? Vregion.createSplit(pool, plan.lifetimeBytes ?? 0, plan.interimBytes ?? 0, id, p.cacheLine)
              : Vregion.create(pool, plan.bytes, id, p.cacheLine),
          );
          log.push(...res.log);
          if (res.region) {
            m.region = res.region;
            m.report.vregion = regions.length;
          } else {
            regionFailure(m, m.w.name, res.error, plan.bytes);
            m.failed = true;
          }
        } else m.failed = true;
        if (m.region) m.mem = new ModuleMemory(m.region, shared, m.w.name, regions[regions.length - 1].report.allocations);
      } else if (m.f.domain === 'LL' && pp.region) {
        m.mem = new ModuleMemory(pp.region, shared, m.w.name, pp.trace);
        m.report.vregion = regions.findIndex((x) => x.r === pp.region) + 1;
      } else {
        m.mem = new ModuleMemory(undefined, shared);
      }
      if (m.mem && !m.failed) {
        const r = m.mem.runAll(m.script.init);
        log.push(...r.log);
        if (!r.ok) {
          ok = false;
          m.failed = true;
          failAlloc(m, 'init', r.tag);
        }
      } else ok = false;
      snapshot('module-init', m.w.name, ok, log);
    }
  }

  // 2. Binds: buffers at LL/DP boundaries come from the DP module's context (helper.c:811-836).
  for (const route of resolved.routes) {
    const src = byName.get(route.source);
    const dst = byName.get(route.sink);
    if (!src || !dst) continue;
    // An SRC's chosen worst-case conversion fixes the format on both sides of its binds.
    const chosen = src.script.src?.obs || dst.script.src?.ibs;
    const obs = chosen || maxOf(src.f.outputs.map((x) => x.bufferBytes));
    const ibs = chosen || maxOf(dst.f.inputs.map((x) => x.bufferBytes));
    const srcLL = src.f.domain === 'LL';
    const crossCore = src.f.core !== dst.f.core;
    let owner: Mod | undefined;
    let ops: MemOp[];
    if (dst.f.domain === 'DP' || src.f.domain === 'DP') {
      owner = dst.f.domain === 'DP' ? dst : src;
      ops = [
        { tag: `comp_buffer ${route.source}->${route.sink}`, bytes: sizes.compBuffer, coherent: crossCore },
        { tag: `buffer data ${route.source}->${route.sink}`, bytes: compBufferBytes(srcLL, obs, ibs), align: 64 },
        { tag: `ring_buffer ${route.source}->${route.sink}`, bytes: sizes.ringBuffer, coherent: crossCore },
        { tag: `ring data ${route.source}->${route.sink}`, bytes: ringBufferBytes(ibs, obs) },
      ];
    } else if (pipelineVregions && src.mem?.region) {
      owner = src;
      ops = [
        { tag: `comp_buffer ${route.source}->${route.sink}`, bytes: sizes.compBuffer, coherent: crossCore },
        { tag: `buffer data ${route.source}->${route.sink}`, bytes: compBufferBytes(true, obs, ibs), align: 64 },
      ];
    } else continue;
    owner.binds.push(...ops);
    if (!owner.mem?.region || owner.failed) continue;
    // Phase I routing of bind-time buffers is not known; the interim partition is assumed.
    if (owner.mem.region.layout === 'split') owner.mem.splitPhase = 'interim';
    const r = owner.mem.runAll(ops);
    owner.mem.region.useCount += 2; // comp_buffer and ring_buffer each hold a reference
    if (!r.ok) {
      owner.failed = owner.f.domain === 'DP';
      failAlloc(owner, 'bind', r.tag);
    }
    snapshot('bind', `${route.source} -> ${route.sink}`, r.ok, r.log);
  }

  // 3. Complete: the first PAUSED switches each DP vregion (and pipeline vregion) to interim.
  for (const pp of order) {
    const log: string[] = [];
    let ok = true;
    const targets = [...pp.mods.filter((m) => m.f.domain === 'DP' && m.region && !m.failed).map((m) => ({ r: m.region as Vregion, m: m as Mod | undefined }))];
    if (pp.region) targets.push({ r: pp.region, m: undefined });
    if (!targets.length) continue;
    for (const t of targets) {
      const r = t.r.setInterim();
      log.push(...r.log);
      if (!r.ok) {
        ok = false;
        if (t.m) {
          t.m.failed = true;
          failInterim(t.m, t.r.interimSize);
        } else {
          findings.push(finding({ code: 'MEM011', severity: 'error', message: `${pp.name}: only ${t.r.interimSize} bytes left for its interim heap (minimum 1024)`, widget: pp.w, pipeline: pp.name, attribute: 'heap_bytes_requirement' }));
        }
      }
    }
    snapshot('complete', pp.name, ok, log);
  }

  // 4. Prepare, then stop/start cycles that re-prepare.
  for (let c = 0; c <= cycles; c++) {
    for (const pp of order) {
      if (c > 0) snapshot('reset', pp.name, true, [], c);
      for (const m of pp.mods) {
        if (m.failed || !m.mem) continue;
        const ops = m.script.prepare(c);
        if (!ops.length) continue;
        if (m.mem.region?.layout === 'split') m.mem.splitPhase = 'interim';
        const r = m.mem.runAll(ops);
        if (!r.ok) {
          m.failed = true;
          failAlloc(m, c, r.tag);
        }
        snapshot('prepare', m.w.name, r.ok, r.log, c);
      }
    }
  }

  // Record region state at its peak, before teardown.
  for (const x of regions) {
    x.report.allocations = x.report.allocations.slice();
    Object.assign(x.report, { lifetimeUsed: x.r.lifetimeUsed, interimSize: x.r.interimSize, interimPeak: x.r.interimPeak, mode: x.r.mode });
  }
  const usedAtRun = pool.usedPages;

  // 5. Teardown in reverse: unbind buffers, free modules, free pipelines.
  for (const pp of [...order].reverse()) {
    for (const m of [...pp.mods].reverse()) {
      const log: string[] = [];
      m.mem?.freeAll();
      if (m.region && m.region.useCount > 0) {
        m.region.useCount = 0;
        log.push(...pool.free(m.region.vpage).log);
      }
      if (m.region) snapshot('module-free', m.w.name, true, log);
    }
    if (pp.region) {
      pp.region.useCount = 0;
      snapshot('pipeline-free', pp.name, true, pool.free(pp.region.vpage).log);
    }
  }
  if (pool.defectWouldBite) {
    findings.push(finding({ code: 'MEM040', severity: 'warning', message: 'a vregion other than the newest was freed first: with the current vpage.c compaction the newest record is lost and its pages leak on free' }));
  }

  // 6. Inference and declared-vs-inferred findings.
  for (const m of mods) inferWidget(m);

  const outsideHeap = mods.reduce((a, m) => a + (m.mem && !m.mem.region ? m.mem.outsidePeak : 0), 0);
  const stackTotal = dpMods.reduce((a, m) => a + stackCost(m), 0);
  return {
    platform: p.id,
    model,
    modelDescription: FIRMWARE_MODELS[model],
    cycles,
    pool: {
      pageSize: p.pageSize,
      totalPages: pool.totalPages,
      physicalPages: Math.min(p.physicalPages ?? pool.totalPages, pool.totalPages),
      usedPages: usedAtRun,
      peakUsedPages: peakUsed,
      maxAllocs: p.maxVpageAllocs,
      peakAllocs,
      baseAddress: geom.baseAddress,
      regionBytes: geom.regionBytes,
      imageEnd: p.imageEnd,
      imageEndIsEstimate: p.imageEndIsEstimate,
      ...(geom.unusable ? { unusable: geom.unusable } : {}),
    },
    vregions: regions.map((x) => x.report),
    widgets: mods.map((m) => m.report),
    outside: { dpStackBytes: stackTotal, sharedCoefBytes: shared.bytes, heapBytes: outsideHeap },
    findings,
    events,
    estimates: [
      ...(p.imageEndIsEstimate ? [`image end 0x${p.imageEnd.toString(16)} (sets the pool size) is an estimate: read the vpage init log line`] : []),
      `framework struct sizes ${ESTIMATED_STRUCTS.filter((k) => calibrated[k] === undefined).join(', ') || '(none)'} are estimates`,
      'buffer sizes use the largest ibs/obs among the advertised formats; SRC uses its most expensive advertised conversion',
      'modules without a cost model (basis "framework"), partly modelled ones ("partial") and vendor libraries ("vendor") allocate unknown private memory; cost-model struct sizes are 32-bit estimates',
      'DP stacks: privileged header + page-rounded stack on the system heap (estimate)',
    ],
  };

  function stackCost(m: Mod): number {
    if (!dpVr.yes) return 0;
    const s = dpStackBytes(model, p, m.f.stackBytes);
    return (p.userspace ? PRIVILEGED_STACK_BYTES : 0) + Math.ceil(s / 4096) * 4096;
  }

  function failAlloc(m: Mod, at: 'init' | 'bind' | number, tag: string) {
    if (m.f.domain === 'LL') {
      // Only the per-pipeline model puts LL modules in a vregion: the pipeline's heap is too small.
      const pp = pipes.get(m.f.pipelineId);
      const phase = typeof at === 'number' ? (at === 0 ? 'prepare' : `stop/start cycle ${at}`) : at;
      findings.push(finding({ code: typeof at === 'number' ? (at === 0 ? 'MEM012' : 'MEM013') : 'MEM010', severity: at === 0 || typeof at !== 'number' ? 'error' : 'warning', message: `${pp?.name ?? m.f.pipelineId}: "${tag}" of ${m.w.name} does not fit in the pipeline vregion at ${phase}`, widget: pp?.w ?? m.w, pipeline: pp?.name, attribute: 'heap_bytes_requirement' }));
      return;
    }
    const inf = inferOnce(m);
    const size = m.region ? kib(m.region.size) : 'its';
    // A value the firmware ignores fixes nothing: suggest one only where the model reads it.
    const suggested = modelUsesDeclaredHeap(model) ? inf.heapBytes : undefined;
    const attribute = 'heap_bytes_requirement';
    if (at === 'init' || at === 'bind') {
      findings.push(finding({ code: 'MEM010', severity: 'error', message: `${m.w.name}: lifetime allocation "${tag}" at ${at} does not fit in ${size} vregion (lifetime used ${m.region?.lifetimeUsed ?? 0} bytes)${needs(inf, m)}`, widget: m.w, attribute, suggested }));
    } else if (at === 0) {
      findings.push(finding({ code: 'MEM012', severity: 'error', message: `${m.w.name}: interim allocation "${tag}" at prepare does not fit in the ${m.region?.interimSize ?? 0}-byte interim heap${needs(inf, m)}`, widget: m.w, attribute, suggested }));
    } else {
      findings.push(finding({ code: 'MEM013', severity: 'warning', message: `${m.w.name}: interim heap runs out at stop/start cycle ${at} ("${tag}"): each re-prepare keeps new stage and coefficient copies${needs(inf, m)}`, widget: m.w, attribute, suggested }));
    }
  }

  function failInterim(m: Mod, left: number) {
    const inf = inferOnce(m);
    findings.push(finding({ code: 'MEM011', severity: 'error', message: `${m.w.name}: only ${left} bytes left for the interim heap (minimum 1024); the vregion becomes INVALID and every later allocation fails${needs(inf, m)}`, widget: m.w, attribute: 'heap_bytes_requirement', suggested: modelUsesDeclaredHeap(model) ? inf.heapBytes : undefined }));
  }

  function needs(inf: Inference, m: Mod): string {
    return inf.heapBytes ? `; this module needs ${kib(inf.heapBytes)} for ${cycles} stop/start cycles${ownBytes(m)}${modelUsesDeclaredHeap(model) ? '' : ' (the current firmware ignores heap_bytes_requirement)'}` : '';
  }

  /** The cost model's per-phase figures, quoted in findings. */
  function ownBytes(m: Mod): string {
    return m.report.inferred.phases ? ` (${phaseSummary(m.report.inferred.phases)})` : '';
  }

  function inferOnce(m: Mod): Inference {
    const cache = inferCache.get(m);
    if (cache) return cache;
    const inf = inferDpHeap(m.script, m.binds, cycles, p.pageSize, p.cacheLine);
    inferCache.set(m, inf);
    return inf;
  }

  function inferWidget(m: Mod) {
    const r = m.report;
    if (m.mem && !m.mem.region) r.inferred.outsideBytes = m.mem.outsidePeak;
    srcFindings(m);
    if (m.f.domain !== 'DP') return;
    const inf = inferOnce(m);
    Object.assign(
      r.inferred,
      defined({
        lifetimeBytes: inf.lifetimeBytes,
        interimPeakBytes: inf.interimPeakBytes,
        heapBytes: inf.heapBytes,
        stackBytes: dpStackBytes(model, p, m.f.stackBytes),
        lowerBound: m.script.basis !== 'model' ? true : undefined,
      }),
    );
    if (m.f.stackBytes !== undefined && m.f.stackBytes < DP_MIN_STACK_BYTES) {
      // 2048 is the firmware developers' own minimum for a DP thread; a value below it only works
      // because some firmware ignores or raises it, so the topology is wrong whatever the model.
      const today = modelUsesDeclaredStack(model) ? `#10783 raises it to ${DP_MIN_STACK_BYTES}` : `the ${model} firmware ignores it and gives ${dpStackBytes(model, p, undefined)}`;
      findings.push(finding({ code: 'MEM030', severity: 'error', message: `${m.w.name}: stack_bytes_requirement ${m.f.stackBytes} is below ${DP_MIN_STACK_BYTES} bytes, the minimum DP thread stack of the firmware's topology-sized design (CONFIG_ZEPHYR_DP_SCHEDULER_MIN_STACK_SIZE, #10783); ${today}, a firmware that takes it as written overflows the stack`, widget: m.w, attribute: 'stack_bytes_requirement', suggested: DP_MIN_STACK_BYTES }));
    }
    const declared = m.f.heapBytes;
    // Without a cost model only the framework's own allocations are known: a lower bound.
    const lowerBound = m.script.basis !== 'model';
    if (lowerBound && model === 'current' && dpVr.yes && declared !== undefined && declared > (m.region?.size ?? Infinity)) {
      findings.push(finding({ code: 'MEM016', severity: 'warning', message: `${m.w.name}: declares a ${kib(declared)} heap but the current firmware gives every DP module ${kib(m.region?.size ?? 0)}; its own allocations are not modelled, so check it on hardware`, widget: m.w, attribute: 'heap_bytes_requirement' }));
    }
    if (inf.heapBytes === undefined || declared === undefined) return;
    const fails = findings.some((x) => x.widget === m.w.name && /^MEM01[0-3]$/.test(x.code));
    if (declared < inf.heapBytes && !fails && p.vregions) {
      const f = undersizedHeap(m, declared, inf.heapBytes, lowerBound);
      if (f) findings.push(f);
    } else if (!lowerBound && modelUsesDeclaredHeap(model) && declared >= 2 * inf.heapBytes && declared - inf.heapBytes >= 8192) {
      findings.push(finding({ code: 'MEM015', severity: 'info', message: `${m.w.name}: heap_bytes_requirement ${declared} reserves ${Math.floor((declared - inf.heapBytes) / p.pageSize)} more pages than the ${inf.heapBytes} bytes it needs`, widget: m.w, attribute: 'heap_bytes_requirement', suggested: inf.heapBytes }));
    }
  }

  /**
   * MEM014, under a model that ignores the declared heap: replays the module alone in a vregion of
   * the declared size, as a firmware that sizes DP heaps from topology would create it. If the
   * stream could not even start there, the value is far too small and that is an error now.
   */
  function undersizedHeap(m: Mod, declared: number, need: number, lowerBound: boolean): Finding | undefined {
    const run = runModuleAlone(m.script, m.binds, cycles, Math.max(1, Math.ceil(declared / p.pageSize)), p.pageSize, p.cacheLine);
    if (run.ok) return undefined; // vregion_create rounds up to whole pages, and that is enough
    const at = run.failedAt;
    const startFails = at === 'init' || at === 'bind' || at === 'interim' || at === 0;
    const what = at === 'interim'
      ? `only ${run.interimSize} bytes would be left for the interim heap after ${run.lifetimeUsed} bytes of lifetime allocations`
      : `"${run.failedTag}" would not fit at ${typeof at === 'number' ? (at === 0 ? 'the first prepare' : `stop/start cycle ${at}`) : at}`;
    const ignored = `the ${model} firmware ignores the value`;
    const needs = lowerBound ? `at least ${kib(need)} (its own allocations are not all modelled)${ownBytes(m)}` : `${kib(need)}${ownBytes(m)}`;
    const message = startFails
      ? `${m.w.name}: heap_bytes_requirement ${declared} is far too small: in a vregion of that size ${what}, so the stream cannot start once the firmware sizes DP heaps from topology (${ignored}); this module needs ${needs}`
      : `${m.w.name}: heap_bytes_requirement ${declared} is too small for repeated starts: in a vregion of that size ${what}, once the firmware sizes DP heaps from topology (${ignored}); this module needs ${needs}`;
    return finding({ code: 'MEM014', severity: startFails ? 'error' : 'warning', message, widget: m.w, attribute: 'heap_bytes_requirement', suggested: need });
  }

  function srcFindings(m: Mod) {
    const s = m.script.src;
    if (!s) return;
    // With one rate fixed the culprit is the other side's format list, written on the widget.
    const attr = m.f.rateIn && m.f.rateOut ? 'rate_out' : undefined;
    const allBad = s.worst.mode === 'unsupported';
    if (s.unsupported.length) {
      const pairs = s.unsupported.map((u) => `${u.inRate}->${u.outRate}`).join(', ');
      findings.push(finding({ code: 'MEM020', severity: allBad ? 'error' : 'warning', message: `${m.w.name}: the ${s.worst.variant} tables cannot convert ${pairs}; prepare fails with "rates not supported" for these formats`, widget: m.w, attribute: attr }));
    }
    if (s.periodTooShort.length) {
      const list = s.periodTooShort.map((x) => `${x.outRate} Hz x${x.channels} (obs ${x.obs})`).join(', ');
      findings.push(finding({ code: 'MEM021', severity: allBad ? 'error' : 'warning', message: `${m.w.name}: output buffer holds less than 1 ms for ${list}: "DP Module period too short"`, widget: m.w, attribute: 'obs' }));
    }
    if (s.exceedsLimits) {
      findings.push(finding({ code: 'MEM022', severity: 'error', message: `${m.w.name}: a conversion's delay lines exceed 8 x MAX_FIR/OUT_DELAY_SIZE; init_stages rejects it`, widget: m.w }));
    }
  }
}

const inferCache = new WeakMap<object, Inference>();

/** Drops undefined fields so results survive a JSON round trip unchanged. */
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}
