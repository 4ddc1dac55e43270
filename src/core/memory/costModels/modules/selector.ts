// Selector / mic select (src/audio/selector): comp data at init, a copy of the multi-channel
// coefficient blob at set_config.
import { dataAlloc, structAlloc, type CostInput, type CostModel, type ModuleCost, type StructSize } from '../moduleCost';

const COMP_DATA: StructSize = { type: 'struct comp_data (selector)', lp64: 264, ilp32: 248 };

export const selector: CostModel = {
  module: 'selector',
  classNames: ['micsel', 'selector'],
  cost(i: CostInput): ModuleCost {
    const out: ModuleCost = { module: 'selector', allocs: [structAlloc('init', 'comp_data', COMP_DATA, 'src/audio/selector/selector.c:696', i)], notes: [] };
    // selector.c:879-883: the whole fragment (blob without its ABI header) is kept
    const blob = i.blobs[0];
    if (blob && blob.length > 32) out.allocs.push(dataAlloc('set_config', 'multi_coeffs_config', blob.length - 32, 'src/audio/selector/selector.c:883'));
    return out;
  },
};
