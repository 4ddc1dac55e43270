// A vregion (zephyr/lib/vregion.c, spec §2): one vpage allocation carved by a linear "lifetime"
// allocator and, after `set_interim`, a sys_heap "interim" heap in what is left. The `split`
// layout is phase I (b3d0c47ae1): a page-aligned interim heap at the base, then a page-aligned
// lifetime partition, with the caller choosing the partition per allocation.

import { SysHeap } from './sysHeap';
import type { AllocJournal } from './journal';
import type { VpagePool, VpageError } from './vpage';
import { hex } from './hex';

export type VregionMode = 'lifetime' | 'interim' | 'invalid';
export type VregionLayout = 'single' | 'split';
export type VregionMemType = 'lifetime' | 'interim';

/** PLATFORM_DCACHE_ALIGN on every ACE part: minimum alignment of every vregion allocation. */
export const CACHE_LINE = 64;
/** Below this the interim heap is not created and the vregion becomes INVALID (vregion.c:234-243). */
export const MIN_INTERIM_BYTES = 1024;

export interface VregionAllocResult {
  ptr: number; // 0 on failure
  /** Bytes this allocation took from its partition (lifetime: padding + size; interim: chunk bytes). */
  cost: number;
  where?: VregionMemType;
  log: string[];
}

export interface VregionCreateResult {
  region?: Vregion;
  error?: VpageError | 'invalid-size';
  log: string[];
}

const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;

export class Vregion {
  readonly owner: number;
  readonly base: number;
  readonly size: number;
  readonly pages: number;
  readonly vpage: number;
  readonly layout: VregionLayout;
  readonly cacheLine: number;
  /** The pool's journal and this region's id in it (`r<owner>`). */
  private readonly journal?: AllocJournal;
  private readonly journalId: string;
  mode: VregionMode = 'lifetime';
  useCount = 1;
  // Lifetime linear allocator (struct vlinear_heap).
  ltBase: number;
  ltPtr: number;
  ltSize: number;
  ltUsed = 0;
  freeCount = 0;
  /** Lifetime bytes used at the moment set_interim ran (the firmware's calibration log value). */
  lifetimeUsedAtInterim?: number;
  interim?: SysHeap;
  interimSize = 0;
  /** Sum of chunk bytes of live interim allocations, and its peak. */
  interimUsed = 0;
  interimPeak = 0;
  private readonly interimLive = new Map<number, number>();

  private constructor(pool: VpagePool, owner: number, vpage: number, pages: number, layout: VregionLayout, interimBytes: number, cacheLine: number) {
    this.owner = owner;
    this.cacheLine = cacheLine;
    this.journal = pool.journal;
    this.journalId = `r${owner}`;
    this.vpage = vpage;
    this.pages = pages;
    this.size = pages * pool.pageSize;
    this.base = pool.address(vpage);
    this.layout = layout;
    if (layout === 'split') {
      this.interimSize = interimBytes;
      this.interim = new SysHeap(this.base, interimBytes);
      this.ltBase = this.base + interimBytes;
      this.ltSize = this.size - interimBytes;
    } else {
      this.ltBase = this.base;
      this.ltSize = this.size;
    }
    this.ltPtr = this.ltBase;
  }

  /** `vregion_create(memsize)`: one vpage allocation of ceil(memsize / page) pages. */
  static create(pool: VpagePool, memsize: number, owner: number, cacheLine = CACHE_LINE): VregionCreateResult {
    if (memsize <= 0) {
      pool.journal?.created(`r${owner}`, memsize, undefined);
      return { error: 'invalid-size', log: [`error: invalid vregion memsize ${memsize}`] };
    }
    const pages = Math.ceil(memsize / pool.pageSize);
    const res = Vregion.fromPool(pool, pages, owner, 'single', 0, cacheLine);
    pool.journal?.created(`r${owner}`, memsize, res.region?.vpage);
    return res;
  }

  /** Phase I `vregion_create(lifetime_size, interim_size)`: two page-aligned partitions. */
  static createSplit(pool: VpagePool, lifetimeBytes: number, interimBytes: number, owner: number, cacheLine = CACHE_LINE): VregionCreateResult {
    if (lifetimeBytes <= 0 || interimBytes <= 0) {
      return { error: 'invalid-size', log: [`error: invalid vregion memsize ${lifetimeBytes + interimBytes}`] };
    }
    const interim = alignUp(interimBytes, pool.pageSize);
    const pages = (interim + alignUp(lifetimeBytes, pool.pageSize)) / pool.pageSize;
    const res = Vregion.fromPool(pool, pages, owner, 'split', interim, cacheLine);
    pool.journal?.createdSplit(`r${owner}`, lifetimeBytes, interimBytes, res.region?.vpage);
    return res;
  }

  private static fromPool(pool: VpagePool, pages: number, owner: number, layout: VregionLayout, interim: number, cacheLine: number): VregionCreateResult {
    const r = pool.alloc(pages, owner);
    if (!r.ok || r.vpage === undefined) return { error: r.error, log: r.log };
    const region = new Vregion(pool, owner, r.vpage, pages, layout, interim, cacheLine);
    const log = [...r.log, `new at base ${hex(region.base)} size ${hex(region.size)} pages ${pages} metadata at <sys heap>`];
    return { region, log };
  }

  /** Lifetime bytes consumed so far (before set_interim), or the value frozen at set_interim. */
  get lifetimeUsed(): number {
    return this.lifetimeUsedAtInterim ?? this.ltUsed;
  }

  /**
   * The firmware's own counter, vr->lifetime.used: equal to lifetimeUsed until set_interim, which
   * sets it to the whole region (the interim heap counts as lifetime use, vregion.c
   * interim_heap_init). Checked by the firmware harness.
   */
  get firmwareLifetimeUsed(): number {
    return this.ltUsed;
  }

  /**
   * `vregion_alloc_align` (or `vregion_alloc_coherent_align` when `coherent`). For the split
   * layout `type` picks the partition, as the phase I API did.
   */
  alloc(size: number, align = 0, coherent = false, type?: VregionMemType): VregionAllocResult {
    if (size <= 0) return { ptr: 0, cost: 0, log: [] };
    this.journal?.allocated(this.journalId, size, align, coherent, this.layout === 'split' ? type : undefined);
    const a = Math.max(align, this.cacheLine);
    const bytes = coherent ? alignUp(size, this.cacheLine) : size;
    if (this.layout === 'split') {
      return type === 'lifetime' ? this.lifetimeAlloc(bytes, a) : this.interimAlloc(bytes, a);
    }
    if (this.mode === 'interim') return this.interimAlloc(bytes, a);
    if (this.mode === 'lifetime') return this.lifetimeAlloc(bytes, a);
    return { ptr: 0, cost: 0, log: ['error: invalid memory type 2'] };
  }

  private lifetimeAlloc(size0: number, align: number): VregionAllocResult {
    const aligned = alignUp(this.ltPtr, align);
    const size = align === this.cacheLine ? alignUp(size0, this.cacheLine) : size0;
    const obj = aligned - this.ltPtr + size;
    if (obj + this.ltUsed > this.ltSize) {
      const free = this.ltSize - this.ltUsed;
      return { ptr: 0, cost: 0, log: [`lifetime alloc failed for object ${size} heap ${obj} bytes free ${free}`] };
    }
    this.ltPtr += obj;
    this.ltUsed += obj;
    return { ptr: aligned, cost: obj, where: 'lifetime', log: [] };
  }

  private interimAlloc(size: number, align: number): VregionAllocResult {
    const heap = this.interim;
    const ptr = heap ? heap.alignedAlloc(align, size) : 0;
    if (!heap || ptr === 0) return { ptr: 0, cost: 0, log: [`interim alloc failed for ${size} bytes align ${align}`] };
    const cost = heap.chunkBytes(ptr);
    this.interimUsed += cost;
    this.interimPeak = Math.max(this.interimPeak, this.interimUsed);
    this.interimLive.set(ptr, cost);
    return { ptr, cost, where: 'interim', log: [] };
  }

  /** `vregion_set_interim`: create the interim heap from what the lifetime allocator left. */
  setInterim(): { ok: boolean; log: string[] } {
    if (this.layout === 'split') return { ok: true, log: [] };
    this.journal?.setInterim(this.journalId);
    if (this.mode === 'interim') return { ok: true, log: [`vregion ${hex(this.base)} already in interim mode`] };
    const interimBase = alignUp(this.ltPtr, this.cacheLine);
    const interimSize = this.base + this.size - interimBase;
    if (interimSize < MIN_INTERIM_BYTES) {
      this.mode = 'invalid';
      this.interimSize = interimSize;
      return { ok: false, log: [`Too little memory, ${interimSize} bytes, left for interim heap`] };
    }
    const used = this.ltUsed;
    this.lifetimeUsedAtInterim = used;
    this.ltSize = interimBase - this.base;
    this.interim = new SysHeap(interimBase, interimSize);
    this.interimSize = interimSize;
    this.mode = 'interim';
    this.ltPtr = this.base + this.size;
    this.ltUsed = this.size;
    return {
      ok: true,
      log: [`creating interim heap: lifetime used ${used}, interim available ${interimSize} at ${hex(interimBase)}`],
    };
  }

  /** `vregion_free(ptr)`. */
  free(ptr: number): { ok: boolean; log: string[] } {
    this.journal?.freed(this.journalId, ptr);
    const heap = this.interim;
    const heapLive = this.layout === 'split' || this.mode === 'interim';
    if (heap && heapLive && heap.contains(ptr)) {
      if (!heap.free(ptr)) return { ok: false, log: [`error: vregion free invalid pointer ${hex(ptr)}`] };
      this.interimUsed -= this.interimLive.get(ptr) ?? 0;
      this.interimLive.delete(ptr);
      return { ok: true, log: [] };
    }
    if (ptr >= this.ltBase && ptr < this.ltBase + this.ltSize) {
      this.freeCount++;
      return { ok: true, log: [] };
    }
    return { ok: false, log: [`error: vregion free invalid pointer ${hex(ptr)}`] };
  }
}
