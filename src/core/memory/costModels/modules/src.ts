// SRC and SRC lite (src/audio/src): comp data at init; stage copies, coefficient fast_get copies
// and delay lines at prepare come from the conversion (costModels/src.ts, spec §4). Here only the
// measured shape is stated: with equal rates SRC copies and allocates only its stage pair.
import { dataAlloc, structAlloc, type CostInput, type CostModel, type ModuleCost, type StructSize } from '../moduleCost';
import { srcCost, srcVariant } from '../src';

const COMP_DATA: StructSize = { type: 'struct comp_data (src)', lp64: 328, ilp32: 244 };

/** Rates the cost is asked for (the widget's formats, or a sweep's). */
export interface SrcRates {
  inRate: number;
  outRate: number;
  periodUs: number;
  variant: string;
}

export function srcModuleCost(i: CostInput, r: SrcRates): ModuleCost {
  const out: ModuleCost = { module: 'src', allocs: [structAlloc('init', 'comp_data', COMP_DATA, 'src/audio/src/src_ipc4.c:212', i)], notes: [] };
  if (!srcVariant(r.variant)) return out;
  const c = srcCost(r.variant, r.inRate, r.outRate, i.channels, r.periodUs);
  if (!c || c.mode === 'unsupported') {
    out.notes.push(`SRC ${r.inRate} -> ${r.outRate} Hz is not in the ${r.variant} tables`);
    return out;
  }
  // src_common.c:530-535: one delay_lines mod_alloc (stage copies and coefficients are costed by moduleScripts)
  out.allocs.push(dataAlloc('prepare', 'delay_lines', c.delayLinesBytes, 'src/audio/src/src_common.c:535'));
  return out;
}

export const src: CostModel = {
  module: 'src',
  classNames: ['src', 'src_lite'],
  cost: (i: CostInput) => srcModuleCost(i, { inRate: i.rate, outRate: i.rate, periodUs: 1000, variant: 'ipc4_int32' }),
};
