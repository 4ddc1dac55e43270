// Whole topologies: every corpus target's simulated allocator calls (the journal) run in the
// firmware harness, and the log the firmware prints compared with the simulation's, operation
// by operation (compare-log's engine). Covers the models whose vregions vregion.c can create.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareDeviceLog } from '../../src/core/memory/compareLog';
import type { FirmwareModelId } from '../../src/core/memory/models';
import { loadProfiles } from '../../src/core/memory/profiles';
import { simulateTopology } from '../../src/core/memory/simulate';
import { resolveTopology } from '../../src/core/resolve';
import { sharedDir } from './build';
import { firmwareLog } from './deviceLog';

export const CORPUS_MODELS: FirmwareModelId[] = ['current', 'topology-sized', 'per-pipeline'];

export interface CorpusResult {
  /** Target and model pairs whose simulation made allocator calls. */
  runs: number;
  operations: number;
  differences: number;
  first?: string;
}

interface Target {
  input: string;
  output: string;
  defines: string;
}

export function compareCorpus(exe: string, models = CORPUS_MODELS): CorpusResult | undefined {
  const corpus = path.join(sharedDir(), 'corpus');
  const list = path.join(corpus, 'targets.json');
  if (!fs.existsSync(list)) return undefined;
  const tree = path.join(corpus, 'sof-topology2');
  const targets = JSON.parse(fs.readFileSync(list, 'utf8')) as Target[];
  const profiles = loadProfiles(undefined, '').profiles;
  const res: CorpusResult = { runs: 0, operations: 0, differences: 0 };
  for (const t of targets) {
    const platform = profiles.find((p) => p.id === /PLATFORM=(\w+)/.exec(t.defines)?.[1]);
    if (!platform?.vregions) continue;
    const resolved = resolveTopology({ input: path.join(tree, t.input), includeDirs: [tree], defines: t.defines, prepend: path.join(corpus, 'abi-ipc4.conf') });
    for (const model of models) {
      const sim = simulateTopology(resolved, { platform, model, journal: true });
      if (!sim.trace?.ops.length) continue;
      res.runs++;
      const { log, failure } = firmwareLog(exe, sim.trace);
      const cmp = compareDeviceLog(log, sim);
      res.operations += cmp.rows.length;
      const bad = cmp.rows.filter((r) => r.status !== 'agree');
      res.differences += bad.length + (failure ? 1 : 0);
      if ((bad.length || failure) && !res.first) {
        const r = bad[0];
        res.first = `${t.output} (${platform.id}, ${model}): ${failure ?? `${r.status} at log line ${r.device?.line ?? '-'}: device "${r.device?.text ?? ''}", simulation ${r.simulation?.step ?? '-'} "${r.simulation?.text ?? ''}" ${(r.diffs ?? []).map((d) => `${d.field} ${d.device}/${d.simulation}`).join(', ')}`}`;
      }
    }
  }
  return res;
}
