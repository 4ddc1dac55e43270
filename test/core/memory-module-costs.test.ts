// Every module cost model held to what SOF's own module code allocated in the host testbench
// (test/fixtures/module-oracle/*.json, made by `npm run module-oracle`, docs/module-oracle.md).
// The topology side is our own evaluator on the corpus target, so blob reading is tested too.
// Data bytes must match exactly; struct bytes match the LP64 host sizes the fixtures hold (the
// 32-bit figures the DSP uses are estimates and are not measured here).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveTopology } from '../../src/core/resolve';
import { widgetFacts } from '../../src/core/memory/widgetFacts';
import { costModelFor } from '../../src/core/memory/costModels/modules';
import { heapBytes, type CostInput, type ModuleCost } from '../../src/core/memory/costModels/moduleCost';
import { srcModuleCost } from '../../src/core/memory/costModels/modules/src';
import { simulateTopology } from '../../src/core/memory/simulate';
import { loadProfiles } from '../../src/core/memory/profiles';
import { hasShared, SKIP_NO_SHARED, targetOptions, targets } from '../support/corpus';

const DIR = path.resolve(__dirname, '../../../test/fixtures/module-oracle');

interface Alloc { phase: string; bytes: number; kind: 'struct' | 'data'; api: string; at: string; calledFrom?: string }
interface Run {
  target: string;
  format: { bits: number; rate: number; outRate: number; channels: number };
  heapUsage: Array<{ widget: string; bytes: number }>;
  modulePeakBytes: number;
  allocations: Alloc[];
  error?: string;
}
interface Fixture { sofCommit: string; module: string; runs: Run[] }

const fixtures: Fixture[] = fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Fixture);

test('module-oracle fixtures: every run reproduces the testbench "Heap usage for module" line', () => {
  for (const fx of fixtures) {
    assert.equal(fx.sofCommit.slice(0, 8), '12dd7265', fx.module);
    for (const r of fx.runs) {
      if (r.error || !r.heapUsage.length) continue;
      // The testbench figure is the module's peak plus the framework's sof_ipc_stream_params (84 bytes).
      assert.equal(r.heapUsage[0].bytes - r.modulePeakBytes, 84, `${r.target}: trace and testbench disagree`);
    }
  }
});

const key = (a: { phase: string; bytes: number; at: string }) => `${a.phase} ${a.bytes} ${a.at}`;
const sorted = (xs: string[]) => [...xs].sort();

/** The module's stream as the testbench sets it up: ibs = obs = 2 periods (topology_ipc4.c:331). */
function testbenchInput(r: Run, blobs: number[][]): CostInput {
  const sampleBytes = r.format.bits === 16 ? 2 : 4;
  const periodFrames = r.format.rate / 1000;
  const ibs = 2 * periodFrames * r.format.channels * sampleBytes;
  return { channels: r.format.channels, sampleBytes, rate: r.format.rate, ibs, obs: ibs, periodFrames, blobs, pointer: 'lp64' };
}

test('cost models match the measured allocations of every benchmark module', { skip: hasShared() ? undefined : SKIP_NO_SHARED }, () => {
  const all = new Map(targets().map((t) => [t.output, t]));
  const resolved = new Map<string, ReturnType<typeof resolveTopology>>();
  const checked: string[] = [];
  for (const fx of fixtures) {
    for (const r of fx.runs) {
      if (r.error || !r.heapUsage.length) continue;
      const t = all.get(r.target);
      assert.ok(t, r.target);
      if (!resolved.has(r.target)) resolved.set(r.target, resolveTopology(targetOptions(t)));
      const widgetName = r.heapUsage[0].widget;
      const w = resolved.get(r.target)!.widgets.find((x) => x.name === widgetName);
      assert.ok(w, `${r.target}: ${widgetName} not resolved`);
      const f = widgetFacts(w, 0);
      const model = costModelFor(f.className);
      assert.ok(model, `${r.target}: no cost model for class ${f.className}`);
      const input = testbenchInput(r, f.blobs);
      const cost: ModuleCost = model.module === 'src'
        ? srcModuleCost(input, { inRate: r.format.rate, outRate: r.format.outRate, periodUs: 1000, variant: 'ipc4_int32' })
        : model.cost(input);
      const measured = r.allocations.filter((a) => a.api === 'mod_alloc').map(key);
      const modelled = cost.allocs.filter((a) => !a.systemHeap).map(key);
      const outside = r.allocations.filter((a) => a.api === 'rmalloc').map(key);
      for (const a of cost.allocs.filter((x) => x.systemHeap)) assert.ok(outside.includes(key(a)), `${r.target}: rzalloc ${key(a)} not measured`);
      const partial = cost.notes.some((n) => n.includes('lower bound') || n.startsWith('vendor library'));
      const where = `${r.target} ${r.format.rate}->${r.format.outRate}`;
      if (partial) {
        for (const k of modelled) assert.ok(measured.includes(k), `${where}: modelled ${k} was not measured`);
        assert.ok(heapBytes(cost) <= r.modulePeakBytes, `${where}: a lower bound above the measurement`);
      } else {
        assert.deepEqual(sorted(modelled), sorted(measured), where);
        assert.equal(heapBytes(cost), r.modulePeakBytes, where);
      }
      checked.push(fx.module);
    }
  }
  console.log(`module costs: ${checked.length} measured runs of ${new Set(checked).size} module types checked`);
});

const PV_TARGET = 'sof-mtl-sdw-benchmark-phase_vocoder32-simplejack';

test('phase vocoder benchmark: the need inferred from the topology equals the testbench measurement', { skip: hasShared() ? undefined : SKIP_NO_SHARED }, () => {
  const t = targets().find((x) => x.output === PV_TARGET)!;
  const resolved = resolveTopology(targetOptions(t));
  const w = resolved.widgets.find((x) => x.name === 'phase_vocoder.1.1')!;
  const f = widgetFacts(w, 0);
  const run = fixtures.find((x) => x.module === 'phase_vocoder')!.runs.find((r) => r.target === PV_TARGET)!;
  // Under the testbench's conditions (LP64 host, ibs of two 1 ms periods) the model gives the measured bytes.
  const onHost = costModelFor(f.className)!.cost(testbenchInput(run, f.blobs));
  assert.equal(heapBytes(onHost), run.modulePeakBytes);
  assert.equal(heapBytes(onHost) + 84, run.heapUsage[0].bytes);
  // On the DSP: the topology's ibs (1920 bytes = 240 frames, not the testbench's 96) and 32-bit structs.
  const sim = simulateTopology(resolved, { platform: ptl(), model: 'topology-sized' });
  const rep = sim.widgets.find((x) => x.name === 'phase_vocoder.1.1')!;
  assert.equal(rep.inferred.basis, 'model');
  assert.deepEqual([rep.inferred.phases?.init, rep.inferred.phases?.set_config, rep.inferred.phases?.prepare], [772, 64, 73712]);
  assert.equal(rep.inferred.phases?.total, run.modulePeakBytes + 2 * (240 - 96) * 4 - (1344 - 772) - 2 * (48 - 28));
  const err = sim.findings.find((x) => x.widget === 'phase_vocoder.1.1' && x.severity === 'error');
  assert.ok(err && /init 772 \+ set_config 64 \+ prepare 73712 = 74548 bytes/.test(err.message), err?.message);
  assert.ok(typeof err.suggested === 'number' && err.suggested > 49152, 'the quick fix writes a need above the declared 48 KiB');
});

test('vendor modules stay unknown until the profile gives their size by UUID or class', { skip: hasShared() ? undefined : SKIP_NO_SHARED }, () => {
  const t = targets().find((x) => x.output === 'sof-hda-generic-compr')!;
  const resolved = resolveTopology(targetOptions(t));
  const bare = simulateTopology(resolved, { platform: ptl(), model: 'topology-sized' }).widgets.find((x) => x.name === 'decoder.90.1')!;
  assert.equal(bare.inferred.basis, 'vendor');
  assert.equal(bare.inferred.lowerBound, true);
  const withSize = simulateTopology(resolved, { platform: { ...ptl(), moduleHeapBytes: { decoder: 40000 } }, model: 'topology-sized' }).widgets.find((x) => x.name === 'decoder.90.1')!;
  assert.equal(withSize.inferred.basis, 'model');
  assert.equal(withSize.inferred.phases?.total, 40000);
  assert.ok((withSize.inferred.lifetimeBytes ?? 0) >= 40000 && (withSize.inferred.heapBytes ?? 0) > (bare.inferred.heapBytes ?? 0));
  // Under current the 40000 bytes do not fit the 28 KiB vregion, so init fails before any bind:
  // the need still counts the bind buffers the module would take (the same as topology-sized).
  const failing = simulateTopology(resolved, { platform: { ...ptl(), moduleHeapBytes: { decoder: 40000 } }, model: 'current' });
  const failed = failing.widgets.find((x) => x.name === 'decoder.90.1')!;
  assert.equal(failed.inferred.lifetimeBytes, withSize.inferred.lifetimeBytes);
  assert.equal(failed.inferred.heapBytes, withSize.inferred.heapBytes);
  const mem010 = failing.findings.find((x) => x.code === 'MEM010' && x.widget === 'decoder.90.1');
  assert.ok(mem010 && mem010.message.includes(`needs ${(withSize.inferred.heapBytes ?? 0) / 1024} KiB`), mem010?.message);
  const p = loadProfiles('- id: ptl\n  moduleHeapBytes:\n    "43:84:21:d8:f3:5f:4c:4a:b3:88:6c:fe:07:b9:56:aa": 40000\n    bad: -1\n');
  assert.equal(p.profiles.find((x) => x.id === 'ptl')?.moduleHeapBytes?.['43:84:21:d8:f3:5f:4c:4a:b3:88:6c:fe:07:b9:56:aa'], 40000);
  assert.ok(p.problems.some((x) => x.includes('moduleHeapBytes.bad')));
});

function ptl() {
  return loadProfiles().profiles.find((p) => p.id === 'ptl')!;
}
