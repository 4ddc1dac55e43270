// A module's own memory per lifecycle phase, as plain data for reports, and the words hovers,
// findings and the memory map show for it (pure: no editor types).
import { bytesByPhase, type CostPhase, type ModuleCost } from './moduleCost';
import type { CostBasis } from './moduleScripts';

export interface PhaseBreakdown {
  init: number;
  set_config: number;
  prepare: number;
  total: number;
  /** Some bytes are struct sizes converted to the 32-bit DSP (not measured there). */
  estimate: boolean;
  allocs: Array<{ phase: CostPhase; tag: string; bytes: number; at: string; estimate: boolean }>;
  notes: string[];
}

export function phaseBreakdown(c: ModuleCost): PhaseBreakdown {
  const p = bytesByPhase(c);
  const own = c.allocs.filter((a) => !a.systemHeap);
  return {
    ...p,
    total: p.init + p.set_config + p.prepare,
    estimate: own.some((a) => a.estimate),
    allocs: own.map((a) => ({ phase: a.phase, tag: a.tag, bytes: a.bytes, at: a.at, estimate: a.estimate })),
    notes: c.notes,
  };
}

/** `init 772 + set_config 64 + prepare 72060 = 72896 bytes` (what findings quote). */
export function phaseSummary(b: PhaseBreakdown): string {
  return `init ${b.init} + set_config ${b.set_config} + prepare ${b.prepare} = ${b.total} bytes of its own${b.estimate ? ' (struct sizes estimated for 32-bit)' : ''}`;
}

const BASIS_WORDS: Record<CostBasis, string> = {
  model: 'computed by its cost model from the firmware source (checked against SOF host-testbench measurements)',
  partial: 'a lower bound: its cost model leaves some buffers out',
  vendor: 'unknown: a vendor library allocates memory SOF sources do not show; give its size as moduleHeapBytes for this module UUID in your platform profile',
  framework: 'unknown: no cost model for this module type, only framework objects are counted',
};

/** Markdown lines for a hover: basis, per-phase table, notes. */
export function costHoverLines(basis: CostBasis, b: PhaseBreakdown | undefined): string[] {
  const lines = [`Own memory: ${BASIS_WORDS[basis]}.`];
  if (!b) return lines;
  lines.push('', '| phase | bytes | allocated at |', '|---|---:|---|');
  for (const a of b.allocs) lines.push(`| ${a.phase} | ${a.bytes}${a.estimate ? ' (est.)' : ''} | \`${a.at}\` ${a.tag} |`);
  lines.push(`| **total** | **${b.total}** | ${phaseSummary(b)} |`);
  for (const n of b.notes) lines.push('', `_${n}_`);
  return lines;
}
