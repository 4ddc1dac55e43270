// Reads the memory-relevant facts of a resolved widget: domain, core, declared heap and stack,
// and the audio formats it advertises (truncated to the declared counts, as the driver does).

import type { ResolvedWidget, TupleSet } from '../model';

export type Domain = 'DP' | 'LL';

export interface FormatFacts {
  rate: number;
  channels: number;
  bitDepth: number;
  /** ibs for input formats, obs for output formats. */
  bufferBytes: number;
}

export interface WidgetFacts {
  name: string;
  type: string;
  className: string;
  pipelineId: number;
  domain: Domain;
  core: number;
  heapBytes?: number;
  stackBytes?: number;
  inputs: FormatFacts[];
  outputs: FormatFacts[];
  /** SRC `rate_in` / `rate_out` tokens when set (non-zero). */
  rateIn?: number;
  rateOut?: number;
  /** Data of the widget's bytes controls (ABI header included), in topology order. */
  blobs: number[][];
  /** comp.uuid as the topology writes it, for per-UUID profile sizes. */
  uuid?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function formats(list: TupleSet[] | undefined, count: number | undefined, dir: 'in' | 'out'): FormatFacts[] {
  const all = list ?? [];
  const n = count === undefined ? all.length : Math.min(count, all.length);
  return all.slice(0, n).map((f) => ({
    rate: num(f[`${dir}_rate`]) ?? 0,
    channels: num(f[`${dir}_channels`]) ?? 0,
    bitDepth: num(f[`${dir}_bit_depth`]) ?? 32,
    bufferBytes: num(f[dir === 'in' ? 'ibs' : 'obs']) ?? 0,
  }));
}

export function widgetFacts(w: ResolvedWidget, pipelineCore: number): WidgetFacts {
  const word = w.tuples['comp.word'] ?? {};
  const domainTok = w.tuples['comp.string']?.scheduler_domain;
  const src = w.tuples['src.word'] ?? {};
  const rateIn = num(src.rate_in);
  const rateOut = num(src.rate_out);
  return {
    name: w.name,
    type: w.type,
    className: w.className,
    pipelineId: w.index,
    domain: domainTok === 'DP' ? 'DP' : 'LL',
    core: num(word.core_id) ?? pipelineCore,
    heapBytes: num(word.heap_bytes_requirement),
    stackBytes: num(word.stack_bytes_requirement),
    inputs: formats(w.formats.input_audio_format, num(word.num_input_audio_formats), 'in'),
    outputs: formats(w.formats.output_audio_format, num(word.num_output_audio_formats), 'out'),
    rateIn: rateIn ? rateIn : undefined,
    rateOut: rateOut ? rateOut : undefined,
    blobs: (w.blobs ?? []).map((b) => b.bytes),
    uuid: typeof w.tuples['comp.uuid']?.uuid === 'string' ? (w.tuples['comp.uuid'].uuid as string) : undefined,
  };
}

/** Pipeline core from a scheduler widget (`scheduler.word.core`, else `comp.word.core_id`). */
export function pipelineCore(w: ResolvedWidget): number {
  return num(w.tuples['scheduler.word']?.core) ?? num(w.tuples['comp.word']?.core_id) ?? 0;
}

/** Pipeline period in µs when the topology sets one, else undefined. */
export function pipelinePeriodUs(w: ResolvedWidget): number | undefined {
  const p = num(w.tuples['scheduler.word']?.period);
  return p ? p : undefined;
}

export const maxOf = (xs: number[]): number => xs.reduce((a, b) => Math.max(a, b), 0);
