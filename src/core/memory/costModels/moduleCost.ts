// What one module's own code allocates, per lifecycle phase, computed from the topology
// (formats, ibs/obs, the bytes-control blobs). Every rule cites the firmware line that allocates.
// Sizes come in two kinds: `data` bytes (sample, FFT, filter and delay buffers, blobs) are the
// same on every target; `struct` bytes are sizeof() of a C struct and depend on pointer width
// and padding. Struct sizes are given for LP64 (the host testbench, where the fixtures were
// measured) and ILP32 (gcc -m32 -malign-double on the firmware headers, standing in for the
// 32-bit Xtensa DSP: an ESTIMATE until checked on an Xtensa build).

export type CostPhase = 'init' | 'set_config' | 'prepare';
export type PointerModel = 'ilp32' | 'lp64';

export interface StructSize {
  /** The C type, as the firmware names it. */
  type: string;
  lp64: number;
  ilp32: number;
  /** No 32-bit figure could be had (the ilp32 value repeats lp64). */
  ilp32Unknown?: boolean;
}

export interface CostAlloc {
  phase: CostPhase;
  tag: string;
  bytes: number;
  kind: 'struct' | 'data';
  /** Firmware line that allocates (path:line at the SOF commit of docs/module-oracle.md). */
  at: string;
  /** True when the bytes are an estimate (struct sizes converted to 32-bit). */
  estimate: boolean;
  /** Allocated outside the module's heap (rzalloc to a system heap), not through mod_alloc. */
  systemHeap?: boolean;
}

/** A module's stream as the firmware sees it at prepare. */
export interface CostInput {
  channels: number;
  /** Container bytes per sample (2 for 16-bit, 4 for 24- and 32-bit). */
  sampleBytes: number;
  rate: number;
  ibs: number;
  obs: number;
  /** dev->frames: frames per LL period (component_set_nearest_period_frames). */
  periodFrames: number;
  /** Data of the widget's bytes controls (ABI header included), in topology order. */
  blobs: number[][];
  pointer: PointerModel;
}

export interface ModuleCost {
  module: string;
  allocs: CostAlloc[];
  /** Why a figure is missing or approximate, in words a topology author can act on. */
  notes: string[];
}

export interface CostModel {
  /** Module type, the SOF source directory name. */
  module: string;
  /** Topology class names (widget name prefixes) that instantiate it. */
  classNames: string[];
  cost(i: CostInput): ModuleCost;
}

export function structAlloc(phase: CostPhase, tag: string, s: StructSize, at: string, i: CostInput): CostAlloc {
  return { phase, tag, bytes: i.pointer === 'lp64' ? s.lp64 : s.ilp32, kind: 'struct', at, estimate: i.pointer === 'ilp32' && (s.lp64 !== s.ilp32 || !!s.ilp32Unknown) };
}

export function dataAlloc(phase: CostPhase, tag: string, bytes: number, at: string): CostAlloc {
  return { phase, tag, bytes, kind: 'data', at, estimate: false };
}

/** Bytes the module's heap holds after the first prepare (mod_alloc only). */
export function heapBytes(c: ModuleCost): number {
  return c.allocs.filter((a) => !a.systemHeap).reduce((s, a) => s + a.bytes, 0);
}

export function bytesByPhase(c: ModuleCost): Record<CostPhase, number> {
  const out: Record<CostPhase, number> = { init: 0, set_config: 0, prepare: 0 };
  for (const a of c.allocs) if (!a.systemHeap) out[a.phase] += a.bytes;
  return out;
}

/** The module config after the 32-byte struct sof_abi_hdr of a bytes-control blob. */
export function blobPayload(blob: number[] | undefined): DataView | undefined {
  if (!blob || blob.length < 32) return undefined;
  const u8 = Uint8Array.from(blob.slice(32));
  return new DataView(u8.buffer);
}
