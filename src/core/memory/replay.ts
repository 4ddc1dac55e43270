// Replays raw vpage/vregion operations on the model, for what-if questions from firmware
// engineers and to check the model against the firmware's own tests. Bad traces never throw:
// each bad op gets `ok: false` and an `error` text.

import { MAX_VPAGES, VpagePool } from './vpage';
import { Vregion } from './vregion';
import { hex } from './hex';

export type TraceOp =
  | { op: 'create'; id: string; bytes: number }
  | { op: 'create_split'; id: string; lifetimeBytes: number; interimBytes: number }
  | { op: 'alloc'; region: string; bytes: number; align?: number; coherent?: boolean; type?: 'lifetime' | 'interim'; as?: string }
  | { op: 'set_interim'; region: string }
  | { op: 'free'; region: string; ptr: string }
  | { op: 'get' | 'put'; region: string }
  | { op: 'vpage_alloc'; pages: number; as?: string }
  | { op: 'vpage_free'; ptr: string };

export interface Trace {
  pageSize?: number;
  /** Pages in the vpage pool; default 64. */
  totalPages?: number;
  maxAllocs?: number;
  physicalPages?: number;
  /** Address of the vpage region (page aligned); default 0x10000000. */
  baseAddress?: number;
  /** The vpage element-compaction defect of SOF main; default true (false: the intended code). */
  compactionDefect?: boolean;
  ops: TraceOp[];
}

export interface ReplayResult {
  op: string;
  ok: boolean;
  error?: string;
  ptr?: string;
  /** For create: the vregion's pages; for vpage ops: pages allocated or freed. */
  pages?: number;
  lifetimeUsed?: number;
  /** The firmware's vr->lifetime.used when it differs from lifetimeUsed (after set_interim). */
  firmwareLifetimeUsed?: number;
  interimSize?: number;
  interimUsed?: number;
  /** Bytes the allocation took from its partition. */
  cost?: number;
  /** Model notes that are not firmware log lines (e.g. the compaction defect biting). */
  warnings?: string[];
  freePages: number;
  log: string[];
}

const fwLifetime = (r: Vregion): { firmwareLifetimeUsed?: number } =>
  r.firmwareLifetimeUsed === r.lifetimeUsed ? {} : { firmwareLifetimeUsed: r.firmwareLifetimeUsed };

/** Sees the model's state after each operation (the firmware harness reads its counters). */
export type ReplayObserver = (result: ReplayResult, pool: VpagePool, regions: ReadonlyMap<string, Vregion>) => void;

export function replayTrace(trace: unknown, observe?: ReplayObserver): { results: ReplayResult[]; error?: string } {
  if (!trace || typeof trace !== 'object' || !Array.isArray((trace as Trace).ops)) {
    return { results: [], error: 'trace must be an object with an "ops" array' };
  }
  const t = trace as Trace;
  const pageSize = t.pageSize ?? 4096;
  const totalPages = t.totalPages ?? 64;
  const count = (v: unknown, max: number) => v === undefined || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max);
  if (!Number.isInteger(pageSize) || pageSize <= 0 || (pageSize & (pageSize - 1)) !== 0) {
    return { results: [], error: 'pageSize must be a power of two' };
  }
  if (!count(totalPages, MAX_VPAGES) || !count(t.maxAllocs, 65535) || !count(t.physicalPages, MAX_VPAGES)) {
    return { results: [], error: `totalPages, physicalPages and maxAllocs must be integers from 0 to ${MAX_VPAGES}` };
  }
  const b = t.baseAddress;
  if (b !== undefined && (!Number.isSafeInteger(b) || b <= 0 || b % pageSize !== 0)) {
    return { results: [], error: 'baseAddress must be a positive multiple of pageSize' };
  }
  const pool = new VpagePool({
    totalPages,
    maxAllocs: t.maxAllocs ?? 128,
    pageSize,
    physicalPages: t.physicalPages,
    baseAddress: t.baseAddress,
    compactionDefect: t.compactionDefect ?? true,
  });
  const regions = new Map<string, Vregion>();
  const names = new Map<string, number>(); // `as` name -> pointer
  let owners = 0;
  const results: ReplayResult[] = [];

  for (const raw of t.ops as unknown[]) {
    const bitBefore = pool.defectWouldBite;
    pool.defectWouldBite = false;
    const op = (raw ?? {}) as Record<string, unknown>;
    const name = typeof op.op === 'string' ? op.op : '?';
    const base = (): ReplayResult => ({ op: name, ok: false, freePages: pool.totalPages - pool.usedPages, log: [] });
    const fail = (error: string, log: string[] = []): void => {
      results.push({ ...base(), error, log });
    };
    const num = (k: string): number | undefined => (typeof op[k] === 'number' && Number.isFinite(op[k]) ? (op[k] as number) : undefined);
    const str = (k: string): string | undefined => (typeof op[k] === 'string' ? (op[k] as string) : undefined);
    const region = (): Vregion | undefined => regions.get(str('region') ?? '');
    const ptrOf = (k: string): number | undefined => {
      const v = str(k);
      if (v === undefined) return num(k);
      return names.get(v) ?? (/^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : undefined);
    };
    switch (name) {
      case 'create':
      case 'create_split': {
        const id = str('id');
        if (!id || regions.has(id)) {
          fail(id ? `region "${id}" already exists` : 'create needs an "id"');
          break;
        }
        const res =
          name === 'create'
            ? Vregion.create(pool, num('bytes') ?? 0, ++owners)
            : Vregion.createSplit(pool, num('lifetimeBytes') ?? 0, num('interimBytes') ?? 0, ++owners);
        if (!res.region) {
          fail(res.error ?? 'failed', res.log);
          break;
        }
        regions.set(id, res.region);
        results.push({ ...base(), ok: true, ptr: hex(res.region.base), pages: res.region.pages, freePages: pool.totalPages - pool.usedPages, log: res.log });
        break;
      }
      case 'alloc': {
        const r = region();
        const bytes = num('bytes');
        if (!r || bytes === undefined) {
          fail(!r ? `unknown region "${str('region')}"` : 'alloc needs "bytes"');
          break;
        }
        const type = str('type');
        const a = r.alloc(bytes, num('align') ?? 0, op.coherent === true, type === 'lifetime' || type === 'interim' ? type : undefined);
        const as = str('as');
        if (a.ptr && as) names.set(as, a.ptr);
        results.push({
          ...base(),
          ok: a.ptr !== 0,
          ...(a.ptr ? { ptr: hex(a.ptr), cost: a.cost } : { error: 'allocation failed' }),
          lifetimeUsed: r.lifetimeUsed,
          ...fwLifetime(r),
          interimSize: r.interimSize,
          interimUsed: r.interimUsed,
          log: a.log,
        });
        break;
      }
      case 'set_interim': {
        const r = region();
        if (!r) {
          fail(`unknown region "${str('region')}"`);
          break;
        }
        const s = r.setInterim();
        results.push({ ...base(), ok: s.ok, ...(s.ok ? {} : { error: 'interim heap not created' }), lifetimeUsed: r.lifetimeUsed, ...fwLifetime(r), interimSize: r.interimSize, log: s.log });
        break;
      }
      case 'free': {
        const r = region();
        const p = ptrOf('ptr');
        if (!r || p === undefined) {
          fail(!r ? `unknown region "${str('region')}"` : `unknown pointer "${String(op.ptr)}"`);
          break;
        }
        const f = r.free(p);
        results.push({ ...base(), ok: f.ok, ...(f.ok ? {} : { error: 'invalid pointer' }), lifetimeUsed: r.lifetimeUsed, ...fwLifetime(r), interimUsed: r.interimUsed, log: f.log });
        break;
      }
      case 'get':
      case 'put': {
        const r = region();
        if (!r || r.useCount <= 0) {
          fail(`unknown or destroyed region "${str('region')}"`);
          break;
        }
        const log: string[] = [];
        r.useCount += name === 'get' ? 1 : -1;
        if (r.useCount === 0) {
          log.push(`destroy ${hex(r.base)} size ${hex(r.size)} pages ${r.pages}`, ...pool.free(r.vpage).log);
        }
        results.push({ ...base(), ok: true, freePages: pool.totalPages - pool.usedPages, log });
        break;
      }
      case 'vpage_alloc': {
        const pages = num('pages');
        if (pages === undefined || !Number.isInteger(pages) || pages < 0 || pages > MAX_VPAGES) {
          fail('vpage_alloc needs "pages", an integer page count');
          break;
        }
        const a = pool.alloc(pages, ++owners);
        const as = str('as');
        const ptr = a.vpage !== undefined ? pool.address(a.vpage) : undefined;
        if (ptr !== undefined && as) names.set(as, ptr);
        results.push({ ...base(), ok: a.ok, ...(a.error ? { error: a.error } : {}), ...(ptr !== undefined ? { ptr: hex(ptr) } : {}), pages, freePages: pool.totalPages - pool.usedPages, log: a.log });
        break;
      }
      case 'vpage_free': {
        const p = ptrOf('ptr');
        if (p === undefined) {
          fail(`unknown pointer "${String(op.ptr)}"`);
          break;
        }
        const f = pool.free((p - pool.baseAddress) / pageSize);
        results.push({ ...base(), ok: f.ok, pages: f.pages, freePages: pool.totalPages - pool.usedPages, log: f.log });
        break;
      }
      default:
        fail(`unknown op "${name}"`);
    }
    if (pool.defectWouldBite) {
      const last = results[results.length - 1];
      last.warnings = [
        pool.compactionDefect
          ? 'vpage element compaction copied the empty slot past the last element: the newest record is lost (MEM040)'
          : 'freed a vpage allocation other than the newest: with the current vpage.c its record would be lost (MEM040)',
      ];
    }
    pool.defectWouldBite ||= bitBefore;
    observe?.(results[results.length - 1], pool, regions);
  }
  return { results };
}
