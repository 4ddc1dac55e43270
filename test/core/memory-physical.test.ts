// Physical backing derived from page maps: first free physical page per new virtual page, in
// address order; unmaps return pages, so a later allocation reuses the holes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhysicalReplay, PhysicalTimeline, type PageRuns } from '../../src/core/memory/physicalMap';

const owners = (a: Int32Array): number[] => [...a];

test('new pages take the first free physical pages in virtual order', () => {
  const r = new PhysicalReplay(8, 8);
  r.step([[0, 2, 1]]);
  const s = r.step([[0, 2, 1], [4, 3, 2]]);
  assert.deepEqual(owners(s.owners), [1, 1, 2, 2, 2, 0, 0, 0]);
  assert.deepEqual([...s.physOf], [0, 1, -1, -1, 2, 3, 4, -1]);
});

test('a freed run returns its physical pages and the next run fills the hole first', () => {
  const maps: PageRuns[] = [[[0, 2, 1]], [[0, 2, 1], [2, 2, 2]], [[2, 2, 2]]];
  const s = new PhysicalTimeline(maps, 6, 6).at(2);
  assert.deepEqual(owners(s.owners), [0, 0, 2, 2, 0, 0]);
  const r = new PhysicalReplay(6, 6);
  r.step([[0, 2, 1]]);
  r.step([[0, 2, 1], [2, 2, 2]]);
  r.step([[2, 2, 2]]);
  const after = r.step([[2, 2, 2], [4, 2, 3]]);
  assert.deepEqual(owners(after.owners), [3, 3, 2, 2, 0, 0]);
  assert.deepEqual([...after.physOf], [-1, -1, 2, 3, 0, 1]);
});

test('fewer physical than virtual pages: pages beyond the budget stay unmapped', () => {
  const s = new PhysicalTimeline([[[0, 4, 1]]], 6, 3).at(0);
  assert.deepEqual(owners(s.owners), [1, 1, 1]);
  assert.deepEqual([...s.physOf], [0, 1, 2, -1, -1, -1]);
});

test('a timeline answers any event, in any order, as a replay from the start would', () => {
  // Allocate and free runs of varying size so the physical order drifts from the virtual one.
  const maps: PageRuns[] = [];
  let live: Array<[number, number, number]> = [];
  for (let i = 1; i <= 60; i++) {
    if (i % 3 === 0 && live.length) live = live.filter((_, j) => j !== i % live.length);
    const end = live.reduce((a, r) => Math.max(a, r[0] + r[1]), 0);
    if (end + (i % 4) + 1 < 64) live = [...live, [end, (i % 4) + 1, i]];
    maps.push(live.map((r) => [...r] as [number, number, number]));
  }
  const tl = new PhysicalTimeline(maps, 64, 64, 8);
  for (const i of [59, 3, 40, 41, 17, 0, 59, 8, 9, 33]) {
    const fresh = new PhysicalReplay(64, 64);
    for (let k = 0; k <= i; k++) fresh.step(maps[k]);
    const got = tl.at(i);
    assert.deepEqual([...got.owners], [...fresh.current.owners], `event ${i}`);
    assert.deepEqual([...got.physOf], [...fresh.current.physOf], `event ${i}`);
  }
});
