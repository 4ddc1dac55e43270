// Random operation traces, fixed seeds, replayed op by op on the firmware (harness) and on our
// model (vpage.ts and vregion.ts through replay.ts, sysHeap.ts directly), comparing every pointer
// offset, success, counter and log line.
import { replayTrace, type TraceOp } from '../../src/core/memory/replay';
import { SysHeap } from '../../src/core/memory/sysHeap';
import { VpagePool } from '../../src/core/memory/vpage';
import { Vregion } from '../../src/core/memory/vregion';
import { runHarness, splitLogLine, type FwResult } from './run';

export const BASE = 0x10000000;
const PAGE = 4096;
const MAX_ALLOCS = 128; // CONFIG_SOF_VPAGE_MAX_ALLOCS of the harness build

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const hex = (n: number): string => '0x' + n.toString(16);

/** One allocator trace: the pool it boots with and its operations, for both sides. */
export interface AllocTrace {
  kind: 'vpage' | 'vregion' | 'sys_heap';
  seed: number;
  totalPages: number;
  physicalPages: number;
  /** Driver lines after `boot`. */
  fw: string[];
  /** Model operations, one per driver line: replay ops for vpage/vregion, heap ops for sys_heap. */
  ops: Array<TraceOp | HeapOp>;
}

export type HeapOp =
  | { op: 'heap_init'; offset: number; bytes: number }
  | { op: 'heap_alloc'; bytes: number; align?: number }
  | { op: 'heap_free'; offset: number };

export function vpageTrace(seed: number): AllocTrace {
  const r = rng(seed);
  const manySmall = r() < 0.15;
  const totalPages = manySmall ? int(r, 130, 200) : int(r, 4, 96);
  const physicalPages = r() < 0.7 ? totalPages : int(r, 1, totalPages);
  // The generator is the caller: it keeps the pointers it was given, using the model to learn
  // them (if the firmware disagrees, that operation is the first difference anyway).
  const pool = new VpagePool({ totalPages, maxAllocs: MAX_ALLOCS, pageSize: PAGE, physicalPages, baseAddress: BASE, compactionDefect: true });
  const live: number[] = [];
  const freed: number[] = [];
  const t: AllocTrace = { kind: 'vpage', seed, totalPages, physicalPages, fw: [], ops: [] };
  const n = manySmall ? int(r, 150, 220) : int(r, 20, 80);
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < (manySmall ? 0.85 : 0.6) || live.length === 0) {
      const pages = r() < 0.02 ? 0 : manySmall ? 1 : int(r, 1, Math.min(8, totalPages));
      const a = pool.alloc(pages, i + 1);
      if (a.vpage !== undefined) live.push(a.vpage * PAGE);
      t.fw.push(`va ${pages}`);
      t.ops.push({ op: 'vpage_alloc', pages });
      continue;
    }
    let offset: number;
    const y = r();
    if (y < 0.85 || freed.length === 0) {
      offset = live.splice(Math.floor(r() * live.length), 1)[0];
      freed.push(offset);
    } else if (y < 0.9) offset = pick(r, freed);
    else if (y < 0.95) offset = int(r, 0, totalPages - 1) * PAGE;
    else offset = int(r, 0, totalPages - 1) * PAGE + pick(r, [8, 64, 2048]);
    pool.free(offset / PAGE);
    t.fw.push(`vf ${offset}`);
    t.ops.push({ op: 'vpage_free', ptr: hex(BASE + offset) });
  }
  return t;
}

export function vregionTrace(seed: number): AllocTrace {
  const r = rng(seed);
  const totalPages = int(r, 8, 64);
  const pool = new VpagePool({ totalPages, maxAllocs: MAX_ALLOCS, pageSize: PAGE, baseAddress: BASE, compactionDefect: true });
  interface R { id: number; vr: Vregion; lifetime: number[]; interim: number[] }
  const regions: R[] = [];
  let nextId = 0;
  const t: AllocTrace = { kind: 'vregion', seed, totalPages, physicalPages: totalPages, fw: [], ops: [] };
  const n = int(r, 20, 70);
  for (let i = 0; i < n; i++) {
    const x = r();
    if (regions.length === 0 || x < 0.08) {
      const id = nextId++;
      const bytes = r() < 0.03 ? 0 : r() < 0.1 ? int(r, 40000, 300000) : int(r, 1, 40000);
      const c = Vregion.create(pool, bytes, id + 1);
      if (c.region) regions.push({ id, vr: c.region, lifetime: [], interim: [] });
      t.fw.push(`rc ${id} ${bytes}`);
      t.ops.push({ op: 'create', id: `r${id}`, bytes });
      continue;
    }
    const g = pick(r, regions);
    if (x < 0.6) {
      const bytes = r() < 0.1 ? int(r, 3000, 9000) : int(r, 1, 2500);
      const align = pick(r, [0, 0, 0, 4, 8, 16, 32, 64, 128, 256, 512, 4096]);
      const coherent = r() < 0.2;
      const a = g.vr.alloc(bytes, align, coherent);
      if (a.ptr) (a.where === 'interim' ? g.interim : g.lifetime).push(a.ptr - BASE);
      t.fw.push(`ra ${g.id} ${bytes} ${align} ${coherent ? 1 : 0}`);
      t.ops.push({ op: 'alloc', region: `r${g.id}`, bytes, align, coherent });
    } else if (x < 0.68) {
      g.vr.setInterim();
      t.fw.push(`rs ${g.id}`);
      t.ops.push({ op: 'set_interim', region: `r${g.id}` });
    } else if (x < 0.94) {
      let offset: number;
      const y = r();
      if (y < 0.6 && g.interim.length) offset = g.interim.splice(Math.floor(r() * g.interim.length), 1)[0];
      else if (y < 0.95 && g.lifetime.length) offset = pick(r, g.lifetime);
      else offset = totalPages * PAGE + 64; // outside every region
      g.vr.free(BASE + offset);
      t.fw.push(`rf ${g.id} ${offset}`);
      t.ops.push({ op: 'free', region: `r${g.id}`, ptr: hex(BASE + offset) });
    } else {
      const get = x < 0.97;
      g.vr.useCount += get ? 1 : -1;
      if (g.vr.useCount === 0) {
        pool.free(g.vr.vpage);
        regions.splice(regions.indexOf(g), 1);
      }
      t.fw.push(`${get ? 'rg' : 'rp'} ${g.id}`);
      t.ops.push({ op: get ? 'get' : 'put', region: `r${g.id}` });
    }
  }
  return t;
}

export function sysHeapTrace(seed: number, large: boolean): AllocTrace {
  const r = rng(seed);
  const offset = int(r, 0, 15) * 4;
  const bytes = large ? int(r, 0x40000, 0x180000) : int(r, 1024, 65536);
  const totalPages = Math.ceil((offset + bytes) / PAGE) + 1;
  const heap = new SysHeap(BASE + offset, bytes);
  const live: number[] = [];
  const t: AllocTrace = { kind: 'sys_heap', seed, totalPages, physicalPages: totalPages, fw: [`hi ${offset} ${bytes}`], ops: [{ op: 'heap_init', offset, bytes }] };
  const n = int(r, 30, 90);
  const maxBytes = large ? 60000 : Math.max(16, bytes >> 3);
  for (let i = 0; i < n; i++) {
    if (r() < 0.62 || live.length === 0) {
      const size = r() < 0.05 ? int(r, maxBytes, bytes) : int(r, 1, maxBytes);
      const align = r() < 0.5 ? 0 : pick(r, [4, 8, 16, 32, 64, 128, 256, 4096, 0x28, 0x48]);
      const p = align ? heap.alignedAlloc(align, size) : heap.alloc(size);
      if (p) live.push(p - BASE);
      t.fw.push(align ? `hA ${align} ${size}` : `ha ${size}`);
      t.ops.push({ op: 'heap_alloc', bytes: size, ...(align ? { align } : {}) });
    } else {
      const off = live.splice(Math.floor(r() * live.length), 1)[0];
      heap.free(BASE + off);
      t.fw.push(`hf ${off}`);
      t.ops.push({ op: 'heap_free', offset: off });
    }
  }
  return t;
}

/** What one side did on one operation, in comparable form. */
export interface Outcome {
  ptr: number;
  counters: Record<string, number>;
  log: string[];
}

const TYPE = { interim: 0, lifetime: 1, invalid: 2 } as const;

/** The firmware's own log lines, at the default INF level, with host-only addresses masked. */
function fwLog(lines: string[]): string[] {
  return lines.flatMap((l) => {
    const m = splitLogLine(l);
    return m && m.lvl !== 'dbg' ? [normaliseLog(m.message)] : [];
  });
}

/**
 * vregion_create logs the address of its metadata (SOF system heap, a host malloc here) and
 * interim_heap_init logs the struct vregion address where the model prints the region base:
 * neither is an allocator decision, so both are masked on both sides.
 */
export function normaliseLog(message: string): string {
  return message
    .replace(/metadata at .*$/, 'metadata at <meta>')
    .replace(/^vregion \S+ already in interim mode$/, 'vregion <meta> already in interim mode');
}

function fwOutcome(f: FwResult): Outcome {
  const c: Record<string, number> = {};
  for (const [k, v] of Object.entries(f.r)) {
    if (k === 'op' || k === 'ptr' || k === 'ret') continue;
    if (typeof v === 'number') c[k] = v;
    else if (typeof v === 'boolean') c[k] = v ? 1 : 0;
  }
  return { ptr: typeof f.r.ptr === 'number' ? f.r.ptr : -1, counters: c, log: fwLog(f.log) };
}

function vpageCounters(pool: VpagePool): Record<string, number> {
  return { free: pool.totalPages - pool.usedPages, total: pool.totalPages, elems: pool.liveAllocs };
}

function regionCounters(vr: Vregion | undefined): Record<string, number> {
  if (!vr || vr.useCount <= 0) return { live: 0 };
  const interim = vr.mode === 'interim' ? vr.interim : undefined;
  const st = interim?.stats();
  return {
    live: 1,
    base: vr.base - BASE,
    size: vr.size,
    pages: vr.pages,
    useCount: vr.useCount,
    type: TYPE[vr.mode],
    lifetimeUsed: vr.ltUsed,
    lifetimeSize: vr.ltSize,
    lifetimePtr: vr.ltPtr - BASE,
    freeCount: vr.freeCount,
    interimBase: interim ? interim.base - BASE : -1,
    interimBytes: interim ? vr.interimSize : 0,
    interimAlloc: st?.usedBytes ?? 0,
    interimFree: st?.freeBytes ?? 0,
  };
}

/** The model's outcome of every operation of a vpage or vregion trace, through replay.ts. */
function modelPoolOutcomes(t: AllocTrace, compactionDefect: boolean | undefined): Outcome[] {
  const out: Outcome[] = [];
  replayTrace(
    { totalPages: t.totalPages, physicalPages: t.physicalPages, maxAllocs: MAX_ALLOCS, compactionDefect, ops: t.ops as TraceOp[] },
    (res, pool, regions) => {
      const op = t.ops[out.length] as TraceOp;
      const region = 'region' in op ? regions.get(op.region) : op.op === 'create' ? regions.get(op.id) : undefined;
      const counters = t.kind === 'vpage' ? vpageCounters(pool) : { ...regionCounters(region), ...vpageCounters(pool) };
      const ptr = op.op === 'create' ? (res.ok ? 0 : -1) : res.ptr && op.op !== 'free' ? parseInt(res.ptr, 16) - BASE : -1;
      out.push({ ptr, counters, log: res.log.filter((l) => !l.startsWith('destroy ')).map(normaliseLog) });
    },
  );
  return out;
}

function modelHeapOutcomes(t: AllocTrace): Outcome[] {
  let heap: SysHeap | undefined;
  const counters = (): Record<string, number> => {
    const s = heap?.stats();
    return { allocBytes: s?.usedBytes ?? 0, freeBytes: s?.freeBytes ?? 0 };
  };
  return (t.ops as HeapOp[]).map((op): Outcome => {
    if (op.op === 'heap_init') {
      heap = new SysHeap(BASE + op.offset, op.bytes);
      return { ptr: -1, counters: { header: heap.headerBytes, ...counters() }, log: [] };
    }
    if (!heap) throw new Error('heap trace without heap_init');
    if (op.op === 'heap_free') {
      heap.free(BASE + op.offset);
      return { ptr: -1, counters: counters(), log: [] };
    }
    const p = op.align ? heap.alignedAlloc(op.align, op.bytes) : heap.alloc(op.bytes);
    return { ptr: p ? p - BASE : -1, counters: { chunkBytes: p ? heap.chunkBytes(p) : 0, ...counters() }, log: [] };
  });
}

export interface Difference {
  trace: AllocTrace;
  index: number;
  line: string;
  what: string[];
  firmware?: Outcome;
  model?: Outcome;
}

export function diffOutcomes(fw: Outcome, model: Outcome): string[] {
  const what: string[] = [];
  if (fw.ptr !== model.ptr) what.push(`pointer offset: firmware ${fw.ptr}, model ${model.ptr}`);
  // A destroyed or never created vregion has only `live: 0` on the model side.
  const dead = model.counters.live === 0 && fw.counters.live === 0;
  for (const [k, v] of Object.entries(fw.counters)) {
    if (!(k in model.counters)) {
      if (!dead) what.push(`${k}: firmware ${v}, model has no such counter`);
    } else if (model.counters[k] !== v) what.push(`${k}: firmware ${v}, model ${model.counters[k]}`);
  }
  const a = fw.log.join('\n');
  const b = model.log.join('\n');
  if (a !== b) what.push(`log: firmware ${JSON.stringify(fw.log)}, model ${JSON.stringify(model.log)}`);
  return what;
}

export interface BatchResult {
  traces: number;
  operations: number;
  /** Operations that differ in anything. */
  differences: number;
  /** Traces with at least one differing operation. */
  tracesDiffering: number;
  first?: Difference;
  /** Every firmware log message seen (INF and above), for coverage checks. */
  messages: Set<string>;
}

/**
 * Runs the traces in one harness process and compares them op by op. `compactionDefect` is
 * handed to the model's replay (undefined: the replay default, SOF main's behaviour).
 */
export function compareTraces(exe: string, traces: AllocTrace[], compactionDefect?: boolean): BatchResult {
  const lines: string[] = [];
  for (const t of traces) lines.push(`boot ${BASE} ${t.totalPages} ${t.physicalPages}`, ...t.fw);
  const run = runHarness(exe, lines);
  const res: BatchResult = { traces: traces.length, operations: 0, differences: 0, tracesDiffering: 0, messages: new Set() };
  let k = 0;
  const note = (d: Difference) => {
    res.differences++;
    res.first ??= d;
  };
  for (const t of traces) {
    const boot = run.results[k++];
    if (!boot || boot.r.ret !== 0) {
      note({ trace: t, index: -1, line: 'boot', what: [run.failure ?? `boot failed: ${JSON.stringify(boot?.r)}`] });
      if (!boot) break;
      k += t.fw.length;
      continue;
    }
    const model = t.kind === 'sys_heap' ? modelHeapOutcomes(t) : modelPoolOutcomes(t, compactionDefect);
    let differs = false;
    for (let i = 0; i < t.fw.length; i++) {
      res.operations++;
      const f = run.results[k++];
      if (!f) {
        note({ trace: t, index: i, line: t.fw[i], what: [run.failure ?? 'no firmware result'] });
        return res;
      }
      const fo = fwOutcome(f);
      for (const m of fo.log) res.messages.add(m);
      const what = diffOutcomes(fo, model[i]);
      // Count each differing operation; later operations of a diverged trace are still counted,
      // so the total says how far the divergence spreads.
      if (what.length) {
        differs = true;
        note({ trace: t, index: i, line: t.fw[i], what, firmware: fo, model: model[i] });
      }
    }
    if (differs) res.tracesDiffering++;
  }
  return res;
}

export function describe(d: Difference): string {
  const t = d.trace;
  const head = `${t.kind} trace seed ${t.seed} (pool ${t.totalPages} pages, ${t.physicalPages} physical), operation ${d.index + 1}: ${d.line}`;
  const before = d.index > 0 ? `\n  preceding operations: ${t.fw.slice(Math.max(0, d.index - 8), d.index).join(' | ')}` : '';
  return `${head}${before}\n  ${d.what.join('\n  ')}`;
}
