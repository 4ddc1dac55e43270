// Shape of the generated SRC tables (see scripts/gen-src-tables.ts).

/** [num_of_subfilters, subfilter_length, idm, odm, blk_in, blk_out] */
export type SrcStageParams = [number, number, number, number, number, number];

export interface SrcVariantTable {
  module: 'SRC' | 'SRC_LITE' | string;
  tapBytes: number;
  maxFirDelay: number;
  maxOutDelay: number;
  inRates: number[];
  outRates: number[];
  stages: SrcStageParams[];
  /** pairs[outIndex][inIndex] = [stage1, stage2] */
  pairs: Array<Array<[number, number]>>;
}
