// `npm run firmware-diff`: the firmware's own allocator and SRC code (built from
// $TPLG_SHARED/firmware-src by harness/firmware) against our model. Prints one line per
// allocator, `<name>: <T> traces, <O> operations, <D> differences`, and
// `src: <C> cases, <D> differences`, and `corpus: ...` for every corpus target's simulated
// allocator calls run on the firmware (logs compared as compare-log does); exits 1 on any difference after printing the first one,
// 2 when the harness cannot be built or the firmware's own tests fail.
//   --traces N   traces per allocator (default 1000; vregion and sys_heap small/large each get N)
import { compareTraces, describe, sysHeapTrace, vpageTrace, vregionTrace, type BatchResult } from './firmware/allocators';
import { buildAllocatorHarness } from './firmware/build';
import { runZtests } from './firmware/ztests';
import { compareCorpus } from './firmware/corpus';
import { compareSrcCases } from './firmware/src';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

function main(): number {
  const n = arg('--traces', 1000);
  const built = buildAllocatorHarness();
  if (!built.ok) {
    console.error(`firmware-diff: cannot build the firmware harness: ${built.why}`);
    return 2;
  }
  const z = runZtests(built.exe);
  for (const t of z.tests) console.log(`firmware test ${t.name}: ${t.failures === 0 ? 'passed' : `${t.failures} assertion(s) failed`}`);
  if (!z.ok) {
    console.error(`firmware-diff: SOF's own tests did not pass in the harness${z.failure ? `: ${z.failure}` : ''}`);
    return 2;
  }
  const seeds = (offset: number) => Array.from({ length: n }, (_, i) => offset + i);
  const rows: Array<[string, BatchResult]> = [
    ['vpage', compareTraces(built.exe, seeds(1).map(vpageTrace))],
    ['vregion', compareTraces(built.exe, seeds(100001).map(vregionTrace))],
    ['sys_heap', compareTraces(built.exe, [...seeds(200001).map((s) => sysHeapTrace(s, false)), ...seeds(300001).map((s) => sysHeapTrace(s, true))])],
  ];
  let failed = false;
  for (const [name, r] of rows) {
    console.log(`${name}: ${r.traces} traces, ${r.operations} operations, ${r.differences} differences`);
    if (r.first) {
      failed = true;
      console.log(`  first difference: ${describe(r.first)}`);
    }
  }
  const corpus = compareCorpus(built.exe);
  if (!corpus) console.log('corpus: SKIPPED ($TPLG_SHARED/corpus not found)');
  else {
    console.log(`corpus: ${corpus.runs} target/model simulations, ${corpus.operations} logged operations, ${corpus.differences} differences`);
    if (corpus.first) {
      failed = true;
      console.log(`  first difference: ${corpus.first}`);
    }
  }
  const src = compareSrcCases();
  if (!src.ok) {
    console.error(`firmware-diff: cannot run the SRC harness: ${src.why}`);
    return 2;
  }
  console.log(`src: ${src.cases} cases, ${src.differences} differences`);
  if (src.first) {
    failed = true;
    console.log(`  first difference: ${src.first}`);
  }
  return failed ? 1 : 0;
}

process.exitCode = main();
