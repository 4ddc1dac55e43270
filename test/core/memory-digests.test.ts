// The simulation JSON of every corpus target, under every firmware model on three platforms, must
// match the checked-in digests: restructuring the simulator may not move a byte. When a change is
// meant to move numbers, regenerate with `npm run sim-digests` and review which targets moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { DIGEST_FILE, corpusDigests, type Digests } from '../support/simDigests';
import { SKIP_NO_SHARED, hasShared } from '../support/corpus';

test('corpus simulation outputs match test/fixtures/sim-digests.json (regenerate: npm run sim-digests)', (t) => {
  if (!hasShared()) {
    t.skip(`!!! ${SKIP_NO_SHARED} !!!`);
    return;
  }
  const want = JSON.parse(fs.readFileSync(DIGEST_FILE, 'utf8')) as Digests;
  const got = corpusDigests();
  const moved: string[] = [];
  for (const [output, row] of Object.entries(got)) {
    for (const [key, digest] of Object.entries(row)) if (want[output]?.[key] !== digest) moved.push(`${output} ${key}`);
  }
  const gone = Object.keys(want).filter((o) => !(o in got));
  t.diagnostic(`${Object.keys(got).length} targets x ${Object.keys(Object.values(got)[0] ?? {}).length} platform/model runs`);
  assert.deepEqual([...moved.slice(0, 20), ...gone], [], `${moved.length} simulation outputs moved; if intended, run npm run sim-digests`);
});
