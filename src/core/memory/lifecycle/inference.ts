// After teardown: each widget's inferred needs, and the declared-vs-inferred and SRC findings.

import type { Finding } from '../../model';
import { DP_MIN_STACK_BYTES } from '../costModels/framework';
import { finding } from '../findings';
import { runModuleAlone } from '../infer';
import { dpStackBytes, modelUsesDeclaredHeap, modelUsesDeclaredStack } from '../models';
import { inferOnce, kib, ownBytes } from './failures';
import { defined, type Mod, type SimState } from './state';

export function inferWidgets(s: SimState): void {
  for (const m of s.mods) inferWidget(s, m);
}

function inferWidget(s: SimState, m: Mod): void {
  const { model, p } = s;
  const r = m.report;
  if (m.mem && !m.mem.region) r.inferred.outsideBytes = m.mem.outsidePeak;
  srcFindings(s, m);
  if (m.f.domain !== 'DP') return;
  const inf = inferOnce(s, m);
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
    s.findings.push(finding({ code: 'MEM030', severity: 'error', message: `${m.w.name}: stack_bytes_requirement ${m.f.stackBytes} is below ${DP_MIN_STACK_BYTES} bytes, the minimum DP thread stack of the firmware's topology-sized design (CONFIG_ZEPHYR_DP_SCHEDULER_MIN_STACK_SIZE, #10783); ${today}, a firmware that takes it as written overflows the stack`, widget: m.w, attribute: 'stack_bytes_requirement', suggested: DP_MIN_STACK_BYTES }));
  }
  const declared = m.f.heapBytes;
  // Without a cost model only the framework's own allocations are known: a lower bound.
  const lowerBound = m.script.basis !== 'model';
  if (lowerBound && model === 'current' && s.design.dpVregions.yes && declared !== undefined && declared > (m.region?.size ?? Infinity)) {
    s.findings.push(finding({ code: 'MEM016', severity: 'warning', message: `${m.w.name}: declares a ${kib(declared)} heap but the current firmware gives every DP module ${kib(m.region?.size ?? 0)}; its own allocations are not modelled, so check it on hardware`, widget: m.w, attribute: 'heap_bytes_requirement' }));
  }
  if (inf.heapBytes === undefined || declared === undefined) return;
  const fails = s.findings.some((x) => x.widget === m.w.name && /^MEM01[0-3]$/.test(x.code));
  if (declared < inf.heapBytes && !fails && p.vregions) {
    const f = undersizedHeap(s, m, declared, inf.heapBytes, lowerBound);
    if (f) s.findings.push(f);
  } else if (!lowerBound && modelUsesDeclaredHeap(model) && declared >= 2 * inf.heapBytes && declared - inf.heapBytes >= 8192) {
    s.findings.push(finding({ code: 'MEM015', severity: 'info', message: `${m.w.name}: heap_bytes_requirement ${declared} reserves ${Math.floor((declared - inf.heapBytes) / p.pageSize)} more pages than the ${inf.heapBytes} bytes it needs`, widget: m.w, attribute: 'heap_bytes_requirement', suggested: inf.heapBytes }));
  }
}

/**
 * MEM014, under a model that ignores the declared heap: replays the module alone in a vregion of
 * the declared size, as a firmware that sizes DP heaps from topology would create it. If the
 * stream could not even start there, the value is far too small and that is an error now.
 */
function undersizedHeap(s: SimState, m: Mod, declared: number, need: number, lowerBound: boolean): Finding | undefined {
  const { p, model } = s;
  const run = runModuleAlone(m.script, m.binds, s.cycles, Math.max(1, Math.ceil(declared / p.pageSize)), p.pageSize, p.cacheLine);
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

function srcFindings(s: SimState, m: Mod): void {
  const src = m.script.src;
  if (!src) return;
  // With one rate fixed the culprit is the other side's format list, written on the widget.
  const attr = m.f.rateIn && m.f.rateOut ? 'rate_out' : undefined;
  const allBad = src.worst.mode === 'unsupported';
  if (src.unsupported.length) {
    const pairs = src.unsupported.map((u) => `${u.inRate}->${u.outRate}`).join(', ');
    s.findings.push(finding({ code: 'MEM020', severity: allBad ? 'error' : 'warning', message: `${m.w.name}: the ${src.worst.variant} tables cannot convert ${pairs}; prepare fails with "rates not supported" for these formats`, widget: m.w, attribute: attr }));
  }
  if (src.periodTooShort.length) {
    const list = src.periodTooShort.map((x) => `${x.outRate} Hz x${x.channels} (obs ${x.obs})`).join(', ');
    s.findings.push(finding({ code: 'MEM021', severity: allBad ? 'error' : 'warning', message: `${m.w.name}: output buffer holds less than 1 ms for ${list}: "DP Module period too short"`, widget: m.w, attribute: 'obs' }));
  }
  if (src.exceedsLimits) {
    s.findings.push(finding({ code: 'MEM022', severity: 'error', message: `${m.w.name}: a conversion's delay lines exceed 8 x MAX_FIR/OUT_DELAY_SIZE; init_stages rejects it`, widget: m.w }));
  }
}
