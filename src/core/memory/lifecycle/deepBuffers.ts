// The deep-buffer what-if (review of the vregions phase I pull request): at its host copier's
// first prepare a deep buffer takes one run of the vpage pool, the exact request (today's
// all-or-nothing) or, with a ladder, the largest predefined size that fits at that moment.

import { DEEP_BUFFER_OWNER_BASE, deepBufferCandidates } from '../dmaBuffers';
import { finding } from '../findings';
import { kib, poolRefusal } from './failures';
import { snapshot, type Mod, type SimState } from './state';

export function takeDeepBuffer(s: SimState, m: Mod, ladderMs: number[] | undefined): void {
  const dma = m.dma;
  const deep = m.deep;
  if (!dma || !deep) return;
  const pageSize = s.p.pageSize;
  const owner = DEEP_BUFFER_OWNER_BASE + s.mods.filter((x) => x.deep).indexOf(m) + 1;
  Object.assign(deep, { placement: 'vpage-pool', ...(ladderMs ? { ladderMs: [...ladderMs] } : {}) });
  delete deep.obtainedMs;
  delete deep.obtainedBytes;
  const log: string[] = [];
  let refusal: ReturnType<typeof poolRefusal> | undefined;
  for (const c of s.geom.unusable ? [] : deepBufferCandidates(dma, ladderMs)) {
    const pages = Math.ceil(c.bytes / pageSize);
    const r = s.pool.alloc(pages, owner);
    log.push(...r.log);
    if (r.ok && r.vpage !== undefined) {
      Object.assign(deep, { obtainedMs: c.ms, obtainedBytes: c.bytes, firstPage: r.vpage, pages, pagesLeft: s.pool.totalPages - s.pool.usedPages, ok: true });
      break;
    }
    refusal = poolRefusal(s, r.error);
  }
  const attribute = 'deep_buffer_dma_ms';
  if (deep.obtainedBytes === undefined) {
    deep.ok = false;
    const why = s.geom.unusable ?? refusal?.detail ?? '';
    const tried = ladderMs ? ` or any smaller predefined size down to ${kib(dma.minimumBytes)}` : '';
    s.findings.push(finding({ code: 'MEM051', severity: 'error', message: `${m.w.name}: its ${deep.requestedMs} ms deep buffer (${kib(dma.preferredBytes)})${tried} does not fit in the vpage pool at prepare: ${why}`, widget: m.w, attribute }));
  } else if (deep.obtainedBytes < dma.preferredBytes) {
    const lost = Math.round((deep.requestedMs - (deep.obtainedMs ?? 0)) * 10) / 10;
    s.findings.push(finding({ code: 'MEM050', severity: 'warning', message: `${m.w.name}: deep buffer got the ${deep.obtainedMs} ms size (${kib(deep.obtainedBytes)}, ${deep.pages} pages) instead of ${deep.requestedMs} ms (${kib(dma.preferredBytes)}): ${lost} ms less latency headroom; ${deep.pagesLeft} pages left to the rest`, widget: m.w, attribute }));
  }
  snapshot(s, 'prepare', m.w.name, deep.ok, log, 0);
}
