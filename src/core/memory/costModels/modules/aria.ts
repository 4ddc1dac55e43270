// ARIA (src/audio/aria): comp data and a 1 ms circular buffer, both at init.
import { dataAlloc, structAlloc, type CostInput, type CostModel, type StructSize } from '../moduleCost';

const COMP_DATA: StructSize = { type: 'struct aria_data', lp64: 128, ilp32: 84 };

export const aria: CostModel = {
  module: 'aria',
  classNames: ['aria'],
  cost(i: CostInput) {
    // aria.c:138-142 and get_required_emory() (aria.c:47-54): ALIGN_UP(chc * ibs / frame, 2) words
    const groups = Math.floor(i.ibs / (i.sampleBytes * i.channels));
    const words = Math.ceil((i.channels * groups) / 2) * 2;
    return {
      module: 'aria',
      allocs: [structAlloc('init', 'comp_data', COMP_DATA, 'src/audio/aria/aria.c:133', i), dataAlloc('init', 'buf', words * 4, 'src/audio/aria/aria.c:152')],
      notes: [],
    };
  },
};
