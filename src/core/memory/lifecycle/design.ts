// A firmware design as a choice of phase behaviours: where a pipeline's memory comes from, where a
// module lives, and which binds allocate in a vregion. models.ts holds the sizing rules; this file
// turns a model id into the behaviours the lifecycle phases call.

import { DP_DEFAULT_HEAP_BYTES, compBufferBytes, ringBufferBytes } from '../costModels/framework';
import type { MemOp } from '../costModels/moduleScripts';
import { dpRegionPlan, dpUsesVregions, type FirmwareModelId } from '../models';
import { ModuleMemory } from '../moduleMemory';
import type { PlatformProfile } from '../profiles';
import { Vregion } from '../vregion';
import { maxOf } from '../widgetFacts';
import { regionFailure, rejectedHeap } from './failures';
import { newRegion, type Mod, type Pipe, type SimState } from './state';

export interface BindPlan {
  owner: Mod;
  ops: MemOp[];
}

export interface FirmwareDesign {
  /** DP modules get vregions (false: the build keeps them on the system or driver heap). */
  readonly dpVregions: { yes: boolean; why: string };
  /** Pipelines get vregions of their own (#11164). */
  readonly pipelineVregions: boolean;
  /** Pipeline creation: the firmware log when the design gives pipelines a vregion, else undefined. */
  createPipeline(s: SimState, pp: Pipe): string[] | undefined;
  /** Module init, first half: give the module the memory it allocates from. */
  placeModule(s: SimState, pp: Pipe, m: Mod, log: string[]): void;
  /** Bind: the allocations a route makes and the module whose memory pays, if any. */
  bindBuffers(s: SimState, src: Mod, dst: Mod, source: string, sink: string): BindPlan | undefined;
}

export function designFor(model: FirmwareModelId, p: PlatformProfile): FirmwareDesign {
  const dpVregions = dpUsesVregions(model, p);
  const pipelineVregions = model === 'per-pipeline' && p.vregions;
  return {
    dpVregions,
    pipelineVregions,
    createPipeline: pipelineVregions ? pipelineVregion : () => undefined,
    placeModule: (s, pp, m, log) => {
      if (m.f.domain === 'DP' && dpVregions.yes) dpVregion(s, m, log);
      else if (m.f.domain === 'LL' && pp.region) {
        m.mem = new ModuleMemory(pp.region, s.shared, m.w.name, pp.trace);
        m.report.vregion = s.regions.findIndex((x) => x.r === pp.region) + 1;
      } else m.mem = new ModuleMemory(undefined, s.shared);
    },
    bindBuffers: (s, src, dst, source, sink) => {
      // An SRC's chosen worst-case conversion fixes the format on both sides of its binds.
      const chosen = src.script.src?.obs || dst.script.src?.ibs;
      const obs = chosen || maxOf(src.f.outputs.map((x) => x.bufferBytes));
      const ibs = chosen || maxOf(dst.f.inputs.map((x) => x.bufferBytes));
      const crossCore = src.f.core !== dst.f.core;
      const head = { tag: `comp_buffer ${source}->${sink}`, bytes: s.sizes.compBuffer, coherent: crossCore };
      // Buffers at LL/DP boundaries come from the DP module's context (helper.c:811-836).
      if (dst.f.domain === 'DP' || src.f.domain === 'DP') {
        return {
          owner: dst.f.domain === 'DP' ? dst : src,
          ops: [
            head,
            { tag: `buffer data ${source}->${sink}`, bytes: compBufferBytes(src.f.domain === 'LL', obs, ibs), align: 64 },
            { tag: `ring_buffer ${source}->${sink}`, bytes: s.sizes.ringBuffer, coherent: crossCore },
            { tag: `ring data ${source}->${sink}`, bytes: ringBufferBytes(ibs, obs) },
          ],
        };
      }
      if (pipelineVregions && src.mem?.region) {
        return { owner: src, ops: [head, { tag: `buffer data ${source}->${sink}`, bytes: compBufferBytes(true, obs, ibs), align: 64 }] };
      }
      return undefined;
    },
  };
}

/** #11164: one vregion per pipeline, sized from the pipeline's heap_bytes_requirement. */
function pipelineVregion(s: SimState, pp: Pipe): string[] {
  const declared = pp.w?.tuples['comp.word']?.heap_bytes_requirement;
  const heap = typeof declared === 'number' && declared > 0 ? declared : DP_DEFAULT_HEAP_BYTES;
  const res = s.geom.unusable ? undefined : newRegion(s, pp.name, 'pipeline', (id) => Vregion.create(s.pool, heap, id, s.p.cacheLine));
  if (res?.region) {
    pp.region = res.region;
    pp.trace = s.regions[s.regions.length - 1].report.allocations;
  } else if (res) regionFailure(s, undefined, pp.name, res.error, heap, pp.name);
  return res?.log ?? [];
}

/** A DP module's own vregion, sized and laid out as the model plans it. */
function dpVregion(s: SimState, m: Mod, log: string[]): void {
  const plan = dpRegionPlan(s.model, m.f.heapBytes);
  if (plan.rejected) {
    rejectedHeap(s, m, plan.rejected);
    m.failed = true;
  } else if (!s.geom.unusable) {
    const res = newRegion(s, m.w.name, 'dp-module', (id) =>
      plan.layout === 'split'
        ? Vregion.createSplit(s.pool, plan.lifetimeBytes ?? 0, plan.interimBytes ?? 0, id, s.p.cacheLine)
        : Vregion.create(s.pool, plan.bytes, id, s.p.cacheLine),
    );
    log.push(...res.log);
    if (res.region) {
      m.region = res.region;
      m.report.vregion = s.regions.length;
    } else {
      regionFailure(s, m, m.w.name, res.error, plan.bytes);
      m.failed = true;
    }
  } else m.failed = true;
  if (m.region) m.mem = new ModuleMemory(m.region, s.shared, m.w.name, s.regions[s.regions.length - 1].report.allocations);
}
