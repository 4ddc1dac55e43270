// The module lifecycle the driver runs when every PCM opens (spec §2.5, §3.3, §7.1), one function
// per phase over the simulation state. The firmware design decides each phase's behaviour.

import { finding } from '../findings';
import { vpageDefectFinding } from '../vpageDefect';
import type { MemOp } from '../costModels/moduleScripts';
import type { Vregion } from '../vregion';
import { takeDeepBuffer } from './deepBuffers';
import { failAlloc, failInterim } from './failures';
import { snapshot, type Mod, type SimState } from './state';

/** Platform-level facts, before anything is created. */
export function platformFacts(s: SimState): void {
  const dpVr = s.design.dpVregions;
  if (s.dpMods.length && !dpVr.yes) {
    s.findings.push(finding({ code: 'MEM041', severity: 'info', message: `${dpVr.why}; no vregion budget applies to its ${s.dpMods.length} DP module(s) under the ${s.model} model` }));
  }
  if ((s.dpMods.length && dpVr.yes) || s.design.pipelineVregions) {
    if (s.geom.unusable) {
      s.findings.push(finding({ code: 'MEM005', severity: 'error', message: `vpage pool unusable on ${s.p.id}: ${s.geom.unusable}`, widget: s.dpMods[0]?.w }));
    }
  }
}

/** Pipeline creation then module init, pipeline by pipeline (everything here is lifetime). */
export function createPipelinesAndModules(s: SimState): void {
  for (const pp of s.order) {
    const log = s.design.createPipeline(s, pp);
    if (log) snapshot(s, 'pipeline-create', pp.name, !!pp.region, log);
    for (const m of pp.mods) initModule(s, pp, m);
  }
}

function initModule(s: SimState, pp: SimState['order'][number], m: Mod): void {
  const log: string[] = [];
  let ok = true;
  s.design.placeModule(s, pp, m, log);
  if (m.mem && !m.failed) {
    const r = m.mem.runAll(m.script.init);
    log.push(...r.log);
    if (!r.ok) {
      ok = false;
      m.failed = true;
      failAlloc(s, m, 'init', r.tag);
    }
  } else ok = false;
  snapshot(s, 'module-init', m.w.name, ok, log);
}

/**
 * What each DP module's binds will take from its vregion. It depends on formats only, so it is
 * known before init: a module whose init fails is still inferred with its bind buffers.
 */
export function planDpBinds(s: SimState): void {
  for (const route of s.routes) {
    const src = s.byName.get(route.source);
    const dst = s.byName.get(route.sink);
    if (!src || !dst || (src.f.domain !== 'DP' && dst.f.domain !== 'DP')) continue;
    const plan = s.design.bindBuffers(s, src, dst, route.source, route.sink);
    if (plan) plan.owner.binds.push(...plan.ops);
  }
}

/** Bind every route; the design says which allocations it makes and in whose memory. */
export function bindRoutes(s: SimState): void {
  for (const route of s.routes) {
    const src = s.byName.get(route.source);
    const dst = s.byName.get(route.sink);
    if (!src || !dst) continue;
    const plan = s.design.bindBuffers(s, src, dst, route.source, route.sink);
    if (!plan) continue;
    const { owner, ops } = plan;
    if (owner.f.domain !== 'DP') owner.binds.push(...ops);
    if (!owner.mem?.region || owner.failed) continue;
    // Phase I routing of bind-time buffers is not known; the interim partition is assumed.
    if (owner.mem.region.layout === 'split') owner.mem.splitPhase = 'interim';
    const r = owner.mem.runAll(ops);
    owner.mem.region.useCount += 2; // comp_buffer and ring_buffer each hold a reference
    if (!r.ok) {
      owner.failed = owner.f.domain === 'DP';
      failAlloc(s, owner, 'bind', r.tag);
    }
    snapshot(s, 'bind', `${route.source} -> ${route.sink}`, r.ok, r.log);
  }
}

/** Complete: the first PAUSED switches each DP vregion (and pipeline vregion) to interim. */
export function completePipelines(s: SimState): void {
  for (const pp of s.order) {
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
          failInterim(s, t.m, t.r.interimSize);
        } else {
          s.findings.push(finding({ code: 'MEM011', severity: 'error', message: `${pp.name}: only ${t.r.interimSize} bytes left for its interim heap (minimum 1024)`, widget: pp.w, pipeline: pp.name, attribute: 'heap_bytes_requirement' }));
        }
      }
    }
    snapshot(s, 'complete', pp.name, ok, log);
  }
}

/** The first prepare of every module (interim allocations). */
export function prepare(s: SimState): void {
  prepareCycle(s, 0);
}

/** Stop/start cycles: each RESET then prepare runs the module prepare again. */
export function triggerCycles(s: SimState): void {
  for (let c = 1; c <= s.cycles; c++) prepareCycle(s, c);
}

function prepareCycle(s: SimState, c: number): void {
  for (const pp of s.order) {
    if (c > 0) snapshot(s, 'reset', pp.name, true, [], c);
    for (const m of pp.mods) {
      if (m.failed || !m.mem) continue;
      if (c === 0 && m.deep && s.deepBudget) takeDeepBuffer(s, m, s.deepBudget.ladderMs);
      const ops: MemOp[] = m.script.prepare(c);
      if (!ops.length) continue;
      if (m.mem.region?.layout === 'split') m.mem.splitPhase = 'interim';
      const r = m.mem.runAll(ops);
      if (!r.ok) {
        m.failed = true;
        failAlloc(s, m, c, r.tag);
      }
      snapshot(s, 'prepare', m.w.name, r.ok, r.log, c);
    }
  }
}

/** Every stream runs: record each vregion at its peak, before teardown. */
export function recordRunState(s: SimState): void {
  for (const x of s.regions) {
    x.report.allocations = x.report.allocations.slice();
    Object.assign(x.report, { lifetimeUsed: x.r.lifetimeUsed, firmwareLifetimeUsed: x.r.firmwareLifetimeUsed, interimSize: x.r.interimSize, interimPeak: x.r.interimPeak, mode: x.r.mode });
  }
  s.usedAtRun = s.pool.usedPages;
}

/** Teardown in reverse: unbind buffers, free modules, free pipelines. */
export function freeAll(s: SimState): void {
  for (const pp of [...s.order].reverse()) {
    for (const m of [...pp.mods].reverse()) {
      const log: string[] = [];
      m.mem?.freeAll();
      if (m.region && m.region.useCount > 0) {
        m.region.useCount = 0;
        log.push(...s.pool.free(m.region.vpage).log);
      }
      if (m.region) snapshot(s, 'module-free', m.w.name, true, log);
      if (m.deep?.firstPage !== undefined) snapshot(s, 'module-free', m.w.name, true, s.pool.free(m.deep.firstPage).log);
    }
    if (pp.region) {
      pp.region.useCount = 0;
      snapshot(s, 'pipeline-free', pp.name, true, s.pool.free(pp.region.vpage).log);
    }
  }
  const defect = vpageDefectFinding(s.pool, (tag) => s.regions.find((x) => x.report.id === tag)?.report.owner);
  if (defect) s.findings.push(finding({ code: 'MEM040', severity: 'warning', message: defect }));
}
