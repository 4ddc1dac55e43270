// The MEM040 text: what the vpage element-compaction defect of SOF main (vpage.c:222-227 at
// 12dd7265, spec §1.5) did to this topology's vregions, or, with the intended compaction, that
// it would have bitten. The firmware harness (npm run firmware-diff) shows the model
// reproduces the defect exactly, so the pages named here are the device's.

import { hex } from './hex';
import type { VpagePool } from './vpage';

const WHERE = 'vpage.c:222-227 (SOF 12dd7265) copies the empty slot past the newest allocation record over the freed one';

export function vpageDefectFinding(pool: VpagePool, ownerName: (tag: number) => string | undefined): string | undefined {
  const name = (tag: number) => ownerName(tag) ?? `allocation ${tag}`;
  const hexAt = (vpage: number): string => hex(pool.address(vpage));
  if (pool.lostRecords.length) {
    const lost = pool.lostRecords.map((l) => `${name(l.owner)} (pages ${l.vpage}-${l.vpage + l.pages - 1})`).join(', ');
    const failed = pool.failedFrees.map((f) => `${name(f.owner)} ("error: invalid page pointer ${hexAt(f.vpage)} not found")`);
    const leaked = pool.usedPages;
    return (
      `${WHERE}, so the next vpage_alloc overwrote the record of ${lost}. ` +
      (failed.length ? `Freeing ${failed.join(', ')} then failed, ` : '') +
      `and ${leaked} of ${pool.totalPages} pages stay allocated after teardown where the intended compaction frees them all ` +
      '(--vpage-intended simulates the fix)'
    );
  }
  if (!pool.defectWouldBite) return undefined;
  if (pool.compactionDefect) return undefined; // freed out of order, but no allocation followed to overwrite the record
  return `a vregion other than the newest was freed first: on SOF main, ${WHERE}, and the next allocation would lose the newest record and leak its pages (the current model reproduces it)`;
}
