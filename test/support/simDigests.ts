// Per-target digests of the simulation JSON on the whole corpus, under every firmware model and a
// few platforms: the pin that lets the simulator be restructured with byte-identical outputs.
// Regenerate the checked-in file with `npm run sim-digests` after a change that is meant to move
// the numbers (a cost model, a default), and say so in the commit.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { FileStore } from '../../src/core/conf/files';
import { loadProfiles, type PlatformProfile } from '../../src/core/memory/profiles';
import { FIRMWARE_MODELS, type FirmwareModelId } from '../../src/core/memory/models';
import { simulateTopology } from '../../src/core/memory/simulate';
import { resolveTopology } from '../../src/core/resolve';
import { targetOptions, targets } from './corpus';

/** ptl: vregions on; ptl-proxy: DP modules outside the pool; mtl: no vregions at all. */
export const DIGEST_PLATFORMS = ['ptl', 'ptl-proxy', 'mtl'];

export const DIGEST_FILE = path.resolve(__dirname, '../../..', 'test', 'fixtures', 'sim-digests.json');

export type Digests = Record<string, Record<string, string>>;

/** `{ output: { "<platform>/<model>": sha256 of JSON.stringify(result) } }` for every target. */
export function corpusDigests(filter?: (output: string) => boolean): Digests {
  const profiles = loadProfiles(undefined).profiles;
  const plats = DIGEST_PLATFORMS.map((id) => profiles.find((p) => p.id === id) as PlatformProfile);
  const store = new FileStore();
  const out: Digests = {};
  for (const t of targets()) {
    if (filter && !filter(t.output)) continue;
    const resolved = resolveTopology(targetOptions(t, store));
    const row: Record<string, string> = {};
    for (const p of plats) {
      for (const model of Object.keys(FIRMWARE_MODELS) as FirmwareModelId[]) {
        const json = JSON.stringify(simulateTopology(resolved, { platform: p, model }));
        row[`${p.id}/${model}`] = createHash('sha256').update(json).digest('hex').slice(0, 16);
      }
    }
    out[t.output] = row;
  }
  return out;
}
