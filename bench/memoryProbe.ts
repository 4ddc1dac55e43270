// Memory of one analysis in a fresh process: `node out/bench/memoryProbe.js <target output name>`
// resolves and simulates the corpus target and prints its heap and RSS as JSON (for bench.ts and
// docs/limits.md).
import { loadProfiles } from '../src/core/memory/profiles';
import { simulateTopology } from '../src/core/memory/simulate';
import { resolveTopology } from '../src/core/resolve';
import { targetOptions, targets } from '../test/support/corpus';

const name = process.argv[2];
const t = targets().find((x) => x.output === name);
if (!t) throw new Error(`no corpus target ${name}`);
const before = process.memoryUsage();
const r = resolveTopology(targetOptions(t));
const platform = loadProfiles().profiles.find((p) => p.id === 'ptl')!;
const sim = simulateTopology(r, { platform, model: 'current' });
const after = process.memoryUsage();
console.log(
  JSON.stringify({
    target: name,
    widgets: r.widgets.length,
    files: r.files.length,
    findings: sim.findings.length,
    rssMiB: after.rss / 1048576,
    heapUsedMiB: after.heapUsed / 1048576,
    heapGrowthMiB: (after.heapUsed - before.heapUsed) / 1048576,
  }),
);
