// SRC memory cost (spec §4): delay lines, stage copies and coefficient fast_get copies for one
// conversion, computed from the generated stage tables with the firmware's own arithmetic
// (src_common.c:48-113 and 476-575, src_ipc4.c:103-120, component.h:1047-1077).

import { SRC_TABLES } from '../src-tables.generated';
import type { SrcStageParams, SrcVariantTable } from './srcTypes';

export type SrcMode = 'unsupported' | 'copy' | 'one_stage' | 'two_stage';

/** sizeof(struct src_stage) on 32-bit Xtensa; prepare allocates two. */
export const SRC_STAGE_BYTES = 40;
/** sizeof(struct comp_data) of SRC, allocated at init. */
export const SRC_COMP_DATA_BYTES = 244;
/** FAST_GET_MAX_COPY_SIZE = page / 2: larger copies are shared, page-rounded, outside the module. */
export const FAST_GET_MAX_COPY = 2048;
/** PLATFORM_MAX_CHANNELS, bound of the init_stages sanity checks. */
const PLATFORM_MAX_CHANNELS = 8;

export interface SrcCoefCopy {
  stage: 1 | 2;
  bytes: number;
  /** `private`: a copy in the module's own heap; `shared`: one page-rounded copy per stage in VMH. */
  placement: 'private' | 'shared';
  /** Bytes the copy takes where it is placed (page-rounded when shared). */
  allocBytes: number;
  /** Stage index in the variant table (identifies the DRAM array shared copies are keyed by). */
  stageIndex: number;
}

export interface SrcCost {
  variant: string;
  inRate: number;
  outRate: number;
  channels: number;
  periodUs: number;
  mode: SrcMode;
  sinkFrames: number;
  sourceFrames: number;
  sbufWords: number;
  delayWords: number;
  /** The single `delay_lines` mod_alloc. */
  delayLinesBytes: number;
  /** `stage_dst`, two struct src_stage. */
  stageBytes: number;
  coefs: SrcCoefCopy[];
  /** init_stages would reject the delay sizes (more than 8 x MAX_*_DELAY_SIZE words). */
  exceedsDelayLimits: boolean;
}

export function srcVariant(id: string): SrcVariantTable | undefined {
  return SRC_TABLES[id];
}

const filterLength = (s: SrcStageParams): number => s[0] * s[1];
const firDelay = (s: SrcStageParams): number => s[1] + (s[0] - 1) * s[2] + s[4];
const outDelay = (s: SrcStageParams): number => 1 + (s[0] - 1) * s[3];

/** `rate'` of component_set_nearest_period_frames: 44.1 kHz family uses the 48 kHz period. */
function nearestPeriodRate(rate: number): number {
  if (rate === 44100) return 48000;
  if (rate === 88200) return 96000;
  if (rate === 176400) return 192000;
  return rate;
}

/** dev->frames at prepare: the period in sink frames (component_set_nearest_period_frames). */
export function srcPeriodFrames(outRate: number, periodUs: number): number {
  return Math.ceil((nearestPeriodRate(outRate) * periodUs) / 1e6);
}

/** The conversion's stages, or undefined when the rates are not in the table at all. */
export function srcStages(v: SrcVariantTable, inRate: number, outRate: number): { mode: SrcMode; s1: number; s2: number } | undefined {
  const ii = v.inRates.indexOf(inRate);
  const oi = v.outRates.indexOf(outRate);
  if (ii < 0 || oi < 0) return undefined;
  const [s1, s2] = v.pairs[oi][ii];
  const f1 = filterLength(v.stages[s1]);
  const f2 = filterLength(v.stages[s2]);
  const mode: SrcMode = f1 === 0 || f2 === 0 ? 'unsupported' : f2 > 1 ? 'two_stage' : f1 > 1 ? 'one_stage' : 'copy';
  return { mode, s1, s2 };
}

export function srcModeOf(v: SrcVariantTable, inRate: number, outRate: number): SrcMode {
  return srcStages(v, inRate, outRate)?.mode ?? 'unsupported';
}

/**
 * DP SRC period (src_ipc4.c:103-118): whole milliseconds of the sink's minimum free space.
 * 0 means the module adapter rejects it ("DP Module period too short").
 */
export function srcDpPeriodUs(obs: number, frameBytes: number, sinkRate: number): number {
  if (frameBytes <= 0 || sinkRate <= 0) return 0;
  return Math.floor(Math.floor((1e6 * obs) / (frameBytes * sinkRate)) / 1000) * 1000;
}

/** Memory an SRC instance allocates at prepare for one conversion; undefined if unsupported. */
export function srcCost(variantId: string, inRate: number, outRate: number, channels: number, periodUs: number): SrcCost | undefined {
  const v = SRC_TABLES[variantId];
  if (!v) return undefined;
  const st = srcStages(v, inRate, outRate);
  if (!st || st.mode === 'unsupported') return undefined;
  const s1 = v.stages[st.s1];
  const s2 = v.stages[st.s2];
  const sinkFrames = srcPeriodFrames(outRate, periodUs);
  const sourceFrames = Math.floor((sinkFrames * inRate) / outRate);
  const nch = channels;
  const fir1 = nch * firDelay(s1);
  const out1 = nch * outDelay(s1);
  let fir2 = 0;
  let out2 = 0;
  let sbuf = 0;
  if (filterLength(s2) !== 1) {
    fir2 = nch * firDelay(s2);
    out2 = nch * outDelay(s2);
    const r1 = Math.floor(sourceFrames / s1[4]) + 1;
    const n = 2 * s1[5] * r1;
    sbuf = nch * (n + Math.floor(n / 8));
  }
  const total = sbuf + fir1 + fir2 + out1 + out2;
  const limit = (d: number, max: number) => d > PLATFORM_MAX_CHANNELS * max;
  const exceeds = limit(fir1, v.maxFirDelay) || limit(fir2, v.maxFirDelay) || limit(out1, v.maxOutDelay) || limit(out2, v.maxOutDelay);
  const coef = (stage: 1 | 2, idx: number): SrcCoefCopy => {
    const bytes = v.tapBytes * filterLength(v.stages[idx]);
    const shared = bytes > FAST_GET_MAX_COPY;
    return { stage, bytes, placement: shared ? 'shared' : 'private', allocBytes: shared ? Math.ceil(bytes / 4096) * 4096 : bytes, stageIndex: idx };
  };
  return {
    variant: variantId,
    inRate,
    outRate,
    channels,
    periodUs,
    mode: st.mode,
    sinkFrames,
    sourceFrames,
    sbufWords: sbuf,
    delayWords: total,
    delayLinesBytes: Math.ceil((4 * total) / 8) * 8,
    stageBytes: 2 * SRC_STAGE_BYTES,
    coefs: [coef(1, st.s1), coef(2, st.s2)],
    exceedsDelayLimits: exceeds,
  };
}
