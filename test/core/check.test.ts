// `tplg-budget check`: the demo topology (ours), whose DP SRC declares a heap and a stack far too
// small, fails with problems on those attribute lines in every format; an unmodified corpus target passes;
// bad input is a usage error (exit 2), never a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../../src/core/model';
import { hasShared, SKIP_NO_SHARED, sharedDir, targets, topologyDir } from '../support/corpus';
import { lineOf, REPO, runCli } from '../support/cli';

const TOP = 'examples/demo/top.conf';
const topText = fs.readFileSync(path.join(REPO, TOP), 'utf8');
const HEAP_LINE = lineOf(topText, 'heap_bytes_requirement');
const STACK_LINE = lineOf(topText, 'stack_bytes_requirement');
/** The heap is too small for a lifetime or an interim allocation at the first start. */
const HEAP_FAILS = /^MEM01[0-2]$/;
const check = (args: string[], cwd?: string) => runCli(['check', ...args], cwd);

interface SarifLike {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } };
    results: Array<{
      ruleId: string;
      level: string;
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }>;
    }>;
  }>;
}

function problemMatcher(): RegExp {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    contributes: { problemMatchers: Array<{ name: string; pattern: { regexp: string } }> };
  };
  const m = pkg.contributes.problemMatchers.find((x) => x.name === 'tplg-budget');
  assert.ok(m, 'package.json contributes the tplg-budget problem matcher');
  return new RegExp(m.pattern.regexp);
}

/**
 * The verdict on a declared value does not depend on the firmware model, only the code does:
 * under `current` (the default) the value is ignored today, so MEM014 replays the module in a
 * vregion of the declared size; under `topology-sized` the simulation itself fails (MEM010-012).
 */
const MODELS: Array<{ name: string; args: string[]; heapCode: RegExp }> = [
  { name: 'current (default)', args: [TOP, '--platform', 'ptl'], heapCode: /^MEM014$/ },
  { name: 'topology-sized', args: [TOP, '--platform', 'ptl', '--model', 'topology-sized'], heapCode: HEAP_FAILS },
];

for (const { name, args, heapCode } of MODELS) {
  test(`${name}, text: errors on the heap and stack lines, parsed by the problem matcher; exit 1`, async () => {
    const r = await check(args);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const re = problemMatcher();
    const parsed = r.stdout.split('\n').map((l) => re.exec(l)).filter((m): m is RegExpExecArray => !!m);
    const heap = parsed.find((m) => heapCode.test(m[5]));
    assert.ok(heap, r.stdout);
    assert.deepEqual([heap[1], Number(heap[2]), heap[4]], [TOP, HEAP_LINE, 'error']);
    const stack = parsed.find((m) => m[5] === 'MEM030');
    assert.ok(stack, r.stdout);
    assert.deepEqual([stack[1], Number(stack[2]), stack[4]], [TOP, STACK_LINE, 'error']);
    assert.match(r.stdout, /FAILED: 2 errors;/);
    // Aligned: the code column starts at the same place on every problem line.
    const codeCols = r.stdout.split('\n').filter((l) => re.test(l)).map((l) => l.indexOf(' MEM') - l.indexOf(': '));
    assert.equal(new Set(codeCols).size, 1, r.stdout);
  });

  test(`${name}, json: findings, diagnostics, summary and the simulation summary`, async () => {
    const r = await check([...args, '--format', 'json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout) as {
      findings: Finding[];
      diagnostics: unknown[];
      summary: { failed: boolean; errors: number; dpWidgets: number; peakPages: number };
      simulation: { platform: string; model: string; pool: { totalPages: number }; widgets: unknown[] } & Record<string, unknown>;
    };
    const heap = j.findings.find((f) => heapCode.test(f.code));
    assert.equal(heap?.severity, 'error');
    assert.equal(heap?.attribute, 'heap_bytes_requirement');
    assert.equal(heap?.range?.line, HEAP_LINE);
    assert.equal(heap?.suggested, 16384);
    const stack = j.findings.find((f) => f.code === 'MEM030');
    assert.equal(stack?.severity, 'error');
    assert.equal(stack?.attribute, 'stack_bytes_requirement');
    assert.equal(stack?.range?.line, STACK_LINE);
    assert.equal(stack?.suggested, 2048);
    assert.deepEqual(j.diagnostics, []);
    assert.equal(j.summary.failed, true);
    assert.equal(j.summary.errors, 2);
    assert.equal(j.summary.dpWidgets, 1);
    assert.equal(j.simulation.platform, 'ptl');
    assert.equal(j.simulation.model, args.includes('--model') ? 'topology-sized' : 'current');
    assert.ok(j.simulation.pool.totalPages > 0);
    assert.equal(j.simulation.events, undefined, 'the event log stays out of the CI report');
  });

  test(`${name}, markdown: a table row per problem with its location`, async () => {
    const r = await check([...args, '--format', 'markdown']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^### ❌ tplg-budget check/);
    assert.match(r.stdout, new RegExp(`\\| ❌ error \\| \`MEM01[0-4]\` \\| \`${TOP}:${HEAP_LINE}\` \\|`));
    assert.ok(r.stdout.includes(`| ❌ error | \`MEM030\` | \`${TOP}:${STACK_LINE}\` |`), r.stdout);
  });

  test(`${name}, sarif: one rule per code with help, errors on the attribute lines relative to --root`, async () => {
    const r = await check([...args, '--format', 'sarif', '--root', '.']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as SarifLike;
    const run = log.runs[0];
    const heapId = run.results.find((x) => heapCode.test(x.ruleId))?.ruleId ?? '';
    assert.deepEqual(run.tool.driver.rules.map((x) => x.id).sort(), [heapId, 'MEM030'].sort());
    for (const rule of run.tool.driver.rules) assert.ok(rule.help.text.length > 20);
    const at = (code: string) => run.results.find((x) => x.ruleId === code);
    assert.equal(at(heapId)?.level, 'error');
    assert.equal(at('MEM030')?.level, 'error');
    const loc = at(heapId)?.locations[0].physicalLocation;
    assert.deepEqual(loc?.artifactLocation, { uri: TOP, uriBaseId: '%SRCROOT%' });
    assert.equal(loc?.region.startLine, HEAP_LINE);
    assert.equal(at('MEM030')?.locations[0].physicalLocation.region.startLine, STACK_LINE);
  });
}

test('sarif: a problem written in an included file is located in that file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-check-'));
  try {
    // The demo's classes, plus a pipeline class in its own file whose SRC is DP with a 4 KiB heap:
    // the value is written in classes/small.conf, not in top.conf.
    fs.cpSync(path.join(REPO, 'examples', 'demo', 'classes'), path.join(dir, 'classes'), { recursive: true });
    const pipelines = fs.readFileSync(path.join(dir, 'classes', 'pipelines.conf'), 'utf8');
    const cls = pipelines.slice(pipelines.indexOf('Class.Pipeline."src-playback"'), pipelines.indexOf('Class.Pipeline."dai-capture"'));
    const small = cls.replace('"src-playback"', '"small-playback"').replace('src."1" {\n', 'src."1" {\n\t\t\tscheduler_domain\t"DP"\n\t\t\theap_bytes_requirement\t4096\n');
    assert.notEqual(small, cls);
    fs.writeFileSync(path.join(dir, 'classes', 'small.conf'), small);
    fs.writeFileSync(
      path.join(dir, 'top.conf'),
      '<searchdir:classes>\n<tokens.conf>\n<base.conf>\n<widgets.conf>\n<small.conf>\nDefine { X 1 }\n' +
        'Object.Pipeline.small-playback [\n\t{\n\t\tindex 3\n\t\tObject.Widget.host-copier.1 { pcm_id 0 }\n\t}\n]\n',
    );
    const r = await check(['top.conf', '--platform', 'ptl', '--model', 'topology-sized', '--format', 'sarif'], dir);
    assert.equal(r.code, 1, r.stderr);
    const res = (JSON.parse(r.stdout) as SarifLike).runs[0].results.find((x) => x.level === 'error');
    assert.ok(res, r.stdout);
    const loc = res.locations[0].physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri: 'classes/small.conf', uriBaseId: '%SRCROOT%' });
    assert.equal(loc.region.startLine, lineOf(small, 'heap_bytes_requirement'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a heap that starts the stream but runs out after stop/start cycles is a warning; --fail-on warning fails it', async () => {
  const args = [TOP, '--platform', 'ptl', '-D', 'SRC_HEAP=12288,SRC_STACK=2048'];
  for (const [model, code] of [['current', 'MEM014'], ['topology-sized', 'MEM013']]) {
    const r = await check([...args, '--model', model]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, new RegExp(`${TOP.replace(/\./g, '\\.')}:${HEAP_LINE}:\\d+: warning ${code}:.*stop/start cycle 1`));
  }
  const strict = await check([...args, '--fail-on', 'warning']);
  assert.equal(strict.code, 1);
  assert.match(strict.stdout, /FAILED: 1 warning/);
  const fixed = await check([TOP, '--platform', 'ptl', '-D', 'SRC_HEAP=16384,SRC_STACK=2048', '--fail-on', 'warning']);
  assert.equal(fixed.code, 0, 'the suggested values clear every finding');
});

test('without --platform the PLATFORM= define picks the profile, else ptl with a note', async () => {
  const r = await check([TOP, '-D', 'PLATFORM=mtl', '--format', 'json']);
  assert.equal((JSON.parse(r.stdout) as { platform: string }).platform, 'mtl');
  const d = await check([TOP]);
  assert.match(d.stdout, /note: no PLATFORM= define; simulated on ptl/);
});

test('usage errors exit 2 with a message', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /no input file/],
    [[TOP, '--format', 'xml'], /unknown format "xml"/],
    [[TOP, '--model', 'x'], /unknown model "x"/],
    [[TOP, '--platform', 'nope'], /unknown platform "nope"/],
    [[TOP, '--fail-on', 'info'], /--fail-on takes error or warning/],
    [[TOP, '--bogus'], /unknown option --bogus$/m],
    [[TOP, '--fromat', 'json'], /unknown option --fromat \(did you mean --format\?\)/],
    [[TOP, '--format'], /--format needs a value/],
    [['examples/none.conf'], /no such file/],
    [[TOP, '--profiles', 'none.yaml'], /cannot read the profiles file/],
  ];
  for (const [args, msg] of cases) {
    const r = await check(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, msg);
  }
  const help = await check(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: tplg-budget check/);
});

test('an unmodified corpus target (cavs-nocodec.conf, PLATFORM=mtl) passes in every format', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const target = targets().find((x) => x.input === 'cavs-nocodec.conf' && /(^|,)PLATFORM=mtl(,|$)/.test(x.defines));
  assert.ok(target, 'targets.json has cavs-nocodec.conf for mtl');
  const dir = topologyDir();
  const args = [path.join(dir, target.input), '-I', dir, '-D', target.defines, '--prepend', path.join(sharedDir(), 'corpus', 'abi-ipc4.conf')];
  for (const format of ['text', 'json', 'markdown', 'sarif']) {
    const r = await check([...args, '--format', format]);
    assert.equal(r.code, 0, `${format}: ${r.stdout.slice(0, 2000)}`);
  }
  const j = JSON.parse((await check([...args, '--format', 'json'])).stdout) as { platform: string; summary: { pipelines: number; errors: number } };
  assert.equal(j.platform, 'mtl');
  assert.equal(j.summary.errors, 0);
  assert.ok(j.summary.pipelines > 5);
});

test('a file SOF builds with defines, checked without -D, gets a note naming --target', { skip: hasShared() ? undefined : SKIP_NO_SHARED }, async () => {
  const dir = topologyDir();
  const bare = await check(['cavs-nocodec.conf'], dir);
  assert.equal(bare.code, 1);
  const note = bare.stderr.trim().split('\n').pop() ?? '';
  assert.match(note, /^tplg-budget check: note: cavs-nocodec\.conf is built with -D defines by \d+ build targets of SOF's lists \(sof-tgl-nocodec, .*\); add --target sof-tgl-nocodec /);
  const sim = await runCli(['simulate', 'cavs-nocodec.conf'], dir);
  assert.match(sim.stderr, /simulate: note: cavs-nocodec\.conf is built with -D defines/);
  // With the target's defines, or a file no list builds, there is nothing to point at.
  assert.doesNotMatch((await check(['--target', 'sof-tgl-nocodec'], dir)).stderr, /add --target/);
  assert.doesNotMatch((await check(['cavs-mixin-mixout-hda.conf'], dir)).stderr, /add --target/);
});
