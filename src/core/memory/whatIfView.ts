// What the memory-map views show of the what-if mechanisms: deep-buffer runs as owners of pool
// pages, and one legend line per mechanism. Pure; the adapters only place the strings.

import { DEEP_BUFFER_OWNER_BASE } from './dmaBuffers';
import type { SimulationResult } from './simulate';

export interface DeepBufferRun {
  id: number;
  owner: string;
  kind: 'deep-buffer';
  layout: 'single';
  firstPage: number;
  pages: number;
  bytes: number;
  mode: string;
}

/** The vpage runs deep buffers hold under the what-if, tagged with the pool's owner ids. */
export function deepBufferRuns(sim: SimulationResult): DeepBufferRun[] {
  return sim.deepBuffers.flatMap((d, i) =>
    d.firstPage !== undefined && d.pages !== undefined
      ? [{ id: DEEP_BUFFER_OWNER_BASE + i + 1, owner: d.widget, kind: 'deep-buffer' as const, layout: 'single' as const, firstPage: d.firstPage, pages: d.pages, bytes: d.pages * sim.pool.pageSize, mode: `${d.obtainedMs} ms` }]
      : [],
  );
}

/** Legend lines: where DMA and deep buffers are, what each deep buffer got, the TEXT layouts. */
export function whatIfLegend(sim: SimulationResult): string[] {
  const out: string[] = [];
  const kib = (b: number) => `${Math.round(b / 102.4) / 10} KiB`;
  if (sim.dmaBuffers.list.length) out.push(`DMA buffers: host ${kib(sim.dmaBuffers.hostBytes)}, DAI ${kib(sim.dmaBuffers.daiBytes)} in sof_heap (outside the pool)`);
  for (const d of sim.deepBuffers) {
    const how = d.placement === 'sof_heap' ? 'sof_heap (today)' : d.ladderMs ? `pool, ladder ${d.ladderMs.join('/')} ms` : 'pool, exact size';
    const got = d.ok ? `${d.obtainedMs} ms${d.pages !== undefined ? `, ${d.pages} pages, ${d.pagesLeft} left to others` : ''}` : 'nothing';
    out.push(`deep buffer ${d.widget}: asked ${d.requestedMs} ms, ${how}: got ${got}`);
  }
  const t = sim.textPartitions;
  if (t) out.push(`TEXT partitions: per vregion ${t.perVregionPages} pages, shared per module type ${t.sharedPages} pages (saves ${t.savedPages})`);
  return out;
}
