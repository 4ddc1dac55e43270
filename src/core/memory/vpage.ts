// The vpage pool (zephyr/lib/vpage.c, spec §1): first-fit contiguous virtual pages over a bitmap,
// each mapped onto any free physical page, at most `maxAllocs` live allocations. Failures carry
// the exact log text the firmware prints so users can match them against a DSP trace.

/** vpage indices and counts are unsigned short (vpage.c:36-61). */
export const MAX_VPAGES = 65535;

export type VpageError = 'not-enough-pages' | 'max-allocs' | 'no-contiguous-run' | 'map-failed' | 'pool-unusable';

export interface VpageAllocResult {
  ok: boolean;
  /** Page index relative to the region base. */
  vpage?: number;
  error?: VpageError;
  /** Firmware log lines (module `vpage`) this call would produce, in order. */
  log: string[];
}

export interface VpageFreeResult {
  ok: boolean;
  /** Pages returned to the pool (0 when the record was lost and the pages leaked). */
  pages: number;
  log: string[];
}

export interface VpageOptions {
  /** Virtual pages in the region (vpage_init: region_size / page size). */
  totalPages: number;
  /** CONFIG_SOF_VPAGE_MAX_ALLOCS. */
  maxAllocs: number;
  pageSize: number;
  /** Physical pages that can back the region; defaults to totalPages (spec §1.2). */
  physicalPages?: number;
  /** Region base address (page aligned, non-zero: 0 means "no pointer"); default 0x10000000. */
  baseAddress?: number;
  /**
   * Reproduce the velems compaction defect of SOF main (vpage.c:222-227 at 12dd7265, spec §1.5).
   * The firmware harness runs vpage.c itself and matches the model only with this on.
   */
  compactionDefect?: boolean;
  /** Records the allocator calls (vregion ops and pool frees) as a replay trace. */
  journal?: AllocJournal;
}

interface Elem {
  pages: number;
  vpage: number;
}

import type { AllocJournal } from './journal';
import { hex } from './hex';


export class VpagePool {
  readonly totalPages: number;
  readonly maxAllocs: number;
  readonly pageSize: number;
  readonly baseAddress: number;
  readonly compactionDefect: boolean;
  readonly journal?: AllocJournal;
  /** Virtual page -> owner tag (0 = free). */
  readonly owners: Int32Array;
  private freePages: number;
  private physFree: number;
  private readonly elems: Elem[];
  private numElems = 0;
  /** Set when a free in the current snapshot would lose the newest record (spec §1.5). */
  defectWouldBite = false;
  /** With the defect on: records an allocation overwrote, by the owner of their pages. */
  readonly lostRecords: Array<{ owner: number; vpage: number; pages: number }> = [];
  /** With the defect on: frees that failed because their record was lost ("... not found"). */
  readonly failedFrees: Array<{ owner: number; vpage: number }> = [];
  /** Bumped on every change of page ownership, so page maps can be reused between snapshots. */
  version = 0;
  private runsCache?: { version: number; runs: Array<[number, number, number]> };

  constructor(o: VpageOptions) {
    this.totalPages = Math.max(0, o.totalPages);
    this.maxAllocs = o.maxAllocs;
    this.pageSize = o.pageSize;
    this.baseAddress = o.baseAddress || 0x10000000;
    this.compactionDefect = o.compactionDefect ?? false;
    this.journal = o.journal;
    this.owners = new Int32Array(this.totalPages);
    this.freePages = this.totalPages;
    this.physFree = o.physicalPages ?? this.totalPages;
    // One spare slot: the defective compaction reads and writes one element past the array.
    this.elems = Array.from({ length: this.maxAllocs + 1 }, () => ({ pages: 0, vpage: 0 }));
  }

  get usedPages(): number {
    return this.totalPages - this.freePages;
  }

  get liveAllocs(): number {
    return this.numElems;
  }

  address(vpage: number): number {
    return this.baseAddress + vpage * this.pageSize;
  }

  /** `vpage_alloc(pages)`; `owner` (> 0) tags the pages for page maps. */
  alloc(pages: number, owner: number): VpageAllocResult {
    const log: string[] = [];
    if (pages === 0) {
      // vpages_alloc_and_map() returns 0 with a NULL pointer, and vpage_alloc() logs it as a success.
      log.push(`vpage_alloc ptr (nil) pages 0 free ${this.freePages}/${this.totalPages}`);
      return { ok: true, log };
    }
    const fail = (error: VpageError, errno = -12): VpageAllocResult => {
      log.push(`vpage_alloc failed ${errno} for ${pages} pages, total ${this.totalPages} free ${this.freePages}`);
      return { ok: false, error, log };
    };
    if (this.totalPages === 0) {
      // vpage_init failed, so free_pages stayed 0: the firmware logs the ordinary shortage.
      log.push(`error: not enough free pages 0 for requested pages ${pages}`);
      return fail('pool-unusable');
    }
    if (this.freePages < pages) {
      log.push(`error: not enough free pages ${this.freePages} for requested pages ${pages}`);
      return fail('not-enough-pages');
    }
    if (this.numElems >= this.maxAllocs) {
      log.push('error: max allocation elements reached');
      return fail('max-allocs');
    }
    const start = this.firstFit(pages);
    if (start < 0) {
      log.push(`error: failed to allocate ${pages} continuous virtual pages, free ${this.freePages}`);
      return fail('no-contiguous-run');
    }
    // sys_mm_drv_map_region_safe: virt + size must be strictly below the region end.
    if (start + pages >= this.totalPages) {
      log.push(`error: failed to map virtual region ${hex(this.address(start))} to physical region ${hex(this.baseAddress)}, error -22`);
      return fail('map-failed', -22);
    }
    if (this.physFree < pages) {
      // The stored TLB driver does not unmap the pages it mapped before running out.
      this.physFree = 0;
      log.push(`error: failed to map virtual region ${hex(this.address(start))} to physical region ${hex(this.baseAddress)}, error -12`);
      return fail('map-failed');
    }
    this.physFree -= pages;
    this.version++;
    this.owners.fill(owner, start, start + pages);
    this.freePages -= pages;
    const e = this.elems[this.numElems++];
    // After a defective compaction the slot still holds the newest live record: it is lost now.
    if (e.pages > 0) this.lostRecords.push({ owner: this.owners[e.vpage], vpage: e.vpage, pages: e.pages });
    e.pages = pages;
    e.vpage = start;
    log.push(`vpage_alloc ptr ${hex(this.address(start))} pages ${pages} free ${this.freePages}/${this.totalPages}`);
    return { ok: true, vpage: start, log };
  }

  /** `vpage_free(ptr)` with ptr given as a page index (or a non-integer for a misaligned pointer). */
  free(vpage: number): VpageFreeResult {
    this.journal?.pagesFreed(vpage, this.baseAddress + vpage * this.pageSize);
    const log: string[] = [];
    if (!Number.isInteger(vpage)) {
      log.push(`error: invalid non aligned page pointer ${hex(Math.round(this.baseAddress + vpage * this.pageSize))}`);
      return { ok: false, pages: 0, log };
    }
    const idx = this.elems.slice(0, this.maxAllocs).findIndex((e) => e.pages > 0 && e.vpage === vpage);
    if (idx < 0) {
      if (vpage >= 0 && vpage < this.totalPages && this.owners[vpage] !== 0) this.failedFrees.push({ owner: this.owners[vpage], vpage });
      log.push(`error: invalid page pointer ${hex(this.address(vpage))} not found`);
      return { ok: false, pages: 0, log };
    }
    const pages = this.elems[idx].pages;
    this.version++;
    this.owners.fill(0, vpage, vpage + pages);
    this.physFree += pages;
    this.freePages += pages;
    this.compact(idx);
    log.push(`vptr ${hex(this.address(vpage))} free/total pages ${this.freePages}/${this.totalPages}`);
    return { ok: true, pages, log };
  }

  private compact(idx: number): void {
    const last = this.numElems - 1;
    if (idx !== last) this.defectWouldBite = true;
    if (this.compactionDefect) {
      // vpage.c:222-227 copies velems[num_elems_in_use], one past the last live element.
      const src = this.elems[this.numElems];
      this.elems[idx] = { pages: src.pages, vpage: src.vpage };
      this.elems[this.numElems] = { pages: 0, vpage: 0 };
    } else {
      this.elems[idx] = this.elems[last];
      this.elems[last] = { pages: 0, vpage: 0 };
    }
    this.numElems--;
  }

  private firstFit(pages: number): number {
    let run = 0;
    for (let i = 0; i < this.totalPages; i++) {
      run = this.owners[i] === 0 ? run + 1 : 0;
      if (run === pages) return i - pages + 1;
    }
    return -1;
  }

  /** Page map as runs `[firstPage, pages, owner]` of allocated pages, in address order. */
  runs(): Array<[number, number, number]> {
    if (this.runsCache?.version === this.version) return this.runsCache.runs;
    const out: Array<[number, number, number]> = [];
    let i = 0;
    while (i < this.totalPages) {
      const o = this.owners[i];
      let j = i + 1;
      while (j < this.totalPages && this.owners[j] === o) j++;
      if (o !== 0) out.push([i, j - i, o]);
      i = j;
    }
    this.runsCache = { version: this.version, runs: out };
    return out;
  }

  /** Largest contiguous run of free virtual pages that can actually be mapped. */
  largestFreeRun(): number {
    let best = 0;
    let run = 0;
    for (let i = 0; i < this.totalPages; i++) {
      run = this.owners[i] === 0 ? run + 1 : 0;
      // A run touching the last page loses that page to the strict end check.
      const usable = i === this.totalPages - 1 ? run - 1 : run;
      if (usable > best) best = usable;
    }
    return best;
  }
}
