// Which build target a file is analysed under when nobody chose (core/targets/buildTargets.ts),
// the "choose a build target" collapse of missing-define errors (core/targets/missingDefines.ts),
// and `--target` on the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { asWritten, pickTarget, readBuildTargets, sortLists, targetListsUnder, type BuildTarget } from '../../src/core/targets/buildTargets';
import { collapseMissingDefines, onlyMissingDefines } from '../../src/core/targets/missingDefines';
import { resolveTopology } from '../../src/core/resolve';
import { runCli } from '../support/cli';
import { hasShared, SKIP_NO_SHARED, topologyDir } from '../support/corpus';

const T = (name: string, input: string, defines = ''): BuildTarget => ({ name, input, defines });

test('lists are read in the order SOF includes them: development/ first, then production/ as its CMakeLists.txt lists them', () => {
  const root = '/t/topology2';
  const lists = ['production/tplg-targets-ace3.cmake', 'production/tplg-targets-hda-generic.cmake', 'development/tplg-targets-bench.cmake', 'development/tplg-targets.cmake', 'tplg-targets-local.cmake', 'production/tplg-targets-ace1.cmake'].map((l) => path.join(root, l));
  assert.deepEqual(sortLists(lists).map((l) => path.relative(root, l)), [
    'development/tplg-targets.cmake',
    'development/tplg-targets-bench.cmake',
    'production/tplg-targets-hda-generic.cmake',
    'production/tplg-targets-ace1.cmake',
    'production/tplg-targets-ace3.cmake',
    'tplg-targets-local.cmake',
  ]);
});

test('pickTarget: a choice wins; a top-level file gets its first target; an include the last used, then the first including one', () => {
  const a = T('sof-a', '/t/top.conf', 'A=1');
  const b = T('sof-b', '/t/top.conf', 'A=2');
  const c = T('sof-c', '/t/other.conf');
  const targets = [a, b, c];
  assert.deepEqual(pickTarget('/t/top.conf', { targets }), { target: a, reason: 'input' });
  assert.deepEqual(pickTarget('/t/top.conf', { targets, chosen: b }), { target: b, reason: 'chosen' });
  const closure = new Map([[a, ['/t/top.conf', '/t/inc/x.conf']], [c, ['/t/other.conf', '/t/inc/x.conf', '/t/inc/y.conf']]]);
  const closureOf = (t: BuildTarget) => closure.get(t);
  assert.deepEqual(pickTarget('/t/inc/x.conf', { targets, closureOf }), { target: a, reason: 'includes' });
  assert.deepEqual(pickTarget('/t/inc/y.conf', { targets, closureOf }), { target: c, reason: 'includes' });
  assert.deepEqual(pickTarget('/t/inc/x.conf', { targets, closureOf, recent: [{ target: c, files: closure.get(c) ?? [] }] }), { target: c, reason: 'last-used' });
  assert.equal(pickTarget('/t/alone.conf', { targets, closureOf }), undefined);
  assert.deepEqual(asWritten('/t/alone.conf'), { name: 'alone', input: '/t/alone.conf', defines: '' });
});

test('corpus: every top-level file that a target builds gets the first such target in CMake order', (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const dir = topologyDir();
  const { targets } = readBuildTargets(targetListsUnder(dir));
  const pick = (f: string) => pickTarget(path.join(dir, f), { targets })?.target.name;
  assert.equal(pick('cavs-nocodec.conf'), 'sof-tgl-nocodec'); // development/tplg-targets.cmake comes first
  assert.equal(pick('cavs-rt5682.conf'), targets.find((x) => x.input.endsWith('/cavs-rt5682.conf'))?.name);
  assert.equal(pick('cavs-mixin-mixout-hda.conf'), undefined);
});

test('corpus: analysed as written, missing defines collapse into one information diagnostic; a real error does not', (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const dir = topologyDir();
  for (const [file, names] of [['cavs-nocodec.conf', ['SSP_BLOB_VERSION']], ['cavs-mixin-mixout-hda.conf', ['DEEPBUFFER_FW_DMA_MS']]] as const) {
    const input = path.join(dir, file);
    const r = resolveTopology({ input, includeDirs: [dir] });
    assert.ok(r.failed);
    assert.deepEqual(onlyMissingDefines(r), names);
    const shown = collapseMissingDefines(r, input, file);
    assert.equal(shown.filter((d) => d.severity === 'error').length, 0, file);
    const info = shown.filter((d) => d.code === 'TPLG190');
    assert.equal(info.length, 1);
    assert.match(info[0].message, new RegExp(`${file} needs defines that its build target passes with -D \\(${names[0]}\\).*Select Build Target`));
    assert.equal(info[0].severity, 'info');
  }
  // A typo in a top-level file is an error whatever the target.
  const broken = resolveTopology({ input: path.join(dir, 'cavs-nocodec.conf'), includeDirs: [dir], readFile: (p) => (p.endsWith('/cavs-nocodec.conf') ? 'Object.Bogus.x.1 {}\n' : undefined) });
  assert.equal(onlyMissingDefines(broken), undefined);
});

test('check/simulate --target take the input, defines and platform from the lists found from the file or -I', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const dir = topologyDir();
  const fromFile = await runCli(['check', path.join(dir, 'cavs-nocodec.conf'), '--target', 'sof-ptl-nocodec', '--format', 'json']);
  const j = JSON.parse(fromFile.stdout) as { platform: string; input: string; summary: { dpWidgets: number; failed: boolean } };
  assert.equal(j.platform, 'ptl');
  assert.equal(j.summary.failed, false);
  assert.ok(j.summary.dpWidgets > 0, 'SRC_DOMAIN=DP from the target defines');
  const fromInclude = await runCli(['simulate', '--target', 'sof-ptl-nocodec', '-I', dir]);
  assert.equal(fromInclude.code, 0, fromInclude.stderr);
  assert.match(fromInclude.stdout, /^platform ptl, model current/);
  const unknown = await runCli(['check', path.join(dir, 'cavs-sdw.conf'), '--target', 'sof-nope']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--target sof-nope: no such build target in the lists of .*; targets built from cavs-sdw\.conf: /);
  const nowhere = await runCli(['check', '--target', 'sof-ptl-nocodec'], '/');
  assert.equal(nowhere.code, 2);
  assert.match(nowhere.stderr, /no tplg-targets\*\.cmake lists found/);
});
