// STFT process (src/audio/stft_process): like the phase vocoder, with multi-size FFT plans
// (3 x 2^n sizes such as 768 or 1536 take three plans and a scratch buffer).
import { dataAlloc, structAlloc, type CostInput, type CostModel, type ModuleCost, type StructSize } from '../moduleCost';
import { fftMultiPlan } from './fft';
import { stftConfig } from './phaseVocoder';

const COMP_DATA: StructSize = { type: 'struct stft_comp_data', lp64: 984, ilp32: 580 };
/** Packed (stft_process.h:39-51). */
const CONFIG: StructSize = { type: 'struct sof_stft_process_config', lp64: 64, ilp32: 64 };

export const stftProcess: CostModel = {
  module: 'stft_process',
  classNames: ['stft_process'],
  cost(i: CostInput): ModuleCost {
    const out: ModuleCost = { module: 'stft_process', allocs: [], notes: [] };
    out.allocs.push(structAlloc('init', 'comp_data', COMP_DATA, 'src/audio/stft_process/stft_process.c:46', i));
    const cfg = stftConfig(i.blobs[0]);
    if (!cfg) {
      out.notes.push('no STFT configuration blob in the topology: prepare fails');
      return out;
    }
    out.allocs.push(structAlloc('set_config', 'config', CONFIG, 'src/audio/stft_process/stft_process-ipc4.c:36', i));
    const fft = cfg.frameLength;
    const hop = cfg.frameShift;
    // stft_process.c:152 max_frames = dev->frames + 2; stft_process_setup.c:132-145
    const maxFrames = i.periodFrames + 2;
    const ch = i.channels;
    const size = 4 * (ch * (hop + maxFrames + (fft + maxFrames) + (fft - hop)) + fft);
    out.allocs.push(dataAlloc('prepare', 'buffers', size, 'src/audio/stft_process/stft_process_setup.c:145'));
    out.allocs.push(dataAlloc('prepare', 'fft_buf', fft * 8, 'src/audio/stft_process/stft_process_setup.c:166'));
    out.allocs.push(dataAlloc('prepare', 'fft_out', fft * 8, 'src/audio/stft_process/stft_process_setup.c:173'));
    out.allocs.push(...fftMultiPlan('prepare', 'fft', fft, i), ...fftMultiPlan('prepare', 'ifft', fft, i));
    return out;
  },
};
