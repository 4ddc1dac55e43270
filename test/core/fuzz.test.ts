// A short fixed-seed fuzz run on worker threads, so CI exercises the harness and the properties
// (npm run fuzz runs the long ones). Any problem prints the case to replay with scripts/fuzz.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCliFuzz } from '../../scripts/fuzz/cli';
import { runPool } from '../../scripts/fuzz/pool';
import { REPO } from '../support/cli';
import { hasShared, SKIP_NO_SHARED } from '../support/corpus';

test('fuzz: 300 mutated inputs, seed 6', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const res = await runPool({ seed: 6, count: 300, jobs: 2, timeoutMs: 30_000 });
  const problems = res.problems.map((p) => `${p.problem}: case ${p.index} ${p.seed} [${p.ops.join('; ')}] ${p.detail}`);
  assert.equal(res.cases, 300);
  assert.deepEqual(problems, []);
});

test('fuzz: a case that overruns its time bound is cut off, not waited for', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  // 1 ms is less than any case takes in a cold worker: every case overruns, its worker is
  // terminated, and the case is re-run alone (3 ms) before it counts as a hang or as slow.
  const res = await runPool({ seed: 6, count: 2, jobs: 1, timeoutMs: 1 });
  assert.equal(res.cases, 2);
  assert.equal(res.problems.filter((p) => p.problem === 'hang').length + res.slow.length, 2);
});

test('fuzz --cli: 400 cases of non-topology files and malformed arguments, seed 1: no crash, exit 0/1/2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-fuzz-cli-test-'));
  const res = await runCliFuzz(1, 400, dir, path.join(REPO, 'examples', 'demo', 'top.conf'));
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(res.problems.map((p) => `case ${p.case.index}: tplg-budget ${p.case.label}: ${p.detail}`), []);
  assert.ok(res.exits[1] > 0 && res.exits[2] > 0, JSON.stringify(res.exits));
});
