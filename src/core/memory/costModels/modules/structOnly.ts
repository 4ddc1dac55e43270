// Modules whose own code allocates only their private struct at init (measured: nothing else
// through init, prepare and processing of the benchmark topologies).
import { structAlloc, type CostInput, type CostModel, type StructSize } from '../moduleCost';

function structOnly(module: string, classNames: string[], s: StructSize, at: string): CostModel {
  return {
    module,
    classNames,
    cost: (i: CostInput) => ({ module, allocs: [structAlloc('init', 'comp_data', s, at, i)], notes: [] }),
  };
}

export const levelMultiplier = structOnly('level_multiplier', ['level_multiplier'], { type: 'struct level_multiplier_comp_data', lp64: 24, ilp32: 20 }, 'src/audio/level_multiplier/level_multiplier.c:38');
export const template = structOnly('template', ['template_comp', 'template'], { type: 'struct template_comp_data', lp64: 56, ilp32: 52 }, 'src/audio/template/template.c:38');

/**
 * dcblock and sound_dose take their private data with rzalloc(SOF_MEM_FLAG_USER), not mod_alloc:
 * it lands outside the module's heap (and, for a DP module, outside its vregion), so it does not
 * count against heap_bytes_requirement and mod_free_all does not free it (docs/findings.md).
 */
const USER_HEAP_NOTE = 'allocates with rzalloc outside the module heap: these bytes do not count against heap_bytes_requirement';

export const dcblock: CostModel = {
  module: 'dcblock',
  classNames: ['dcblock'],
  cost: (i: CostInput) => ({
    module: 'dcblock',
    allocs: [{ ...structAlloc('init', 'comp_data', { type: 'struct comp_data (dcblock)', lp64: 136, ilp32: 120 }, 'src/audio/dcblock/dcblock.c:89', i), systemHeap: true }],
    notes: [USER_HEAP_NOTE],
  }),
};

export const soundDose: CostModel = {
  module: 'sound_dose',
  classNames: ['sound_dose'],
  cost: (i: CostInput) => ({
    module: 'sound_dose',
    allocs: [{ ...structAlloc('init', 'comp_data', { type: 'struct sound_dose_comp_data', lp64: 376, ilp32: 280 }, 'src/audio/sound_dose/sound_dose.c:170', i), systemHeap: true }],
    notes: [USER_HEAP_NOTE, 'its ABI blob copy (sound_dose.c:134) and IIR delay lines (sound_dose.c:96) are rzalloc-ed too and not modelled'],
  }),
};
