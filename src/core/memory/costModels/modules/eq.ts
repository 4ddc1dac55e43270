// EQ IIR and EQ FIR (src/audio/eq_iir, src/audio/eq_fir): comp data at init, one delay-line
// block at prepare sized from the responses the blob assigns to each channel.
import { blobPayload, dataAlloc, structAlloc, type CostInput, type CostModel, type ModuleCost, type StructSize } from '../moduleCost';

const IIR_COMP_DATA: StructSize = { type: 'struct comp_data (eq_iir)', lp64: 240, ilp32: 152 };
const FIR_COMP_DATA: StructSize = { type: 'struct comp_data (eq_fir)', lp64: 312, ilp32: 220 };

/** Response of channel i: the assign map, the previous channel's response past its end (eq_iir_generic.c:376-390). */
function responses(assign: number[], nch: number): number[] {
  const out: number[] = [];
  let resp = 0;
  for (let i = 0; i < nch; i++) {
    if (i < assign.length) resp = assign[i];
    out.push(resp);
  }
  return out;
}

/** struct sof_eq_iir_config (user/eq.h:106-115): per response, 4 x num_sections delay words (iir_df1.c:17-29). */
function iirDelayBytes(v: DataView, nch: number): number | undefined {
  if (v.byteLength < 28) return undefined;
  const chans = v.getUint32(4, true);
  const nresp = v.getUint32(8, true);
  let off = 28;
  const assign: number[] = [];
  for (let c = 0; c < chans; c++, off += 4) assign.push(v.getInt32(off, true));
  const sections: number[] = [];
  for (let r = 0; r < nresp; r++) {
    if (off + 24 > v.byteLength) return undefined;
    const n = v.getUint32(off, true);
    sections.push(n);
    off += 24 + n * 7 * 4; // struct sof_eq_iir_header, then 7 words per biquad
  }
  return responses(assign, nch).reduce((s, r) => s + (r >= 0 && r < nresp ? 4 * sections[r] * 4 : 0), 0);
}

/** struct sof_eq_fir_config (user/eq.h:52-61): per response, (taps + 4) words (fir_generic.c:39-52). */
function firDelayBytes(v: DataView, nch: number): number | undefined {
  if (v.byteLength < 24) return undefined;
  const chans = v.getUint16(4, true);
  const nresp = v.getUint16(6, true);
  let off = 24;
  const assign: number[] = [];
  for (let c = 0; c < chans; c++, off += 2) assign.push(v.getInt16(off, true));
  const taps: number[] = [];
  for (let r = 0; r < nresp; r++) {
    if (off + 20 > v.byteLength) return undefined;
    const n = v.getInt16(off, true);
    taps.push(n);
    off += 20 + n * 2; // struct sof_fir_coef_data, then int16 taps
  }
  return responses(assign, nch).reduce((s, r) => s + (r >= 0 && r < nresp ? (taps[r] + 4) * 4 : 0), 0);
}

function eqModel(module: string, classNames: string[], comp: StructSize, compAt: string, delayAt: string, delay: (v: DataView, nch: number) => number | undefined): CostModel {
  return {
    module,
    classNames,
    cost(i: CostInput): ModuleCost {
      const out: ModuleCost = { module, allocs: [structAlloc('init', 'comp_data', comp, compAt, i)], notes: [] };
      const v = blobPayload(i.blobs[0]);
      const bytes = v ? delay(v, i.channels) : undefined;
      if (bytes === undefined) out.notes.push('no readable coefficient blob: delay lines unknown (the module passes audio through)');
      else if (bytes > 0) out.allocs.push(dataAlloc('prepare', 'delay_lines', bytes, delayAt));
      return out;
    },
  };
}

export const eqIir = eqModel('eq_iir', ['eqiir'], IIR_COMP_DATA, 'src/audio/eq_iir/eq_iir.c:52', 'src/audio/eq_iir/eq_iir_generic.c:482', iirDelayBytes);
export const eqFir = eqModel('eq_fir', ['eqfir'], FIR_COMP_DATA, 'src/audio/eq_fir/eq_fir.c:315', 'src/audio/eq_fir/eq_fir.c:267', firDelayBytes);
