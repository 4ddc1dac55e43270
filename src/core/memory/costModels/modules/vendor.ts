// Modules whose memory is decided inside a vendor library: the host testbench links a stub,
// so what it measures is the SOF wrapper only. The library's own allocation is unknown here;
// a profile can state it per module UUID (`moduleHeapBytes`, see docs/memory-model.md).
import { structAlloc, type CostInput, type CostModel, type ModuleCost, type StructSize } from '../moduleCost';

export const VENDOR_NOTE = 'vendor library: its own allocations are not in SOF sources (the host testbench runs a stub); set moduleHeapBytes for this module UUID in your platform profile';

export const rtnr: CostModel = {
  module: 'rtnr',
  classNames: ['rtnr'],
  cost(i: CostInput): ModuleCost {
    const s: StructSize = { type: 'struct comp_data (rtnr)', lp64: 240, ilp32: 172 };
    return { module: 'rtnr', allocs: [structAlloc('init', 'comp_data', s, 'src/audio/rtnr/rtnr.c:245', i)], notes: [VENDOR_NOTE] };
  },
};

export const igoNr: CostModel = {
  module: 'igo_nr',
  classNames: ['igo_nr'],
  cost(i: CostInput): ModuleCost {
    // LP64 measured; no 32-bit figure: the struct embeds the vendor library's own types
    const s: StructSize = { type: 'struct comp_data (igo_nr)', lp64: 3288, ilp32: 3288, ilp32Unknown: true };
    // igo_nr.c:448 then takes the library's handle_size, which only the real library knows
    return { module: 'igo_nr', allocs: [structAlloc('init', 'comp_data', s, 'src/audio/igo_nr/igo_nr.c:436', i)], notes: [VENDOR_NOTE] };
  },
};

export const dolbyDax: CostModel = {
  module: 'dolby_dax',
  classNames: ['dolby-dax', 'dolby_dax', 'dax'],
  cost: () => ({ module: 'dolby_dax', allocs: [], notes: [VENDOR_NOTE] }),
};

/** Compressed-audio decoder/encoder widgets run the Cadence codec library (module_adapter/module/cadence.c). */
export const cadenceCodec: CostModel = {
  module: 'cadence',
  classNames: ['decoder', 'encoder'],
  cost: () => ({ module: 'cadence', allocs: [], notes: [VENDOR_NOTE] }),
};
