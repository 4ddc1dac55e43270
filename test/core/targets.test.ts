// `tplg-budget targets`: a sweep over CMake target lists in worker threads. Our own list (the
// demo topology, a roomier copy of it and a target whose input is missing) in every format; then every corpus list, where
// every present target is checked and the missing ones are reported, not failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTargetList } from '../../src/core/targets/cmakeTargets';
import { AffinityQueue, planQueue, queueMemory } from '../../src/cli/sweep/queue';
import { runJob, type SweepJob, type SweepOutcome } from '../../src/cli/sweep/job';
import { startPool } from '../../src/cli/sweep/pool';
import { FileStore } from '../../src/core/conf/files';
import { hasShared, SKIP_NO_SHARED, sharedDir, targets, topologyDir } from '../support/corpus';
import { lineOf, REPO, runCli } from '../support/cli';

const sweep = (args: string[], cwd?: string) => runCli(['targets', ...args], cwd);
const EXAMPLE = path.join(REPO, 'examples', 'demo');
const HEAP_LINE = lineOf(fs.readFileSync(path.join(EXAMPLE, 'top.conf'), 'utf8'), 'heap_bytes_requirement');

interface SweepJson {
  targets: Array<{ output: string; status: string; platform: string | null; platformSource: string; summary: { dpWidgets: number; peakPages?: number; worst?: { code: string } } | null }>;
  summary: { targets: number; passed: number; failing: number; missing: number; crashed: number; jobs: number };
}

/** A topology folder with production/tplg-targets-test.cmake naming the demo, a copy of it with
 * a generous heap and stack, and an input that does not exist. */
function fixture(): { dir: string; list: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-targets-'));
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  const top = fs.readFileSync(path.join(dir, 'top.conf'), 'utf8');
  const roomy = top.replace(/(SRC_HEAP\s+)\d+/, '$165536').replace(/(SRC_STACK\s+)\d+/, '$18192');
  assert.notEqual(roomy, top);
  fs.writeFileSync(path.join(dir, 'roomy.conf'), roomy);
  fs.mkdirSync(path.join(dir, 'production'));
  const list = path.join(dir, 'production', 'tplg-targets-test.cmake');
  fs.writeFileSync(
    list,
    [
      '# Test targets: input;output;defines as SOF writes them',
      'list(APPEND TPLGS',
      '  "top\\;sof-ptl-dp-too-small\\;PLATFORM=ptl"',
      '  "roomy\\;sof-ptl-dp-roomy\\;PLATFORM=ptl,\\',
      'EXTRA=1"',
      '  "gone\\;sof-mtl-gone\\;PLATFORM=mtl"',
      ')',
      '',
    ].join('\n'),
  );
  return { dir, list };
}

test('our list: a failing DP target, a passing one, a missing input; every format', async () => {
  const { dir, list } = fixture();
  try {
    const args = [list, '--model', 'topology-sized', '--jobs', '2'];
    const text = await sweep(args, dir);
    assert.equal(text.code, 1, text.stdout + text.stderr);
    const row = text.stdout.split('\n').find((l) => l.startsWith('sof-ptl-dp-too-small '));
    assert.ok(row, text.stdout);
    assert.match(row, /\bptl\b\s+2\s+1\s+\d+\/\d+\s+error MEM01[0-2]/);
    assert.match(text.stdout, /not checked, input missing \(1 target\):\n {2}gone\.conf \(1\): sof-mtl-gone \(tplg-targets-test\.cmake:6\)/);
    assert.match(text.stdout, new RegExp(`^top\\.conf:${HEAP_LINE}:\\d+: error\\s+MEM01[0-2]: .*\\[sof-ptl-dp-too-small\\]$`, 'm'));
    assert.match(text.stdout, /3 targets in 1 list: 2 checked, 1 failing, 1 not checked \(input missing\); model topology-sized, 2 jobs/);

    const json = JSON.parse((await sweep([...args, '--format', 'json'], dir)).stdout) as SweepJson;
    const by = new Map(json.targets.map((t) => [t.output, t]));
    assert.equal(by.get('sof-ptl-dp-too-small')?.status, 'failing');
    assert.match(by.get('sof-ptl-dp-too-small')?.summary?.worst?.code ?? '', /^MEM01[0-2]$/);
    assert.equal(by.get('sof-ptl-dp-roomy')?.status, 'passed');
    assert.equal(by.get('sof-ptl-dp-roomy')?.summary?.dpWidgets, 1);
    assert.equal(by.get('sof-mtl-gone')?.status, 'missing');
    assert.deepEqual({ ...json.summary, jobs: 0 }, { ...json.summary, targets: 3, passed: 1, failing: 1, missing: 1, crashed: 0, jobs: 0 });

    const md = (await sweep([...args, '--format', 'markdown', '--root', dir], dir)).stdout;
    assert.match(md, /^### ❌ tplg-budget targets: 1 failing/);
    assert.match(md, /\| `sof-ptl-dp-too-small` \| ptl \| 2 \| 1 \| \d+\/\d+ \| error MEM01[0-2]: /);
    assert.match(md, /<summary>1 target not checked: input missing<\/summary>/);
    assert.match(md, /\| `gone\.conf` \| `sof-mtl-gone` \|/);

    const sarif = JSON.parse((await sweep([...args, '--format', 'sarif', '--root', dir], dir)).stdout) as {
      runs: Array<{
        results: Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
        invocations: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }>;
      }>;
    };
    const run = sarif.runs[0];
    const err = run.results.find((r) => r.level === 'error');
    assert.match(err?.ruleId ?? '', /^MEM01[0-2]$/);
    assert.match(err?.message.text ?? '', /\(target sof-ptl-dp-too-small\)$/);
    assert.equal(err?.locations[0].physicalLocation.artifactLocation.uri, 'top.conf');
    assert.equal(err?.locations[0].physicalLocation.region.startLine, HEAP_LINE);
    assert.deepEqual(run.invocations[0].toolExecutionNotifications.map((n) => [n.level, n.message.text]), [['note', 'target sof-mtl-gone not checked: its input gone.conf is missing']]);

    // --fail-on warning: the stack warning of the roomy target is not there, so it still passes.
    const only = JSON.parse((await sweep([list, '--filter', 'roomy', '--fail-on', 'warning', '--format', 'json'], dir)).stdout) as SweepJson;
    assert.deepEqual(only.targets.map((t) => [t.output, t.status]), [['sof-ptl-dp-roomy', 'passed']]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('scheduling: a worker stays on its top-level file, takes an unshared one next, shares last', () => {
  const jobs = ['c1', 'a1', 'b1', 'a2', 'a3', 'b2', 'a4'];
  const plan = planQueue(jobs, (j) => j[0]);
  assert.deepEqual(plan, { order: ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'c1'], sizes: [4, 2, 1] });
  const q = new AffinityQueue(plan.sizes, 2, queueMemory(plan.sizes.length, 2));
  const order: string[] = [];
  const take = (w: number) => {
    const j = q.take(w);
    if (j !== undefined) order.push(`${w}:${plan.order[j]}`);
    return j;
  };
  take(0); // the largest file, a
  assert.equal(q.runningJob(0), 0);
  q.finish(0);
  assert.equal(q.runningJob(0), undefined);
  take(1); // b, not a: a is taken
  take(1); // b again
  take(1); // c: unshared before joining a
  take(0);
  take(1); // nothing unshared is left: worker 1 joins a
  take(0);
  assert.equal(take(0), undefined);
  assert.equal(take(1), undefined);
  assert.equal(q.left(), 0);
  assert.deepEqual(order, ['0:a1', '1:b1', '1:b2', '1:c1', '0:a2', '1:a3', '0:a4']);
});

test('scheduling: a worker that leaves (dies) frees its file for the next one', () => {
  const plan = planQueue(['a1', 'a2', 'b1'], (j) => j[0]);
  const q = new AffinityQueue(plan.sizes, 2, queueMemory(plan.sizes.length, 2));
  assert.equal(plan.order[q.take(0) ?? -1], 'a1');
  q.leave(0);
  assert.equal(q.runningJob(0), undefined);
  assert.equal(plan.order[q.take(1) ?? -1], 'a2'); // a is unshared again, and larger than b
  assert.equal(q.left(), 1);
});

test('heap bound: a target that outgrows it runs again without it; a bound too small to start a worker is dropped', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  // The heaviest corpus file: its evaluation needs more than 8 MB of old generation.
  const target = targets().find((x) => x.input === 'cavs-sdw.conf' && /PLATFORM=ptl/.test(x.defines));
  assert.ok(target);
  const dir = topologyDir();
  const job: SweepJob = { index: 0, input: path.join(dir, target.input), defines: target.defines, topologyDir: dir, prepend: path.join(sharedDir(), 'corpus', 'abi-ipc4.conf'), model: 'current' };
  const store = new FileStore();
  const expected = runJob(job, store);
  const same = (o: SweepOutcome) => ({ summary: o.summary, findings: o.findings, diagnostics: o.diagnostics, crashed: o.crashed });
  for (const maxOldGenerationSizeMb of [8, 1]) {
    const pool = startPool(1, { maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 2 });
    const [outcome] = await pool.run([job], () => {});
    pool.close();
    assert.deepEqual(same(outcome), same(expected), `old generation bound ${maxOldGenerationSizeMb} MB`);
  }
});

test('usage errors exit 2 with a message', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /no target list/],
    [['none.cmake'], /none\.cmake: cannot read the target list/],
    [['x.cmake', '--jobs', '0'], /--jobs takes an integer/],
    [['x.cmake', '--filter', '('], /--filter: /],
    [['x.cmake', '--format', 'html'], /unknown format "html"/],
    [['x.cmake', '--model', 'y'], /unknown model "y"/],
    [['x.cmake', '--bogus'], /unknown option --bogus/],
    [['x.cmake', '--prepend', 'none.conf'], /no such file/],
  ];
  for (const [args, msg] of cases) {
    const r = await sweep(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, msg);
  }
  const { dir, list } = fixture();
  try {
    const r = await sweep([list, '--platform', 'zzz'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown platform "zzz"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every corpus list: each present target is checked and passes, missing inputs are listed', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const dir = topologyDir();
  const lists = ['production', 'development'].flatMap((sub) =>
    fs.readdirSync(path.join(dir, sub)).filter((f) => /^tplg-targets.*\.cmake$/.test(f)).map((f) => path.join(dir, sub, f)),
  );
  const expected = lists.flatMap((l) => parseTargetList(fs.readFileSync(l, 'utf8'), l).targets);
  const present = expected.filter((x) => fs.existsSync(path.join(dir, x.input)));
  const t0 = performance.now();
  const r = await sweep([...lists, '--prepend', path.join(sharedDir(), 'corpus', 'abi-ipc4.conf'), '--format', 'json']);
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as SweepJson;
  assert.equal(json.summary.targets, expected.length);
  assert.equal(json.summary.missing, expected.length - present.length);
  assert.equal(json.summary.crashed, 0);
  assert.equal(json.summary.passed, present.length);
  const checked = new Set(json.targets.filter((x) => x.status === 'passed').map((x) => x.output));
  for (const g of targets()) assert.ok(checked.has(g.output), `${g.output} checked`);
  // Platforms come from the PLATFORM= defines; targets on platforms without a profile are resolved only.
  const mtl = json.targets.find((x) => x.output === 'sof-mtl-nocodec');
  assert.equal(mtl?.platform, 'mtl');
  assert.equal(mtl?.platformSource, 'define');
  const tgl = json.targets.find((x) => x.output === 'sof-tgl-nocodec');
  assert.equal(tgl?.platform, null);
  t.diagnostic(`${present.length} targets checked, ${expected.length - present.length} missing, in ${seconds.toFixed(1)} s with ${json.summary.jobs} jobs`);
});
