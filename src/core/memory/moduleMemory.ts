// Replays a module's ops into the memory the firmware model gives it: a vregion (shared with
// other modules in the per-pipeline model) or, when the module has no vregion, a plain byte
// count of heap memory outside the pool. Also keeps the module's mod_alloc object pools.

import { objpoolGrowth, STRUCT_SIZES } from './costModels/framework';
import type { MemOp } from './costModels/moduleScripts';
import type { Vregion, VregionMemType } from './vregion';

export interface OpResult {
  ok: boolean;
  tag: string;
  log: string[];
}

/** Shared fast_get copies (> 2048 bytes) in VMH: one per DRAM array, reference counted. */
export class SharedCopies {
  private readonly refs = new Map<string, { bytes: number; refs: number }>();
  take(key: string, bytes: number): void {
    const e = this.refs.get(key);
    if (e) e.refs++;
    else this.refs.set(key, { bytes: Math.ceil(bytes / 4096) * 4096, refs: 1 });
  }
  get bytes(): number {
    let t = 0;
    for (const e of this.refs.values()) t += e.bytes;
    return t;
  }
}

const align64 = (n: number): number => Math.ceil(n / 64) * 64;

/** One step of a vregion's history: what was placed where, or freed. */
export interface AllocRecord {
  module: string;
  tag: string;
  op: 'alloc' | 'free' | 'fail';
  where?: VregionMemType;
  /** Offset of the returned pointer from the vregion base. */
  offset?: number;
  /** Bytes the allocation took (lifetime: padding + size; interim: chunk bytes incl. header). */
  cost?: number;
  bytes?: number;
}

export class ModuleMemory {
  readonly region?: Vregion;
  /** Partition for split (phase I) regions; the single layout follows the region's own mode. */
  splitPhase: VregionMemType = 'lifetime';
  private live = 0;
  private capacity = 0;
  private pools = 0;
  private readonly ptrs = new Map<string, { ptr: number; resource: boolean; outside: number }>();
  /** Bytes live outside any vregion (system/driver heap, 64-byte rounded), and their peak. */
  outsideBytes = 0;
  outsidePeak = 0;
  failed = false;

  constructor(
    region: Vregion | undefined,
    private readonly shared: SharedCopies,
    private readonly module = '',
    /** History of the region, shared by every module placed in it. */
    readonly trace?: AllocRecord[],
  ) {
    this.region = region;
  }

  private place(bytes: number, align: number, coherent: boolean, tag: string): { ptr: number; log: string[]; outside: number } {
    if (!this.region) {
      const b = align64(bytes);
      this.outsideBytes += b;
      this.outsidePeak = Math.max(this.outsidePeak, this.outsideBytes);
      return { ptr: 1, log: [], outside: b };
    }
    const type = this.region.layout === 'split' ? this.splitPhase : undefined;
    const r = this.region.alloc(bytes, align, coherent, type);
    this.trace?.push(
      r.ptr
        ? { module: this.module, tag, op: 'alloc', where: r.where, offset: r.ptr - this.region.base, cost: r.cost, bytes }
        : { module: this.module, tag, op: 'fail', bytes },
    );
    return { ptr: r.ptr, log: r.log, outside: 0 };
  }

  /** mod_alloc's container: a free module_resource, growing the object pools when full. */
  private container(): { ok: boolean; log: string[] } {
    if (this.live < this.capacity) {
      this.live++;
      return { ok: true, log: [] };
    }
    const n = objpoolGrowth(this.pools);
    const r = this.place(STRUCT_SIZES.objpoolHeader + n * STRUCT_SIZES.moduleResource, 0, false, `objpool(${n} module_resource)`);
    if (!r.ptr) return { ok: false, log: r.log };
    this.pools++;
    this.capacity += n;
    this.live++;
    return { ok: true, log: [] };
  }

  free(tag: string): void {
    const e = this.ptrs.get(tag);
    if (!e) return;
    this.ptrs.delete(tag);
    if (e.resource) this.live--;
    this.outsideBytes -= e.outside;
    if (this.region && e.ptr > 1) {
      this.region.free(e.ptr);
      this.trace?.push({ module: this.module, tag, op: 'free', offset: e.ptr - this.region.base });
    }
  }

  run(op: MemOp): OpResult {
    if (op.freeTag) this.free(op.freeTag);
    const log: string[] = [];
    if (op.resource) {
      const c = this.container();
      log.push(...c.log);
      if (!c.ok) return { ok: false, tag: `${op.tag} (resource container)`, log };
    }
    if (op.sharedKey) {
      this.shared.take(op.sharedKey, op.bytes);
      this.ptrs.set(op.tag, { ptr: 0, resource: !!op.resource, outside: 0 });
      return { ok: true, tag: op.tag, log };
    }
    const r = this.place(op.bytes, op.align ?? 0, !!op.coherent, op.tag);
    log.push(...r.log);
    if (!r.ptr) {
      if (op.resource) this.live--;
      return { ok: false, tag: op.tag, log };
    }
    this.ptrs.set(op.tag, { ptr: r.ptr, resource: !!op.resource, outside: r.outside });
    return { ok: true, tag: op.tag, log };
  }

  /** Runs ops in order, stopping at the first failure. */
  runAll(ops: MemOp[]): OpResult {
    const log: string[] = [];
    for (const op of ops) {
      const r = this.run(op);
      log.push(...r.log);
      if (!r.ok) return { ok: false, tag: r.tag, log };
    }
    return { ok: true, tag: '', log };
  }

  /** mod_free_all at module free: interim objects go back to the heap, lifetime ones stay lost. */
  freeAll(): void {
    for (const tag of [...this.ptrs.keys()]) this.free(tag);
  }
}
