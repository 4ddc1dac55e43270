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
import * as fs from 'node:fs';
import { sharedDir, targetOptions, targets } from './corpus';

/** ptl: vregions on; ptl-proxy: DP modules outside the pool; mtl: no vregions at all. */
export const DIGEST_PLATFORMS = ['ptl', 'ptl-proxy', 'mtl'];

export const DIGEST_FILE = path.resolve(__dirname, '../../..', 'test', 'fixtures', 'sim-digests.json');

export type Digests = Record<string, Record<string, string>>;

/** Result fields of the what-if mechanisms (issue 14), pinned apart from the rest. */
const WHAT_IF_FIELDS = ['dmaBuffers', 'deepBuffers', 'textPartitions'] as const;

/**
 * Source ranges in findings carry absolute paths: the corpus folder is written as `$SHARED`, so a
 * digest does not depend on where ../shared sits (CI's clone has it elsewhere than a session's).
 */
function sharedRoots(): string[] {
  const dir = path.resolve(sharedDir());
  let real = dir;
  try {
    real = fs.realpathSync(dir);
  } catch {
    // no corpus: nothing to digest anyway
  }
  return [...new Set([dir, real])].sort((a, b) => b.length - a.length);
}

let roots: string[] = [];

const digest = (v: unknown): string => {
  let text = JSON.stringify(v);
  for (const root of roots) text = text.split(JSON.stringify(root).slice(1, -1)).join('$SHARED');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
};

/**
 * `{ output: { "<platform>/<model>": digest, "<platform>/<model> what-if": digest } }` for every
 * target: the first covers the result without the what-if mechanisms' fields (so adding a
 * mechanism cannot move it), the second those fields as reported with the what-ifs off.
 */
export function corpusDigests(filter?: (output: string) => boolean): Digests {
  const profiles = loadProfiles(undefined).profiles;
  const plats = DIGEST_PLATFORMS.map((id) => profiles.find((p) => p.id === id) as PlatformProfile);
  const store = new FileStore();
  const out: Digests = {};
  roots = sharedRoots();
  for (const t of targets()) {
    if (filter && !filter(t.output)) continue;
    const resolved = resolveTopology(targetOptions(t, store));
    const row: Record<string, string> = {};
    for (const p of plats) {
      for (const model of Object.keys(FIRMWARE_MODELS) as FirmwareModelId[]) {
        const result: Record<string, unknown> = { ...simulateTopology(resolved, { platform: p, model }) };
        const extra: Record<string, unknown> = {};
        for (const k of WHAT_IF_FIELDS) {
          if (k in result) extra[k] = result[k];
          delete result[k];
        }
        row[`${p.id}/${model}`] = digest(result);
        row[`${p.id}/${model} what-if`] = digest(extra);
      }
    }
    out[t.output] = row;
  }
  return out;
}
