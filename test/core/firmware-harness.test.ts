// The firmware's own allocator and SRC code as the oracle (harness/firmware, issue 17): SOF's
// boot tests, then a fixed-seed subset of `npm run firmware-diff`, compared op by op with the
// model. Needs a C compiler and $TPLG_SHARED/firmware-src; says loudly when it cannot run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replayTrace } from '../../src/core/memory/replay';
import { compareTraces, describe, sysHeapTrace, vpageTrace, vregionTrace, BASE } from '../../scripts/firmware/allocators';
import { buildAllocatorHarness } from '../../scripts/firmware/build';
import { runHarness, splitLogLine } from '../../scripts/firmware/run';
import { compareCorpus } from '../../scripts/firmware/corpus';
import { compareSrcCases } from '../../scripts/firmware/src';
import { runZtests } from '../../scripts/firmware/ztests';

const built = buildAllocatorHarness();
const skip = !built.ok && built.skip ? `!!! SKIPPED: firmware harness not built: ${built.why} !!!` : undefined;
if (skip) console.error(`\n${skip}\n`);
const exe = (): string => {
  if (!built.ok) assert.fail(built.why);
  return built.exe;
};
const seeds = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const clean = (name: string, r: ReturnType<typeof compareTraces>) => {
  assert.equal(r.differences, 0, `${name}: ${r.first ? describe(r.first) : ''}`);
};

test('SOF zephyr/test/vpage.c and vregion.c pass in the harness, with the spec §2.11 log line', { skip }, () => {
  const z = runZtests(exe());
  assert.ok(z.ok, z.failure);
  assert.deepEqual(z.tests, [{ name: 'vpage', failures: 0 }, { name: 'vregion', failures: 0 }]);
  const messages = z.log.map((l) => splitLogLine(l)?.message);
  assert.ok(messages.includes('creating interim heap: lifetime used 11072, interim available 1216 at 0x10002b40'));
  // After the switch the firmware counts the whole region as lifetime used.
  assert.ok(messages.includes('lifetime used 0x3000 free count 2'));
});

test('vpage: 150 fixed-seed traces agree op by op with the default (SOF main) model', { skip }, () => {
  clean('vpage', compareTraces(exe(), seeds(1, 150).map(vpageTrace)));
});

test('vpage: the intended compaction differs from the firmware (the comparison has teeth)', { skip }, () => {
  const r = compareTraces(exe(), seeds(1, 100).map(vpageTrace), false);
  assert.ok(r.tracesDiffering > 30, `only ${r.tracesDiffering} of 100 traces differ`);
});

test('vregion: 150 fixed-seed lifetime/interim traces agree op by op', { skip }, () => {
  clean('vregion', compareTraces(exe(), seeds(100001, 150).map(vregionTrace)));
});

test('sys_heap: 100 small and 100 large fixed-seed traces agree op by op', { skip }, () => {
  clean('sys_heap', compareTraces(exe(), [...seeds(200001, 100).map((s) => sysHeapTrace(s, false)), ...seeds(300001, 100).map((s) => sysHeapTrace(s, true))]));
});

test('the traces reach every failure path of vpage.c and vregion.c', { skip }, () => {
  const vp = compareTraces(exe(), seeds(1, 150).map(vpageTrace)).messages;
  const vr = compareTraces(exe(), seeds(100001, 150).map(vregionTrace)).messages;
  const seen = (set: Set<string>, re: RegExp) => [...set].some((m) => re.test(m));
  for (const re of [/^error: not enough free pages/, /^error: max allocation elements reached$/, /^error: failed to allocate \d+ continuous/,
    /^error: failed to map virtual region .* error -22$/, /^error: failed to map virtual region .* error -12$/, /^error: invalid page pointer .* not found$/,
    /^error: invalid non aligned page pointer/, /^vpage_alloc ptr \(nil\) pages 0/]) {
    assert.ok(seen(vp, re), `vpage traces never logged ${re}`);
  }
  for (const re of [/^Too little memory/, /^lifetime alloc failed/, /^interim alloc failed/, /^error: vregion free invalid pointer/,
    /^error: invalid memory type 2$/, /already in interim mode$/, /^creating interim heap/, /^error: invalid vregion memsize 0$/]) {
    assert.ok(seen(vr, re), `vregion traces never logged ${re}`);
  }
});

test('the vpage defect of issue 17, in the firmware and in the default model', { skip }, () => {
  // allocate A, B, C; free A; allocate D; free C: C's record is lost.
  const fw = ['va 1', 'va 1', 'va 1', 'vf 0', 'va 1', 'vf 8192', 'va 1', 'va 1'];
  const run = runHarness(exe(), [`boot ${BASE} 5 5`, ...fw]);
  const last = (i: number) => run.results[i + 1];
  assert.match(last(5).log.join('\n'), /error: invalid page pointer 0x10002000 not found/);
  assert.equal(last(6).r.ptr, 3 * 4096);
  assert.equal(last(7).r.ptr, -1, 'page 4 is the last page of 5 (strict end check) and C leaked page 2');
  const hex = (p: number) => '0x' + (BASE + p * 4096).toString(16);
  const model = replayTrace({ totalPages: 5, ops: [
    { op: 'vpage_alloc', pages: 1 }, { op: 'vpage_alloc', pages: 1 }, { op: 'vpage_alloc', pages: 1 },
    { op: 'vpage_free', ptr: hex(0) }, { op: 'vpage_alloc', pages: 1 }, { op: 'vpage_free', ptr: hex(2) },
    { op: 'vpage_alloc', pages: 1 }, { op: 'vpage_alloc', pages: 1 },
  ] }).results;
  assert.deepEqual(model.map((r) => r.ptr ?? null), [hex(0), hex(1), hex(2), null, hex(0), null, hex(3), null]);
});

test('SRC: every tiny_int16 and lite_int32 case agrees with the cost model', { skip }, () => {
  const r = compareSrcCases(['tiny_int16', 'lite_int32']);
  if (!r.ok) assert.fail(r.why);
  assert.equal(r.differences, 0, r.first);
  assert.equal(r.cases, (7 * 7 + 3 * 2) * 8 * 5);
});


test('corpus: every target\'s simulated allocator calls print, on the firmware, the log the simulation predicts', { skip }, (t) => {
  const r = compareCorpus(exe());
  if (!r) {
    t.skip('!!! SKIPPED: $TPLG_SHARED/corpus not found !!!');
    return;
  }
  assert.equal(r.differences, 0, r.first);
  assert.ok(r.runs > 50 && r.operations > 3000, JSON.stringify(r));
});
