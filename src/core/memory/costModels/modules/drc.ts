// DRC (src/audio/drc): comp data at init, pre-delay (lookahead) buffers at prepare.
import { dataAlloc, structAlloc, type CostInput, type CostModel, type StructSize } from '../moduleCost';

const COMP_DATA: StructSize = { type: 'struct drc_comp_data', lp64: 136, ilp32: 88 };
/** CONFIG_DRC_MAX_PRE_DELAY_FRAMES (src/audio/drc/Kconfig default). */
export const DRC_MAX_PRE_DELAY_FRAMES = 512;

export const drc: CostModel = {
  module: 'drc',
  classNames: ['drc'],
  cost(i: CostInput) {
    return {
      module: 'drc',
      allocs: [
        structAlloc('init', 'comp_data', COMP_DATA, 'src/audio/drc/drc.c:171', i),
        // drc.c:75-79: sample bytes x CONFIG_DRC_MAX_PRE_DELAY_FRAMES x channels
        dataAlloc('prepare', 'pre_delay_buffers', i.sampleBytes * DRC_MAX_PRE_DELAY_FRAMES * i.channels, 'src/audio/drc/drc.c:79'),
      ],
      notes: [],
    };
  },
};
