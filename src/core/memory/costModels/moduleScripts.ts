// The allocation sequence of one module, per lifecycle phase, as plain ops the simulator replays
// into whatever memory the firmware model gives the module (spec §3.3, §4.2).

import type { WidgetFacts } from '../widgetFacts';
import { STRUCT_SIZES, type StructSizes } from './framework';
import { srcCost, srcDpPeriodUs, srcModeOf, srcVariant, SRC_COMP_DATA_BYTES, type SrcCost } from './src';
import { heapBytes, type CostInput, type ModuleCost } from './moduleCost';
import { costModelFor } from './modules';

export interface MemOp {
  /** Name of the object, unique within the module (e.g. `delay_lines#1`). */
  tag: string;
  bytes: number;
  /** Requested alignment; the vregion raises anything below 64 to 64. */
  align?: number;
  coherent?: boolean;
  /** Allocated through mod_alloc/mod_fast_get: takes a module_resource container. */
  resource?: boolean;
  /** mod_free of an earlier op's object just before this allocation. */
  freeTag?: string;
  /** Not placed in the module's memory: a shared fast_get copy in VMH, keyed for sharing. */
  sharedKey?: string;
}

export interface SrcChoice {
  /** The candidate conversion with the largest footprint, buffers included (the budget's worst case). */
  worst: SrcCost;
  /** ibs/obs of the formats of that conversion, which size the buffers bound to the module. */
  ibs: number;
  obs: number;
  candidates: number;
  unsupported: Array<{ inRate: number; outRate: number }>;
  periodTooShort: Array<{ outRate: number; channels: number; obs: number }>;
  exceedsLimits: boolean;
}

/**
 * `model`: a cost model computed the module's own memory; `partial`: its model leaves some
 * buffers out (a lower bound, notes say which); `vendor`: a vendor library allocates unknown
 * memory (a profile can state it); `framework`: no cost model, only framework objects are known.
 */
export type CostBasis = 'model' | 'partial' | 'vendor' | 'framework';

export interface ModuleScript {
  basis: CostBasis;
  init: MemOp[];
  /** Ops of the n-th prepare (0 = first start, then one per stop/start cycle). */
  prepare(cycle: number): MemOp[];
  src?: SrcChoice;
  /** The module's own allocations per phase, for the worst advertised format (hover, memory map). */
  cost?: ModuleCost;
}

const footprint = (c: SrcCost): number =>
  c.stageBytes + c.delayLinesBytes + c.coefs.filter((x) => x.placement === 'private').reduce((a, x) => a + x.bytes, 0);

/** Every (in, out, channels) conversion the widget's formats allow, costed; worst one kept. */
export function chooseSrc(f: WidgetFacts, variantId: string, llPeriodUs: number): SrcChoice | undefined {
  const v = srcVariant(variantId);
  if (!v) return undefined;
  const seen = new Set<string>();
  const unsupported: SrcChoice['unsupported'] = [];
  const periodTooShort: SrcChoice['periodTooShort'] = [];
  let worst: SrcCost | undefined;
  let worstScore = -1;
  let ibs = 0;
  let obs = 0;
  let candidates = 0;
  let exceeds = false;
  for (const i of f.inputs) {
    for (const o of f.outputs) {
      if (i.channels !== o.channels) continue; // SRC converts rates, never channel counts
      const inRate = f.rateIn ?? i.rate;
      const outRate = f.rateOut ?? o.rate;
      const key = `${inRate}/${outRate}/${o.channels}/${o.bufferBytes}/${o.bitDepth}`;
      if (seen.has(key)) continue;
      seen.add(key);
      candidates++;
      if (srcModeOf(v, inRate, outRate) === 'unsupported') {
        if (!unsupported.some((u) => u.inRate === inRate && u.outRate === outRate)) unsupported.push({ inRate, outRate });
        continue;
      }
      let period = llPeriodUs;
      if (f.domain === 'DP') {
        period = srcDpPeriodUs(o.bufferBytes, o.channels * (o.bitDepth / 8), outRate);
        if (period === 0) {
          periodTooShort.push({ outRate, channels: o.channels, obs: o.bufferBytes });
          continue;
        }
      }
      const c = srcCost(variantId, inRate, outRate, o.channels, period);
      if (!c) continue;
      exceeds ||= c.exceedsDelayLimits;
      // Bound buffers hold 2 (comp_buffer) + 3 (ring) times the block on each side.
      const score = footprint(c) + 5 * (i.bufferBytes + o.bufferBytes);
      if (score > worstScore) {
        worst = c;
        worstScore = score;
        ibs = i.bufferBytes;
        obs = o.bufferBytes;
      }
    }
  }
  if (!worst) return candidates ? { worst: emptySrc(variantId), ibs, obs, candidates, unsupported, periodTooShort, exceedsLimits: exceeds } : undefined;
  return { worst, ibs, obs, candidates, unsupported, periodTooShort, exceedsLimits: exceeds };
}

function emptySrc(variant: string): SrcCost {
  return {
    variant, inRate: 0, outRate: 0, channels: 0, periodUs: 0, mode: 'unsupported', sinkFrames: 0, sourceFrames: 0,
    sbufWords: 0, delayWords: 0, delayLinesBytes: 0, stageBytes: 0, coefs: [], exceedsDelayLimits: false,
  };
}

/** Framework objects of module creation (module_adapter_new_ext), DP flavour when `dp`. */
function frameworkInit(dp: boolean, s: StructSizes): MemOp[] {
  const ops: MemOp[] = [
    { tag: 'processing_module', bytes: s.processingModule, coherent: dp },
    { tag: 'comp_dev', bytes: s.compDev, coherent: true },
  ];
  if (dp) ops.push({ tag: 'dp_task_memory', bytes: s.dpTaskMemory, coherent: true, resource: true });
  return ops;
}

/**
 * SRC's own allocations for its worst conversion (spec §4), in the cost-model shape hovers show.
 * Its struct sizes are facts (compiled replicas, spec §4.3), not LP64 conversions.
 */
function srcBreakdown(w: SrcCost): ModuleCost {
  const allocs: ModuleCost['allocs'] = [
    { phase: 'init', tag: 'comp_data', bytes: SRC_COMP_DATA_BYTES, kind: 'struct', at: 'src/audio/src/src_ipc4.c:212', estimate: false },
  ];
  if (w.mode !== 'unsupported') {
    allocs.push({ phase: 'prepare', tag: 'stage_dst', bytes: w.stageBytes, kind: 'struct', at: 'src/audio/src/src_common.c:609', estimate: false });
    for (const c of w.coefs.filter((x) => x.placement === 'private')) {
      allocs.push({ phase: 'prepare', tag: `coef_s${c.stage}`, bytes: c.bytes, kind: 'data', at: `src/audio/src/src_common.c:${c.stage === 1 ? 629 : 630}`, estimate: false });
    }
    allocs.push({ phase: 'prepare', tag: 'delay_lines', bytes: w.delayLinesBytes, kind: 'data', at: 'src/audio/src/src_common.c:535', estimate: false });
  }
  return { module: 'src', allocs, notes: [`worst advertised conversion ${w.inRate} -> ${w.outRate} Hz, ${w.channels} ch (${w.variant})`] };
}

/** The module's stream for each advertised input format (with the output format of the same index). */
function costInputs(f: WidgetFacts, llPeriodUs: number): CostInput[] {
  const out: CostInput[] = [];
  const inputs = f.inputs.length ? f.inputs : f.outputs;
  inputs.forEach((i, k) => {
    const o = f.outputs[k] ?? f.outputs[0] ?? i;
    out.push({
      channels: i.channels || 2,
      sampleBytes: i.bitDepth === 16 ? 2 : 4,
      rate: i.rate || 48000,
      ibs: i.bufferBytes,
      obs: o.bufferBytes,
      periodFrames: Math.round(((i.rate || 48000) * llPeriodUs) / 1e6),
      blobs: f.blobs,
      pointer: 'ilp32',
    });
  });
  return out;
}

/** The cost of the widget's most expensive advertised format, or undefined without a model. */
export function widgetCost(f: WidgetFacts, llPeriodUs: number): ModuleCost | undefined {
  const model = costModelFor(f.className) ?? costModelFor(f.name.replace(/\.\d+\.\d+$/, ''));
  if (!model) return undefined;
  let worst: ModuleCost | undefined;
  for (const i of costInputs(f, llPeriodUs)) {
    const c = model.cost(i);
    if (!worst || heapBytes(c) > heapBytes(worst)) worst = c;
  }
  return worst;
}

function modelledScript(init: MemOp[], modelCost: ModuleCost, vendorBytes: number | undefined): ModuleScript {
  const vendor = modelCost.notes.some((n) => n.startsWith('vendor library'));
  const cost: ModuleCost = vendor && vendorBytes
    ? {
        ...modelCost,
        allocs: [...modelCost.allocs, { phase: 'init', tag: 'vendor library', bytes: vendorBytes, kind: 'data', at: 'platform profile moduleHeapBytes', estimate: true }],
        notes: ['vendor library size as the platform profile states it (moduleHeapBytes), not from SOF sources'],
      }
    : modelCost;
  for (const a of cost.allocs) if (a.phase !== 'prepare' && !a.systemHeap) init.push({ tag: `${a.phase}:${a.tag}`, bytes: a.bytes, resource: true });
  const partial = cost.notes.some((n) => n.includes('lower bound'));
  const basis: CostBasis = vendor ? (vendorBytes ? 'model' : 'vendor') : partial ? 'partial' : 'model';
  const prep = cost.allocs.filter((a) => a.phase === 'prepare' && !a.systemHeap);
  // Reset frees what prepare took (e.g. phase_vocoder_free_buffers); each prepare takes it again.
  const prepare = (cycle: number): MemOp[] =>
    prep.map((a) => ({ tag: `${a.tag}#${cycle}`, bytes: a.bytes, resource: true, freeTag: cycle > 0 ? `${a.tag}#${cycle - 1}` : undefined }));
  return { basis, init, prepare, cost };
}

export function moduleScript(
  f: WidgetFacts,
  opts: { srcVariant: string; llPeriodUs: number; sizes?: Partial<StructSizes>; moduleHeapBytes?: Record<string, number> },
): ModuleScript {
  const s = { ...STRUCT_SIZES, ...opts.sizes };
  const dp = f.domain === 'DP';
  const init = frameworkInit(dp, s);
  const streamParams: MemOp = { tag: 'stream_params', bytes: s.streamParams, resource: true };
  // SRC_LITE (src_lite.c) always uses its own small table, whatever the build picks for SRC.
  const variant = f.className === 'src_lite' ? 'lite_int32' : opts.srcVariant;
  const isSrc = f.type === 'src' && srcVariant(variant) !== undefined;
  if (!isSrc) {
    init.push(streamParams);
    const cost = widgetCost(f, opts.llPeriodUs);
    if (!cost) return { basis: 'framework', init, prepare: () => [] };
    const vendorBytes = (f.uuid && opts.moduleHeapBytes?.[f.uuid]) || opts.moduleHeapBytes?.[f.className];
    return modelledScript(init, cost, vendorBytes);
  }
  init.push({ tag: 'src_comp_data', bytes: SRC_COMP_DATA_BYTES, resource: true }, streamParams);
  const src = chooseSrc(f, variant, opts.llPeriodUs);
  const w = src?.worst;
  const prepare = (cycle: number): MemOp[] => {
    if (!w || w.mode === 'unsupported') return [];
    // src_prepare: new stage copies and fast_get references every time; reset frees nothing.
    const ops: MemOp[] = [{ tag: `stage_dst#${cycle}`, bytes: w.stageBytes, resource: true }];
    for (const c of w.coefs) {
      ops.push({
        tag: `coef_s${c.stage}#${cycle}`,
        bytes: c.bytes,
        resource: true,
        align: 64,
        sharedKey: c.placement === 'shared' ? `${w.variant}:stage${c.stageIndex}` : undefined,
      });
    }
    ops.push({
      tag: `delay_lines#${cycle}`,
      bytes: w.delayLinesBytes,
      resource: true,
      freeTag: cycle > 0 ? `delay_lines#${cycle - 1}` : undefined,
    });
    return ops;
  };
  return { basis: 'model', init, prepare, src, cost: w ? srcBreakdown(w) : undefined };
}
