// What the SOF framework allocates for every module and buffer, independent of the module's own
// code (spec §3.3, §3.5, §3.6). Struct sizes of the framework need an Xtensa build to know
// exactly (spec §7.2): the values here are ESTIMATES inside the ranges the spec gives, to be
// calibrated against the firmware's "creating interim heap: lifetime used N" log line.

export interface StructSizes {
  processingModule: number;
  compDev: number;
  dpTaskMemory: number;
  compBuffer: number;
  ringBuffer: number;
  /** sizeof(struct sof_ipc_stream_params), mod_alloc'ed at init (+ ext data, usually 0). */
  streamParams: number;
  /** struct module_resource, one per mod_alloc/mod_fast_get, held in object pools. */
  moduleResource: number;
  /** struct objpool header. */
  objpoolHeader: number;
}

export const STRUCT_SIZES: StructSizes = {
  processingModule: 384, // estimate, spec range 320-448
  compDev: 256, // estimate, spec range 192-256
  dpTaskMemory: 448, // estimate: task + pdata + comp_driver copy + ipc4_flat (unknown)
  compBuffer: 192, // estimate (unknown)
  ringBuffer: 128, // estimate (unknown)
  streamParams: 84, // fact: field sum, SOF_IPC_MAX_CHANNELS = 8
  moduleResource: 20, // fact: compiled replica
  objpoolHeader: 20, // fact: compiled replica
};

/** Which struct sizes are estimates (reported in results so nobody mistakes them for facts). */
export const ESTIMATED_STRUCTS: Array<keyof StructSizes> = ['processingModule', 'compDev', 'dpTaskMemory', 'compBuffer', 'ringBuffer'];

/** Object pool element counts: 2, 4, 8, 16, 32, then 32 forever (objpool.c:28-66). */
export function objpoolGrowth(poolIndex: number): number {
  return Math.min(2 << poolIndex, 32);
}

/** comp_buffer data at an LL/DP boundary (helper.c:899-902). */
export function compBufferBytes(sourceIsLL: boolean, obsSrc: number, ibsDst: number): number {
  return sourceIsLL ? 2 * Math.max(obsSrc, ibsDst) : 2 * ibsDst;
}

/** DP-side ring buffer data (ring_buffer.c:322-375): 3 x the larger of the two sides, 64-aligned. */
export function ringBufferBytes(ibsDst: number, obsSrc: number): number {
  return Math.ceil((3 * Math.max(ibsDst, obsSrc)) / 64) * 64;
}

/** DP stack floor proposed in #10783 (CONFIG_ZEPHYR_DP_SCHEDULER_MIN_STACK_SIZE). */
export const DP_MIN_STACK_BYTES = 2048;
/** Default DP heap when the topology gives none (#10783 CONFIG_SOF_USERSPACE_DP_DEFAULT_HEAP_SIZE). */
export const DP_DEFAULT_HEAP_BYTES = 20480;
/** #10783 rejects DP heap requests above this. */
export const DP_MAX_HEAP_BYTES = 64 * 1024 * 1024;
/** module_adapter_dp_heap_new() in the current snapshot: vregion_create(28 * 1024). */
export const DP_FIXED_VREGION_BYTES = 28 * 1024;
/** Phase I DP layout: vregion_create(4096, 28K - 4096) (260ce13f5d). */
export const PHASE1_LIFETIME_BYTES = 4096;
/** Privileged stack header of a userspace thread stack on Xtensa (estimate, spec §3.4). */
export const PRIVILEGED_STACK_BYTES = 4096;
