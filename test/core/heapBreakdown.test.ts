// The hover's heap breakdown adds up: on every DP widget of every corpus target, under the model
// that ignores heap_bytes_requirement and the one that sizes vregions from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileStore } from '../../src/core/conf/files';
import { heapBreakdown, heapBreakdownLines } from '../../src/core/memory/heapBreakdown';
import { modelUsesDeclaredHeap, type FirmwareModelId } from '../../src/core/memory/models';
import { loadProfiles } from '../../src/core/memory/profiles';
import { simulateTopology } from '../../src/core/memory/simulate';
import { resolveTopology } from '../../src/core/resolve';
import { choosePlatform } from '../../src/core/targets/platform';
import { hasShared, SKIP_NO_SHARED, targetOptions, targets } from '../support/corpus';

test('every DP widget of the corpus: declared, needed, lifetime, interim peak and vregion pages add up', (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const profiles = loadProfiles().profiles;
  const store = new FileStore();
  store.trustCache = true;
  let checked = 0;
  const withNeed = new Set<string>();
  for (const target of targets()) {
    const resolved = resolveTopology(targetOptions(target, store));
    if (resolved.failed) continue;
    const choice = choosePlatform('auto', target.defines, profiles, target.output);
    if (typeof choice === 'string' || !choice.profile) continue;
    for (const model of ['current', 'topology-sized'] as FirmwareModelId[]) {
      const sim = simulateTopology(resolved, { platform: choice.profile, model });
      for (const w of sim.widgets.filter((x) => x.domain === 'DP')) {
        const v = w.vregion !== undefined ? sim.vregions.find((x) => x.id === w.vregion) : undefined;
        const b = heapBreakdown(w, v, { pageSize: choice.profile.pageSize, cycles: sim.cycles, declaredUsed: modelUsesDeclaredHeap(model) });
        const where = `${target.output} ${model} ${w.name}`;
        if (b.need) {
          withNeed.add(w.name);
          assert.equal(b.need.lifetime + b.need.interimPeak + b.need.slack, b.need.total, where);
          assert.ok(b.need.slack >= 0 && b.need.total % choice.profile.pageSize === 0, where);
          assert.equal(b.need.total, w.inferred.heapBytes, where);
        }
        if (b.vregion) {
          const r = b.vregion;
          assert.equal(r.bytes, r.pages * r.pageSize, where);
          assert.equal(r.lifetimeUsed + r.interimSize + r.alignment, r.bytes, where);
          assert.ok(r.alignment >= 0, `${where}: alignment ${r.alignment}`);
          assert.ok(r.interimPeak <= r.interimSize, `${where}: interim peak ${r.interimPeak} of ${r.interimSize}`);
        }
        for (const line of heapBreakdownLines(b)) assert.doesNotMatch(line, /NaN|undefined|-\d/, `${where}: ${line}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 0 && withNeed.size > 0, `${checked} DP widgets checked`);
});

test('the breakdown of the issue case reads as one sum: 24 KiB declared, what it needs, and the vregion', () => {
  const w = { name: 'src.5.1', type: 'src', pipelineId: 5, domain: 'DP' as const, core: 0, vregion: 1, declared: { heapBytes: 24576 }, inferred: { basis: 'model' as const, estimate: true as const, heapBytes: 53248, lifetimeBytes: 4700, interimPeakBytes: 15462 } };
  const v = { id: 1, owner: 'src.5.1', kind: 'dp-module' as const, layout: 'single' as const, firstPage: 0, pages: 7, bytes: 28672, lifetimeUsed: 4700, firmwareLifetimeUsed: 28672, interimSize: 23900, interimPeak: 14848, mode: 'interim', allocations: [] };
  const lines = heapBreakdownLines(heapBreakdown(w, v, { pageSize: 4096, cycles: 3, declaredUsed: false }));
  assert.deepEqual(lines, [
    'heap: 24 KiB declared (this firmware model ignores it); needs 52 KiB, 28 KiB short',
    'needs 52 KiB = lifetime 4.6 KiB + interim peak 15.1 KiB + 32.3 KiB fragmentation, chunk headers and page rounding over 3 stop/start cycles',
    'vregion #1: 7 pages x 4096 B = 28 KiB = lifetime used 4.6 KiB + interim heap 23.3 KiB + 0.1 KiB alignment',
    'interim heap in this run: peak 14.5 KiB of 23.3 KiB',
  ]);
});
