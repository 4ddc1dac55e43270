// Emulation of Zephyr's sys_heap (lib/heap/heap.c), the allocator behind a vregion's interim
// k_heap. The interim heap is small (a few KiB), so a byte budget is not good enough: alignment
// prefixes, the 3-try bucket scan and split/merge decide whether an allocation fits. This follows
// the C code step by step (spec §2.10) and works on addresses so 64-byte alignment is exact.

const CHUNK_UNIT = 8;
/** CONFIG_SYS_HEAP_ALLOC_LOOPS default. */
const ALLOC_LOOPS = 3;
/** Heaps of more than 0x7fff chunks use 8-byte chunk headers ("big" heaps). */
const SMALL_HEAP_MAX_CHUNKS = 0x7fff;
/** sizeof(struct z_heap) without runtime stats, and per-bucket head size. */
const Z_HEAP_BYTES = 16;
const BUCKET_BYTES = 4;

interface Chunk {
  size: number; // in chunk units
  left: number; // size of the left neighbour, in units
  used: boolean;
  prevFree: number;
  nextFree: number;
}

export interface SysHeapStats {
  /** Bytes in free chunks (what the allocator could hand out before headers and alignment). */
  freeBytes: number;
  /** Bytes in used chunks, headers included, excluding the heap's own chunk 0. */
  usedBytes: number;
  largestFreeBytes: number;
  freeChunks: number;
}

const log2 = (n: number): number => 31 - Math.clz32(n);
const alignUp = (v: number, a: number): number => Math.ceil(v / a) * a;
const alignDown = (v: number, a: number): number => Math.floor(v / a) * a;

export class SysHeap {
  readonly base: number;
  readonly bytes: number;
  private readonly big: boolean;
  private readonly hdr: number;
  private readonly buf: number; // chunk_buf address (chunk 0)
  readonly endChunk: number;
  readonly chunk0Bytes: number;
  private readonly chunks = new Map<number, Chunk>();
  private readonly buckets: number[];
  private availBuckets = 0;

  /** `sys_heap_init(mem, bytes)`; throws only on sizes the C code asserts on (caller checks first). */
  constructor(mem: number, bytes: number) {
    this.base = mem;
    this.bytes = bytes;
    // The footer size follows the raw byte count, the header size the final chunk count
    // (heap_footer_bytes() vs big_heap(h)); they differ only right at the 0x7fff boundary.
    const usable = bytes - (Math.floor(bytes / CHUNK_UNIT) > SMALL_HEAP_MAX_CHUNKS ? 8 : 4);
    const addr = alignUp(mem, CHUNK_UNIT);
    const end = alignDown(mem + usable, CHUNK_UNIT);
    this.buf = addr;
    const heapSz = (end - addr) / CHUNK_UNIT;
    this.endChunk = heapSz;
    this.big = heapSz > SMALL_HEAP_MAX_CHUNKS;
    this.hdr = this.big ? 8 : 4;
    const nbBuckets = this.bucketIdx(heapSz) + 1;
    this.buckets = new Array<number>(nbBuckets).fill(0);
    const chunk0 = Math.ceil((Z_HEAP_BYTES + nbBuckets * BUCKET_BYTES) / CHUNK_UNIT);
    if (chunk0 + this.minChunk() > heapSz) throw new RangeError(`heap of ${bytes} bytes is too small`);
    this.chunk0Bytes = chunk0 * CHUNK_UNIT;
    this.chunks.set(0, { size: chunk0, left: 0, used: true, prevFree: 0, nextFree: 0 });
    this.chunks.set(chunk0, { size: heapSz - chunk0, left: chunk0, used: false, prevFree: 0, nextFree: 0 });
    this.chunks.set(heapSz, { size: 0, left: heapSz - chunk0, used: true, prevFree: 0, nextFree: 0 });
    this.freeListAdd(chunk0);
  }

  /** Chunk header bytes: 4, or 8 in a heap of more than 0x7fff chunks. */
  get headerBytes(): number {
    return this.hdr;
  }

  private minChunk(): number {
    return Math.ceil((this.hdr + 1) / CHUNK_UNIT);
  }

  private bucketIdx(sz: number): number {
    return log2(sz - this.minChunk() + 1);
  }

  private bytesToChunks(bytes: number): number {
    return Math.ceil((this.hdr + bytes) / CHUNK_UNIT);
  }

  private c(id: number): Chunk {
    const ch = this.chunks.get(id);
    if (!ch) throw new Error(`sys_heap model: no chunk ${id}`);
    return ch;
  }

  private chunkMem(id: number): number {
    return this.buf + id * CHUNK_UNIT + this.hdr;
  }

  private freeListRemoveBidx(id: number, bidx: number): void {
    const ch = this.c(id);
    if (ch.nextFree === id) {
      this.availBuckets &= ~(1 << bidx);
      this.buckets[bidx] = 0;
    } else {
      const first = ch.prevFree;
      const second = ch.nextFree;
      this.buckets[bidx] = second;
      this.c(first).nextFree = second;
      this.c(second).prevFree = first;
    }
  }

  private freeListRemove(id: number): void {
    if (this.big && this.c(id).size === 1) return; // solo free header: never listed
    this.freeListRemoveBidx(id, this.bucketIdx(this.c(id).size));
  }

  private freeListAdd(id: number): void {
    const ch = this.c(id);
    if (this.big && ch.size === 1) return;
    const bidx = this.bucketIdx(ch.size);
    const head = this.buckets[bidx];
    if (head === 0) {
      this.availBuckets |= 1 << bidx;
      this.buckets[bidx] = id;
      ch.prevFree = id;
      ch.nextFree = id;
    } else {
      // Insert before the head, i.e. at the tail of the circular list.
      const second = head;
      const first = this.c(second).prevFree;
      ch.prevFree = first;
      ch.nextFree = second;
      this.c(first).nextFree = id;
      this.c(second).prevFree = id;
    }
  }

  private split(lc: number, rc: number): void {
    const l = this.c(lc);
    const sz0 = l.size;
    const lsz = rc - lc;
    const rsz = sz0 - lsz;
    l.size = lsz;
    this.chunks.set(rc, { size: rsz, left: lsz, used: false, prevFree: 0, nextFree: 0 });
    this.c(rc + rsz).left = rsz;
  }

  private merge(lc: number, rc: number): void {
    const l = this.c(lc);
    const newsz = l.size + this.c(rc).size;
    this.chunks.delete(rc);
    l.size = newsz;
    this.c(lc + newsz).left = newsz;
  }

  private allocChunk(sz: number): number {
    const bi = this.bucketIdx(sz);
    if (bi > this.bucketIdx(this.endChunk)) return 0;
    if (this.buckets[bi] !== 0) {
      const first = this.buckets[bi];
      let i = ALLOC_LOOPS;
      do {
        const id = this.buckets[bi];
        if (this.c(id).size >= sz) {
          this.freeListRemoveBidx(id, bi);
          return id;
        }
        this.buckets[bi] = this.c(id).nextFree;
      } while (--i && this.buckets[bi] !== first);
    }
    const bmask = this.availBuckets & ~((2 << bi) - 1);
    if (bmask !== 0) {
      const minBucket = 31 - Math.clz32(bmask & -bmask);
      const id = this.buckets[minBucket];
      this.freeListRemoveBidx(id, minBucket);
      return id;
    }
    return 0;
  }

  private sizeTooBig(bytes: number): boolean {
    return bytes / CHUNK_UNIT >= this.endChunk;
  }

  /** `sys_heap_alloc`; returns the user pointer or 0. */
  alloc(bytes: number): number {
    if (bytes <= 0 || this.sizeTooBig(bytes)) return 0;
    const sz = this.bytesToChunks(bytes);
    const id = this.allocChunk(sz);
    if (id === 0) return 0;
    if (this.c(id).size > sz) {
      this.split(id, id + sz);
      this.freeListAdd(id + sz);
    }
    this.c(id).used = true;
    return this.chunkMem(id);
  }

  /** `sys_heap_aligned_alloc`; returns the user pointer or 0. */
  alignedAlloc(align: number, bytes: number): number {
    let rew = align & -align;
    let gap: number;
    if (align !== rew) {
      align -= rew;
      gap = Math.min(rew, this.hdr);
    } else {
      if (align <= this.hdr) return this.alloc(bytes);
      rew = 0;
      gap = this.hdr;
    }
    if (bytes <= 0 || this.sizeTooBig(bytes)) return 0;
    const padded = this.bytesToChunks(bytes + align - gap);
    const c0 = this.allocChunk(padded);
    if (c0 === 0) return 0;
    const mem = alignUp(this.chunkMem(c0) + rew, align) - rew;
    const end = alignUp(mem + bytes, CHUNK_UNIT);
    const id = Math.floor((mem - this.hdr - this.buf) / CHUNK_UNIT);
    const cEnd = (end - this.buf) / CHUNK_UNIT;
    if (id > c0) {
      this.split(c0, id);
      this.freeListAdd(c0);
    }
    if (id + this.c(id).size > cEnd) {
      this.split(id, cEnd);
      this.freeListAdd(cEnd);
    }
    this.c(id).used = true;
    return mem;
  }

  /** `sys_heap_free`; false for a pointer that is not a live allocation. */
  free(ptr: number): boolean {
    const id = (ptr - this.hdr - this.buf) / CHUNK_UNIT;
    let chunkId = Math.floor(id);
    const ch = this.chunks.get(chunkId);
    if (!ch || !ch.used || chunkId === 0 || chunkId === this.endChunk) return false;
    const right = chunkId + ch.size;
    if (!this.c(right).used) {
      this.freeListRemove(right);
      this.merge(chunkId, right);
    }
    const left = chunkId - ch.left;
    if (!this.c(left).used) {
      this.freeListRemove(left);
      this.merge(left, chunkId);
      chunkId = left;
    }
    this.c(chunkId).used = false;
    this.freeListAdd(chunkId);
    return true;
  }

  /** Bytes of the used chunk behind a pointer returned by alloc (header and padding included). */
  chunkBytes(ptr: number): number {
    const ch = this.chunks.get(Math.floor((ptr - this.hdr - this.buf) / CHUNK_UNIT));
    return ch && ch.used ? ch.size * CHUNK_UNIT : 0;
  }

  /** True if `ptr` lies inside the heap's memory. */
  contains(ptr: number): boolean {
    return ptr >= this.base && ptr < this.base + this.bytes;
  }

  stats(): SysHeapStats {
    let freeBytes = 0;
    let usedBytes = 0;
    let largest = 0;
    let freeChunks = 0;
    for (const [id, ch] of this.chunks) {
      if (id === 0 || id === this.endChunk) continue;
      const b = ch.size * CHUNK_UNIT;
      if (ch.used) usedBytes += b;
      else if (!(this.big && ch.size === 1)) {
        // A solo free header (big heaps) is on no free list; get_alloc_info() skips it too.
        freeBytes += b;
        freeChunks++;
        if (b > largest) largest = b;
      }
    }
    return { freeBytes, usedBytes, largestFreeBytes: largest, freeChunks };
  }
}
