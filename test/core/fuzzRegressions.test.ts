// Every problem the fuzzer (npm run fuzz) ever found, replayed: test/fixtures/fuzz-regressions/*.json
// hold the mutated files (minimized), layered over ../shared. Each must now pass the fuzz properties.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../../scripts/fuzz/catalog';
import { fromFixture, type Fixture } from '../../scripts/fuzz/fixture';
import { CaseRunner } from '../../scripts/fuzz/run';
import { hasShared, SKIP_NO_SHARED } from '../support/corpus';

const DIR = path.resolve(__dirname, '../../../test/fixtures/fuzz-regressions');

test('fuzz regressions: no crash, hang, nondeterminism or unlocated rejection', (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const runner = new CaseRunner(loadCatalog());
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length > 0);
  for (const f of files) {
    const fixture = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Fixture;
    const v = runner.run(fromFixture(fixture));
    assert.equal(v.problem, undefined, `${f} (${fixture.description}): ${v.problem}: ${v.detail}`);
  }
});
