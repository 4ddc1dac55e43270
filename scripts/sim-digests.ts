// `npm run sim-digests`: rewrites test/fixtures/sim-digests.json, the corpus pin that
// test/core/memory-digests.test.ts compares against. Run it only when a change is meant to move
// simulation outputs (a cost model, a model default), after checking the diff is the intended one.
import * as fs from 'node:fs';
import { DIGEST_FILE, corpusDigests } from '../test/support/simDigests';
import { hasShared, sharedDir } from '../test/support/corpus';

if (!hasShared()) {
  process.stderr.write(`sim-digests: ../shared not found at ${sharedDir()} (set TPLG_SHARED)\n`);
  process.exit(2);
}
const t0 = Date.now();
const digests = corpusDigests();
fs.writeFileSync(DIGEST_FILE, JSON.stringify(digests, null, 1) + '\n');
process.stdout.write(`sim-digests: ${Object.keys(digests).length} targets written to ${DIGEST_FILE} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
