// The findings a lifecycle phase raises when an allocation or a vregion does not fit, worded with
// what the module would need (inferred once per module and kept in the state).

import { phaseSummary } from '../costModels/breakdown';
import { finding, type FindingCode } from '../findings';
import { inferDpHeap, type Inference } from '../infer';
import { modelUsesDeclaredHeap } from '../models';
import type { VpageError } from '../vpage';
import type { Mod, SimState } from './state';

const VPAGE_CODES: Record<VpageError, FindingCode> = {
  'not-enough-pages': 'MEM001',
  'no-contiguous-run': 'MEM002',
  'max-allocs': 'MEM003',
  'map-failed': 'MEM004',
  'pool-unusable': 'MEM005',
};

export const kib = (b: number): string => (b % 1024 === 0 ? `${b / 1024} KiB` : `${b} bytes`);

/** Why the pool refused a run, in the words of the code it maps to. */
export function poolRefusal(s: SimState, error: VpageError | 'invalid-size' | undefined): { code: FindingCode; detail: string } {
  const pool = s.pool;
  const code: FindingCode = error && error !== 'invalid-size' ? VPAGE_CODES[error] : 'MEM001';
  const free = pool.totalPages - pool.usedPages;
  switch (code) {
    case 'MEM002': return { code, detail: `${free} pages are free but the largest run is ${pool.largestFreeRun()}` };
    case 'MEM003': return { code, detail: `${pool.maxAllocs} vregions are already live` };
    case 'MEM004': return { code, detail: 'the run would end on the last page of the region (strict end check) or no physical page is left' };
    case 'MEM005': return { code, detail: s.geom.unusable ?? 'the vpage pool is unusable' };
    default: return { code, detail: `only ${free} of ${pool.totalPages} pages are free` };
  }
}

export function regionFailure(s: SimState, m: Mod | undefined, owner: string, error: VpageError | 'invalid-size' | undefined, bytes: number, pipeline?: string): void {
  const { code, detail } = poolRefusal(s, error);
  s.findings.push(
    finding({
      code,
      severity: 'error',
      message: `${owner}: cannot create its ${kib(bytes)} vregion: ${detail}`,
      widget: m?.w,
      pipeline,
      attribute: modelUsesDeclaredHeap(s.model) ? 'heap_bytes_requirement' : undefined,
    }),
  );
}

export function rejectedHeap(s: SimState, m: Mod, why: string): void {
  s.findings.push(finding({ code: 'MEM031', severity: 'error', message: `${m.w.name}: heap_bytes_requirement ${why}; module init fails`, widget: m.w, attribute: 'heap_bytes_requirement' }));
}

export function inferOnce(s: SimState, m: Mod): Inference {
  const cache = s.inferred.get(m);
  if (cache) return cache;
  const inf = inferDpHeap(m.script, m.binds, s.cycles, s.p.pageSize, s.p.cacheLine);
  s.inferred.set(m, inf);
  return inf;
}

export function needs(s: SimState, inf: Inference, m: Mod): string {
  return inf.heapBytes ? `; this module needs ${kib(inf.heapBytes)} for ${s.cycles} stop/start cycles${ownBytes(m)}${modelUsesDeclaredHeap(s.model) ? '' : ' (the current firmware ignores heap_bytes_requirement)'}` : '';
}

/** The cost model's per-phase figures, quoted in findings. */
export function ownBytes(m: Mod): string {
  return m.report.inferred.phases ? ` (${phaseSummary(m.report.inferred.phases)})` : '';
}

/** An allocation failed at init, bind, the first prepare (0) or stop/start cycle `at`. */
export function failAlloc(s: SimState, m: Mod, at: 'init' | 'bind' | number, tag: string): void {
  const model = s.model;
  if (m.f.domain === 'LL') {
    // Only the per-pipeline model puts LL modules in a vregion: the pipeline's heap is too small.
    const pp = s.pipes.get(m.f.pipelineId);
    const phase = typeof at === 'number' ? (at === 0 ? 'prepare' : `stop/start cycle ${at}`) : at;
    s.findings.push(finding({ code: typeof at === 'number' ? (at === 0 ? 'MEM012' : 'MEM013') : 'MEM010', severity: at === 0 || typeof at !== 'number' ? 'error' : 'warning', message: `${pp?.name ?? m.f.pipelineId}: "${tag}" of ${m.w.name} does not fit in the pipeline vregion at ${phase}`, widget: pp?.w ?? m.w, pipeline: pp?.name, attribute: 'heap_bytes_requirement' }));
    return;
  }
  const inf = inferOnce(s, m);
  const size = m.region ? kib(m.region.size) : 'its';
  // A value the firmware ignores fixes nothing: suggest one only where the model reads it.
  const suggested = modelUsesDeclaredHeap(model) ? inf.heapBytes : undefined;
  const attribute = 'heap_bytes_requirement';
  if (at === 'init' || at === 'bind') {
    s.findings.push(finding({ code: 'MEM010', severity: 'error', message: `${m.w.name}: lifetime allocation "${tag}" at ${at} does not fit in ${size} vregion (lifetime used ${m.region?.lifetimeUsed ?? 0} bytes)${needs(s, inf, m)}`, widget: m.w, attribute, suggested }));
  } else if (at === 0) {
    s.findings.push(finding({ code: 'MEM012', severity: 'error', message: `${m.w.name}: interim allocation "${tag}" at prepare does not fit in the ${m.region?.interimSize ?? 0}-byte interim heap${needs(s, inf, m)}`, widget: m.w, attribute, suggested }));
  } else {
    s.findings.push(finding({ code: 'MEM013', severity: 'warning', message: `${m.w.name}: interim heap runs out at stop/start cycle ${at} ("${tag}"): each re-prepare keeps new stage and coefficient copies${needs(s, inf, m)}`, widget: m.w, attribute, suggested }));
  }
}

export function failInterim(s: SimState, m: Mod, left: number): void {
  const inf = inferOnce(s, m);
  s.findings.push(finding({ code: 'MEM011', severity: 'error', message: `${m.w.name}: only ${left} bytes left for the interim heap (minimum 1024); the vregion becomes INVALID and every later allocation fails${needs(s, inf, m)}`, widget: m.w, attribute: 'heap_bytes_requirement', suggested: modelUsesDeclaredHeap(s.model) ? inf.heapBytes : undefined }));
}
