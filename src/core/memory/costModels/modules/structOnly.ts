// Modules whose own code allocates only their private struct at init (measured: nothing else
// through init, prepare and processing of the benchmark topologies).
import { structAlloc, type CostInput, type CostModel, type StructSize } from '../moduleCost';

function structOnly(module: string, classNames: string[], s: StructSize | undefined, at: string, notes: string[] = []): CostModel {
  return {
    module,
    classNames,
    cost: (i: CostInput) => ({ module, allocs: s ? [structAlloc('init', 'comp_data', s, at, i)] : [], notes }),
  };
}

export const levelMultiplier = structOnly('level_multiplier', ['level_multiplier'], { type: 'struct level_multiplier_comp_data', lp64: 24, ilp32: 20 }, 'src/audio/level_multiplier/level_multiplier.c:38');
export const template = structOnly('template', ['template_comp', 'template'], { type: 'struct template_comp_data', lp64: 56, ilp32: 52 }, 'src/audio/template/template.c:38');
/** dcblock and sound_dose keep their state in module_data; their own code mod_allocs nothing. */
export const dcblock = structOnly('dcblock', ['dcblock'], undefined, '');
export const soundDose = structOnly('sound_dose', ['sound_dose'], undefined, '');
