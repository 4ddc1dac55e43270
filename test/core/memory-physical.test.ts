// Physical backing derived from page maps: first free physical page per new virtual page, in
// address order; unmaps return pages, so a later allocation reuses the holes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhysicalReplay, physicalAt, type PageRuns } from '../../src/core/memory/physicalMap';

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
  const s = physicalAt(maps, 2, 6, 6);
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
  const s = physicalAt([[[0, 4, 1]]], 0, 6, 3);
  assert.deepEqual(owners(s.owners), [1, 1, 1]);
  assert.deepEqual([...s.physOf], [0, 1, 2, -1, -1, -1]);
});
