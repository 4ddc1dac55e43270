// Gain / volume (src/audio/volume): everything at init, nothing depends on the stream.
import { dataAlloc, structAlloc, type CostInput, type CostModel, type StructSize } from '../moduleCost';

const VOL_DATA: StructSize = { type: 'struct vol_data', lp64: 368, ilp32: 348 };
/** volume_ipc4.c:114: sizeof(int32_t) x SOF_IPC_MAX_CHANNELS (8) x 4 */
const VOL_SIZE = 4 * 8 * 4;

export const gain: CostModel = {
  module: 'volume',
  classNames: ['gain', 'volume'],
  cost(i: CostInput) {
    return {
      module: 'volume',
      allocs: [
        structAlloc('init', 'vol_data', VOL_DATA, 'src/audio/volume/volume_ipc4.c:151', i),
        dataAlloc('init', 'vol', VOL_SIZE, 'src/audio/volume/volume_ipc4.c:159'),
        dataAlloc('init', 'peak_vol', VOL_SIZE, 'src/audio/volume/volume_ipc4.c:169'),
      ],
      notes: [],
    };
  },
};
