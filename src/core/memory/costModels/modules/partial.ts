// Modules modelled in part: the private struct is exact (LP64) / estimated (32-bit), the data
// buffers depend on blob contents or rate ratios this model does not decode yet. Their need is a
// lower bound and says so; the fixtures hold what the testbench measured on the benchmarks.
import { structAlloc, type CostInput, type CostModel, type ModuleCost, type StructSize } from '../moduleCost';

function partial(module: string, classNames: string[], s: StructSize, at: string, note: string): CostModel {
  return {
    module,
    classNames,
    cost: (i: CostInput): ModuleCost => ({ module, allocs: [structAlloc('init', 'comp_data', s, at, i)], notes: [note] }),
  };
}

export const asrc = partial(
  'asrc',
  ['asrc'],
  { type: 'struct comp_data (asrc)', lp64: 312, ilp32: 224 },
  'src/audio/asrc/asrc.c:219',
  'ASRC sample buffer and filter state (asrc.c:263-279, 579, 604) depend on the rate pair and are not modelled: need is a lower bound',
);

export const tdfb = partial(
  'tdfb',
  ['tdfb'],
  { type: 'struct tdfb_comp_data', lp64: 1120, ilp32: 1120, ilp32Unknown: true },
  'src/audio/tdfb/tdfb.c:633',
  'TDFB filter and direction-estimation buffers (tdfb.c:602, tdfb_direction.c:203-241) depend on the beamformer blob and are not modelled: need is a lower bound',
);

export const multibandDrc = partial(
  'multiband_drc',
  ['multiband_drc'],
  { type: 'struct multiband_drc_comp_data', lp64: 2000, ilp32: 1324 },
  'src/audio/multiband_drc/multiband_drc.c:264',
  'crossover, emphasis and per-band DRC buffers (crossover.c:171-190, multiband_drc.c:73-86, drc.c:79) depend on the band count in the blob and are not modelled: need is a lower bound',
);
