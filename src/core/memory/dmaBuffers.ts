// Host and DAI copier DMA buffers: what the driver asks for and what the firmware allocates.
// Driver (Linux sound/soc/sof/ipc4-topology.c, sof_ipc4_prepare_copier_module): gtw_cfg
// .dma_buffer_size is 2 ms (SOF_IPC4_MIN_DMA_BUFFER_SIZE) of the copier's ibs (aif_in, dai_in)
// or obs (aif_out, dai_out); a host copier with deep_buffer_dma_ms asks max(2, ms) ms
// (playback; capture too since thesofproject/linux#5605). Firmware (SOF 12dd7265): the minimum is
// period_count (4, zephyr/lib/dma.c:21-22) periods of one LL period of the DMA-side format;
// the host rounds the request up to a multiple of that minimum (host-zephyr.c:972-975), the DAI
// takes max(4, request / period) periods (dai-zephyr.c:1070-1106); buffer_alloc_range then tries
// the preferred size and steps down by the minimum (buffers/comp_buffer.c:302-318).

import type { ResolvedWidget } from '../model';
import type { WidgetFacts } from './widgetFacts';
import { maxOf } from './widgetFacts';

/** SOF_IPC4_MIN_DMA_BUFFER_SIZE in the driver: milliseconds of every gateway DMA buffer. */
export const MIN_DMA_BUFFER_MS = 2;
/** HDA_DMA_BUFFER_PERIOD_COUNT and DW_DMA_BUFFER_PERIOD_COUNT (zephyr/lib/dma.c:21-22). */
export const DMA_PERIOD_COUNT = 4;
/** The review's predefined deep-buffer sizes when a profile gives none. */
export const DEFAULT_DEEP_BUFFER_LADDER_MS = [100, 50, 20, 10];

export type CopierKind = 'host' | 'dai';

export interface DmaBufferReport {
  widget: string;
  kind: CopierKind;
  direction: 'playback' | 'capture';
  /** One LL period of the DMA-side format (the copier's ibs or obs: one 1 ms period). */
  periodBytes: number;
  /** gtw_cfg.dma_buffer_size the driver sends. */
  requestedBytes: number;
  /** buffer_alloc_range's minimum: period_count periods. */
  minimumBytes: number;
  /** buffer_alloc_range's preferred size after the firmware's rounding. */
  preferredBytes: number;
  /** deep_buffer_dma_ms when the host copier sets it. */
  deepBufferMs?: number;
}

const COPIERS: Record<string, { kind: CopierKind; direction: 'playback' | 'capture' }> = {
  aif_in: { kind: 'host', direction: 'playback' },
  aif_out: { kind: 'host', direction: 'capture' },
  dai_in: { kind: 'dai', direction: 'playback' },
  dai_out: { kind: 'dai', direction: 'capture' },
};

/** The DMA buffer of a host or DAI copier, or undefined for any other widget. */
export function dmaBufferOf(w: ResolvedWidget, f: WidgetFacts, llPeriodUs: number): DmaBufferReport | undefined {
  const c = COPIERS[w.type];
  if (!c) return undefined;
  // The driver sizes from ibs for aif_in/dai_in and obs for aif_out/dai_out; ibs/obs hold 1 ms.
  const perMs = c.direction === 'playback' ? maxOf(f.inputs.map((x) => x.bufferBytes)) : maxOf(f.outputs.map((x) => x.bufferBytes));
  if (!perMs) return undefined;
  const raw = w.tuples['copier.word']?.deep_buffer_dma_ms;
  const deepMs = c.kind === 'host' && typeof raw === 'number' && raw > 0 ? raw : undefined;
  const periodBytes = Math.max(1, Math.round((perMs * llPeriodUs) / 1000));
  const requestedBytes = Math.max(MIN_DMA_BUFFER_MS, deepMs ?? 0) * perMs;
  const minimumBytes = DMA_PERIOD_COUNT * periodBytes;
  const preferredBytes = c.kind === 'host'
    ? Math.ceil(requestedBytes / minimumBytes) * minimumBytes
    : Math.max(DMA_PERIOD_COUNT, Math.floor(requestedBytes / periodBytes)) * periodBytes;
  return { widget: w.name, kind: c.kind, direction: c.direction, periodBytes, requestedBytes, minimumBytes, preferredBytes, ...(deepMs !== undefined ? { deepBufferMs: deepMs } : {}) };
}

/**
 * The sizes a deep buffer tries, largest first: with a ladder, each rung no larger than the
 * request (rounded as the host rounds), then the minimum; without one, the exact request only.
 */
export function deepBufferCandidates(b: DmaBufferReport, ladderMs: number[] | undefined): Array<{ ms: number; bytes: number }> {
  if (!ladderMs) return [{ ms: msOf(b, b.preferredBytes), bytes: b.preferredBytes }];
  const round = (bytes: number) => Math.ceil(bytes / b.minimumBytes) * b.minimumBytes;
  const out: Array<{ ms: number; bytes: number }> = [];
  for (const ms of [...new Set(ladderMs)].sort((a, z) => z - a)) {
    const bytes = round(ms * perMsOf(b));
    if (ms <= (b.deepBufferMs ?? 0) && !out.some((x) => x.bytes === bytes)) out.push({ ms: msOf(b, bytes), bytes });
  }
  if (!out.length || out[out.length - 1].bytes > b.minimumBytes) out.push({ ms: msOf(b, b.minimumBytes), bytes: b.minimumBytes });
  return out;
}

/** Bytes of one millisecond of the copier's DMA-side format. */
const perMsOf = (b: DmaBufferReport): number => b.requestedBytes / Math.max(MIN_DMA_BUFFER_MS, b.deepBufferMs ?? 0);

/** Milliseconds of audio `bytes` hold (rounded to 0.1 ms). */
export const msOf = (b: DmaBufferReport, bytes: number): number => Math.round((10 * bytes) / perMsOf(b)) / 10;

/** Pool owner tags of deep buffers start here, above any vregion id. */
export const DEEP_BUFFER_OWNER_BASE = 10000;

export interface DeepBufferReport {
  widget: string;
  direction: 'playback' | 'capture';
  /** deep_buffer_dma_ms of the topology. */
  requestedMs: number;
  /** gtw_cfg.dma_buffer_size the driver sends, and the firmware's rounded preferred size. */
  requestedBytes: number;
  preferredBytes: number;
  minimumBytes: number;
  /** `sof_heap`: today's firmware (not in the vpage pool); `vpage-pool`: the review's what-if. */
  placement: 'sof_heap' | 'vpage-pool';
  /** The predefined sizes tried (ms), when the ladder what-if is on. */
  ladderMs?: number[];
  /** What the buffer got; absent when it got nothing. */
  obtainedMs?: number;
  obtainedBytes?: number;
  /** vpage-pool placement: its run, and the free pages it left to everything after it. */
  firstPage?: number;
  pages?: number;
  pagesLeft?: number;
  ok: boolean;
}

/** A deep buffer as today's firmware places it: in sof_heap, whose size the model does not know. */
export function deepBufferToday(b: DmaBufferReport): DeepBufferReport {
  return {
    widget: b.widget,
    direction: b.direction,
    requestedMs: b.deepBufferMs ?? MIN_DMA_BUFFER_MS,
    requestedBytes: b.requestedBytes,
    preferredBytes: b.preferredBytes,
    minimumBytes: b.minimumBytes,
    placement: 'sof_heap',
    obtainedMs: msOf(b, b.preferredBytes),
    obtainedBytes: b.preferredBytes,
    ok: true,
  };
}
