// Phase vocoder (src/audio/phase_vocoder): comp data at init, its config blob at set_config,
// then sample, FFT and polar buffers at every prepare (freed again by reset).
import { blobPayload, dataAlloc, structAlloc, type CostInput, type CostModel, type ModuleCost, type StructSize } from '../moduleCost';
import { fftPlan } from './fft';

const COMP_DATA: StructSize = { type: 'struct phase_vocoder_comp_data', lp64: 1344, ilp32: 772 };
/** Packed (phase_vocoder.h:58-70): the same on every target. */
const CONFIG: StructSize = { type: 'struct sof_phase_vocoder_config', lp64: 64, ilp32: 64 };
/** PHASE_VOCODER_MAX_FRAMES_MARGIN (phase_vocoder.h:23). */
const MAX_FRAMES_MARGIN = 0;

export interface StftConfig {
  frameLength: number;
  frameShift: number;
  /** phase vocoder: mono; stft_process: channel (-1 = mono mix). */
  channelField: number;
}

/** frame_length/frame_shift at the same offsets in both STFT-family configs (after 12 words). */
export function stftConfig(blob: number[] | undefined): StftConfig | undefined {
  const v = blobPayload(blob);
  if (!v || v.byteLength < 56) return undefined;
  return { channelField: v.getInt16(48, true), frameLength: v.getInt16(50, true), frameShift: v.getInt16(52, true) };
}

export const phaseVocoder: CostModel = {
  module: 'phase_vocoder',
  classNames: ['phase_vocoder'],
  cost(i: CostInput): ModuleCost {
    const out: ModuleCost = { module: 'phase_vocoder', allocs: [], notes: [] };
    out.allocs.push(structAlloc('init', 'comp_data', COMP_DATA, 'src/audio/phase_vocoder/phase_vocoder.c:66', i));
    const cfg = stftConfig(i.blobs[0]);
    if (!cfg) {
      out.notes.push('no phase vocoder configuration blob in the topology: prepare fails ("Can\'t prepare without bytes control configuration")');
      return out;
    }
    out.allocs.push(structAlloc('set_config', 'config', CONFIG, 'src/audio/phase_vocoder/phase_vocoder-ipc4.c:71', i));
    const fft = cfg.frameLength;
    const hop = cfg.frameShift;
    // phase_vocoder.c:193 max_input_frames from ibs; phase_vocoder_setup.c:84-96 mono mixes to one channel.
    const frameBytes = i.channels * i.sampleBytes;
    const maxInputFrames = Math.floor(i.ibs / frameBytes) + MAX_FRAMES_MARGIN;
    const ch = cfg.channelField ? 1 : i.channels;
    const ibuf = hop + maxInputFrames;
    const obuf = fft + hop;
    const prev = fft - hop;
    // phase_vocoder_setup.c:124-133
    out.allocs.push(dataAlloc('prepare', 'buffers', 4 * (ch * (ibuf + obuf + prev) + fft), 'src/audio/phase_vocoder/phase_vocoder_setup.c:133'));
    // phase_vocoder_setup.c:153-161: two fft_size x struct icomplex32
    out.allocs.push(dataAlloc('prepare', 'fft_buf', fft * 8, 'src/audio/phase_vocoder/phase_vocoder_setup.c:154'));
    out.allocs.push(dataAlloc('prepare', 'fft_out', fft * 8, 'src/audio/phase_vocoder/phase_vocoder_setup.c:161'));
    out.allocs.push(...fftPlan('prepare', 'fft', fft, i), ...fftPlan('prepare', 'ifft', fft, i));
    // phase_vocoder_setup.c:193-197: 2 x ipolar32 + 3 x int32 per bin and channel
    const half = (fft >> 1) + 1;
    out.allocs.push(dataAlloc('prepare', 'polar', ch * half * (2 * 8 + 3 * 4), 'src/audio/phase_vocoder/phase_vocoder_setup.c:197'));
    return out;
  },
};
