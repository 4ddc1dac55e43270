// FFT plans the STFT-family modules take (src/math/fft/fft_common.c, fft_multi.c).
import { dataAlloc, structAlloc, type CostAlloc, type CostInput, type CostPhase, type StructSize } from '../moduleCost';

const FFT_PLAN: StructSize = { type: 'struct fft_plan', lp64: 48, ilp32: 28 };
const FFT_MULTI_PLAN: StructSize = { type: 'struct fft_multi_plan', lp64: 112, ilp32: 60 };

export const nextPow2 = (n: number): number => {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
};

/** mod_fft_plan_new(): the plan (fft_common.c:39) and its bit-reverse table (fft_common.c:96). */
export function fftPlan(phase: CostPhase, tag: string, size: number, i: CostInput): CostAlloc[] {
  return [
    structAlloc(phase, `${tag}.plan`, FFT_PLAN, 'src/math/fft/fft_common.c:39', i),
    dataAlloc(phase, `${tag}.bit_reverse_idx`, nextPow2(size) * 2, 'src/math/fft/fft_common.c:96'),
  ];
}

/**
 * mod_fft_multi_plan_new(): a power-of-two size is one plan; 3 x 2^n (e.g. 192, 768, 1536) is
 * three 2^n plans plus a complex scratch of the whole size (fft_multi.c:40-110).
 */
export function fftMultiPlan(phase: CostPhase, tag: string, size: number, i: CostInput): CostAlloc[] {
  const out: CostAlloc[] = [structAlloc(phase, `${tag}.multi_plan`, FFT_MULTI_PLAN, 'src/math/fft/fft_multi.c:40', i)];
  const pow2 = (size & (size - 1)) === 0;
  const n = pow2 ? size : size / 3;
  out.push(dataAlloc(phase, `${tag}.bit_reverse_idx`, n * 2, 'src/math/fft/fft_multi.c:61'));
  if (!pow2) out.push(dataAlloc(phase, `${tag}.tmp`, size * 8 * 2, 'src/math/fft/fft_multi.c:75'));
  const plans = pow2 ? 1 : 3;
  for (let k = 0; k < plans; k++) out.push(structAlloc(phase, `${tag}.plan${k}`, FFT_PLAN, 'src/math/fft/fft_common.c:39', i));
  return out;
}
