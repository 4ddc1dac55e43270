// A device log made by the firmware's own code: a simulation's allocator calls (its journal,
// SimulationResult.trace) run in the harness, which prints every LOG_* line as the SOF logger
// frames it. compare-log is tested on these logs.
import type { Trace, TraceOp } from '../../src/core/memory/replay';
import { runHarness } from './run';

/** Driver lines for a journal trace; pointers become offsets from `base`. */
export function driverLines(trace: Trace, base: number): string[] {
  const id = (region: string) => {
    const m = /^r(\d+)$/.exec(region);
    if (!m) throw new Error(`region id ${region} is not a journal id`);
    return m[1];
  };
  const off = (ptr: string | undefined) => parseInt(ptr ?? '', 16) - base;
  return trace.ops.map((o: TraceOp) => {
    switch (o.op) {
      case 'create': return `rc ${id(o.id)} ${o.bytes}`;
      case 'alloc': return `ra ${id(o.region)} ${o.bytes} ${o.align ?? 0} ${o.coherent ? 1 : 0}`;
      case 'set_interim': return `rs ${id(o.region)}`;
      case 'free': return `rf ${id(o.region)} ${off(o.ptr)}`;
      case 'get': return `rg ${id(o.region)}`;
      case 'put': return `rp ${id(o.region)}`;
      case 'vpage_alloc': return `va ${o.pages}`;
      case 'vpage_free': return `vf ${off(o.ptr)}`;
      case 'create_split': throw new Error('the phase I split vregion API is not in the firmware sources');
    }
  });
}

/** The log the firmware prints for this trace, one line per LOG_* call, after its vpage_init line. */
export function firmwareLog(exe: string, trace: Trace): { log: string; failure?: string } {
  const base = trace.baseAddress ?? 0x10000000;
  const pages = trace.totalPages ?? 64;
  const run = runHarness(exe, [`boot ${base} ${pages} ${trace.physicalPages ?? pages}`, ...driverLines(trace, base)]);
  return { log: run.results.flatMap((r) => r.log).join('\n') + '\n', failure: run.failure };
}
