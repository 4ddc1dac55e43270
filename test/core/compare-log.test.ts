// compare-log on device logs made by the firmware's own code: a topology's simulated allocator
// calls (its journal) run in the firmware harness, which prints the log a DSP would. The CLI must
// agree with it line for line, and pinpoint a line altered on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readDeviceLog } from '../../src/core/memory/deviceLog';
import { loadProfiles } from '../../src/core/memory/profiles';
import { replayTrace } from '../../src/core/memory/replay';
import { simulateTopology, type SimulationResult } from '../../src/core/memory/simulate';
import { resolveTopology } from '../../src/core/resolve';
import { buildAllocatorHarness } from '../../scripts/firmware/build';
import { firmwareLog } from '../../scripts/firmware/deviceLog';
import { REPO, runCli } from '../support/cli';
import { sharedDir } from '../support/corpus';

const built = buildAllocatorHarness();
const skip = !built.ok && built.skip ? `!!! SKIPPED: firmware harness not built: ${built.why} !!!` : undefined;
if (skip) console.error(`\n${skip}\n`);

const ptl = () => {
  const p = loadProfiles(undefined, '').profiles.find((x) => x.id === 'ptl');
  assert.ok(p);
  return p;
};

function simulate(input: string, includeDirs: string[], defines: string[]): SimulationResult {
  const resolved = resolveTopology({ input, includeDirs, defines: defines.join(',') });
  return simulateTopology(resolved, { platform: ptl(), model: 'current', journal: true });
}

function harnessLog(sim: SimulationResult): string {
  if (!built.ok) assert.fail(built.why);
  assert.ok(sim.trace);
  const { log, failure } = firmwareLog(built.exe, sim.trace);
  assert.equal(failure, undefined);
  return log;
}

const tmp = (name: string, text: string) => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-log-')), name);
  fs.writeFileSync(f, text);
  return f;
};

const demo = path.join(REPO, 'examples', 'demo', 'top.conf');

test('the journal replays to the same logs as the simulation', () => {
  const sim = simulate(demo, [], []);
  assert.ok(sim.trace && sim.trace.ops.length > 5);
  const replayed = replayTrace(sim.trace).results.flatMap((r) => r.log).filter((l) => !l.startsWith('destroy '));
  assert.deepEqual(replayed, sim.events.flatMap((e) => e.log));
});

test('compare-log: a firmware-made log of the demo agrees, op by op', { skip }, async () => {
  const log = tmp('demo.log', harnessLog(simulate(demo, [], [])));
  const r = await runCli(['compare-log', 'examples/demo/top.conf', log, '--platform', 'ptl', '--all']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /4 operations: 4 agree, 0 differ, 0 only on the device, 0 only in the simulation/);
  assert.match(r.stdout, /creating interim heap: lifetime used \d+, interim available \d+/);
});

test('compare-log pinpoints a deliberately altered line', { skip }, async () => {
  const lines = harnessLog(simulate(demo, [], [])).split('\n');
  const i = lines.findIndex((l) => l.includes('creating interim heap'));
  assert.ok(i > 0);
  lines[i] = lines[i].replace(/lifetime used (\d+)/, (_, n: string) => `lifetime used ${Number(n) + 64}`);
  const log = tmp('altered.log', lines.join('\n'));
  const r = await runCli(['compare-log', 'examples/demo/top.conf', log, '--platform', 'ptl', '--json']);
  assert.equal(r.code, 1);
  const cmp = JSON.parse(r.stdout) as { rows: Array<{ status: string; device?: { line: number }; diffs?: Array<{ field: string; device: number; simulation: number }> }> };
  const bad = cmp.rows.filter((x) => x.status !== 'agree');
  assert.equal(bad.length, 1);
  assert.equal(bad[0].device?.line, i + 1);
  assert.equal(bad[0].diffs?.[0].field, 'lifetimeUsed');
  assert.equal(bad[0].diffs![0].device - bad[0].diffs![0].simulation, 64);
  const text = await runCli(['compare-log', 'examples/demo/top.conf', log, '--platform', 'ptl']);
  assert.match(text.stdout, new RegExp(`first part at ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${i + 1}`));
});

test('compare-log: a missing line shows as device-only / simulation-only', { skip }, async () => {
  const lines = harnessLog(simulate(demo, [], [])).split('\n').filter((l) => !l.includes('vptr '));
  const r = await runCli(['compare-log', 'examples/demo/top.conf', tmp('cut.log', lines.join('\n')), '--platform', 'ptl', '--json']);
  assert.equal(r.code, 1);
  const cmp = JSON.parse(r.stdout) as { counts: Record<string, number> };
  assert.deepEqual(cmp.counts, { agree: 3, differ: 0, 'device-only': 0, 'simulation-only': 1 });
});

test('compare-log: sof-ptl-nocodec with DP SRCs (two vregions, interim failures) agrees with the firmware', { skip }, async (t) => {
  const tree = path.join(sharedDir(), 'corpus', 'sof-topology2');
  if (!fs.existsSync(tree)) {
    t.skip(`!!! SKIPPED: ${tree} not found (set TPLG_SHARED) !!!`);
    return;
  }
  const defines = 'PLATFORM=ptl,NUM_DMICS=4,PDM1_MIC_A_ENABLE=1,PDM1_MIC_B_ENABLE=1,PREPROCESS_PLUGINS=nhlt,NHLT_BIN=nhlt-sof-ptl-nocodec.bin,SRC_DOMAIN=DP';
  const input = path.join(tree, 'cavs-nocodec.conf');
  const log = harnessLog(simulate(input, [tree], [defines]));
  assert.match(log, /interim alloc failed/);
  const r = await runCli(['compare-log', input, tmp('nocodec.log', log), '-I', tree, '-D', defines, '--platform', 'ptl', '--json']);
  const cmp = JSON.parse(r.stdout) as { counts: Record<string, number>; rows: unknown[] };
  assert.equal(r.code, 0, JSON.stringify(cmp.rows.filter((x) => (x as { status: string }).status !== 'agree')).slice(0, 2000));
  assert.ok(cmp.counts.agree >= 8, JSON.stringify(cmp.counts));
});

test('device log framings: Zephyr mtrace (function prefix, core id) and sof-logger', () => {
  const lines = readDeviceLog([
    '[00:00:01.000,000] <inf> vpage: vpage_alloc: vpage_alloc ptr 0xa0280000 pages 7 free 281/288',
    '[00:00:01.000,000] <inf> [c0] vregion: interim_heap_init: creating interim heap: lifetime used 4736, interim available 23936 at 0xa0281280',
    '<err> vpage: error: invalid page pointer 0xa0282000 not found',
    '[   10.1] (  0.1) c0 vregion  zephyr/lib/vregion.c:290  WARN interim alloc failed for 14512 bytes align 64',
    '[00:00:01.000,000] <inf> vpage: vpage_alloc: a message of no known format',
    '[00:00:01.000,000] <inf> ipc: ipc_cmd: not an allocator line',
  ].join('\n'));
  assert.deepEqual(lines.map((l) => [l.line, l.level, l.module, l.op?.kind]), [
    [1, 'inf', 'vpage', 'vpage_alloc'],
    [2, 'inf', 'vregion', 'interim_heap'],
    [3, 'err', 'vpage', 'free_not_found'],
    [4, 'wrn', 'vregion', 'interim_alloc_failed'],
    [5, 'inf', 'vpage', undefined],
  ]);
  assert.deepEqual(lines[1].op?.fields, { lifetimeUsed: 4736, interimBytes: 23936, ptr: 0xa0281280 });
});
