// One DP module's heap as a reader can check it: what the topology declares, what the module
// needs (lifetime + interim peak + what the interim heap loses to fragmentation and page rounding
// over the stop/start cycles), and what its vregion in this run holds (lifetime used + interim
// heap + alignment, in whole pages). Every sum is exact by construction: the remainder terms are
// computed, named, and never negative. Hovers and reports render it; a test checks the arithmetic
// on every DP widget of the corpus.
import type { VregionReport, WidgetReport } from './simulate';

export interface HeapBreakdown {
  /** heap_bytes_requirement as written, if any. */
  declared?: number;
  /** Whether the model reads `declared` (topology-sized) or ignores it (current). */
  declaredUsed: boolean;
  need?: {
    /** Smallest page multiple that runs every phase and cycle alone = the three terms below. */
    total: number;
    lifetime: number;
    interimPeak: number;
    /** Fragmentation, chunk headers of the k_heap and rounding up to a page, over the cycles. */
    slack: number;
    /** Only framework objects are known: a lower bound. */
    lowerBound: boolean;
  };
  vregion?: {
    id: number;
    pages: number;
    pageSize: number;
    /** pages x pageSize = lifetimeUsed + interimSize + alignment. */
    bytes: number;
    lifetimeUsed: number;
    interimSize: number;
    /** Bytes between the lifetime partition and the interim heap (alignment, page rounding). */
    alignment: number;
    /** Peak of live interim chunks in this run, of interimSize. */
    interimPeak: number;
  };
  cycles: number;
}

export function heapBreakdown(w: WidgetReport, v: VregionReport | undefined, o: { pageSize: number; cycles: number; declaredUsed: boolean }): HeapBreakdown {
  const b: HeapBreakdown = { declaredUsed: o.declaredUsed, cycles: o.cycles };
  if (w.declared.heapBytes !== undefined) b.declared = w.declared.heapBytes;
  const inf = w.inferred;
  if (inf.heapBytes !== undefined && inf.lifetimeBytes !== undefined && inf.interimPeakBytes !== undefined) {
    const slack = inf.heapBytes - inf.lifetimeBytes - inf.interimPeakBytes;
    b.need = { total: inf.heapBytes, lifetime: inf.lifetimeBytes, interimPeak: inf.interimPeakBytes, slack: Math.max(0, slack), lowerBound: !!inf.lowerBound };
    // A run alone that needed less than its own peak cannot happen; if it did, show it as found.
    if (slack < 0) b.need.interimPeak = inf.heapBytes - inf.lifetimeBytes;
  }
  if (v) {
    const bytes = v.pages * o.pageSize;
    b.vregion = {
      id: v.id,
      pages: v.pages,
      pageSize: o.pageSize,
      bytes,
      lifetimeUsed: v.lifetimeUsed,
      interimSize: v.interimSize,
      alignment: bytes - v.lifetimeUsed - v.interimSize,
      interimPeak: v.interimPeak,
    };
  }
  return b;
}

const kib = (n: number): string => (n % 1024 === 0 ? `${n / 1024} KiB` : `${(n / 1024).toFixed(1)} KiB`);

/** The breakdown as lines of text (Markdown-safe: numbers and fixed words only). */
export function heapBreakdownLines(b: HeapBreakdown): string[] {
  const out: string[] = [];
  const n = b.need;
  const declared = b.declared === undefined ? 'not declared' : `${kib(b.declared)} declared`;
  const read = b.declaredUsed ? 'the vregion is sized from it' : 'this firmware model ignores it';
  if (n) {
    const gap = b.declared !== undefined ? (b.declared >= n.total ? `, ${kib(b.declared - n.total)} to spare` : `, ${kib(n.total - b.declared)} short`) : '';
    out.push(`heap: ${declared} (${read}); needs ${n.lowerBound ? 'at least ' : ''}${kib(n.total)}${gap}`);
    out.push(`needs ${kib(n.total)} = lifetime ${kib(n.lifetime)} + interim peak ${kib(n.interimPeak)} + ${kib(n.slack)} fragmentation, chunk headers and page rounding over ${b.cycles} stop/start cycles`);
  } else out.push(`heap: ${declared} (${read}); need unknown`);
  const v = b.vregion;
  if (v) {
    out.push(
      `vregion #${v.id}: ${v.pages} pages x ${v.pageSize} B = ${kib(v.bytes)} = lifetime used ${kib(v.lifetimeUsed)} + interim heap ${kib(v.interimSize)}` +
        (v.alignment ? ` + ${kib(v.alignment)} alignment` : ''),
    );
    out.push(`interim heap in this run: peak ${kib(v.interimPeak)} of ${kib(v.interimSize)}`);
  }
  return out;
}
