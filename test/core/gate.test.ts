// A CI gate people can turn on: rule configuration (core/report/ruleConfig.ts), a baseline
// (core/report/baseline.ts, SARIF baselineState), and the worst problem named per target
// (core/report/worst.ts), through check and targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, Finding, SourceRange } from '../../src/core/model';
import { baselineStates, makeBaseline, parseBaseline } from '../../src/core/report/baseline';
import { applyRules, parseRuleConfig, ruleLevel } from '../../src/core/report/ruleConfig';
import { worstProblem } from '../../src/core/report/worst';
import { runCli } from '../support/cli';
import { hasShared, SKIP_NO_SHARED, topologyDir } from '../support/corpus';

const at = (file: string, line: number): SourceRange => ({ file, line, col: 1, endLine: line, endCol: 2, offset: 0, endOffset: 1 });
const diag = (code: string, severity: Diagnostic['severity'], file: string, line = 1, message = `${code} message`): Diagnostic => ({ code, severity, message, range: at(file, line) });

test('rule configuration: exact codes, prefixes, off; bad entries are reported with the file name', () => {
  const { config, problems } = parseRuleConfig('{"rules": {"TPLG112": "off", "TPLG0*": "info", "TPLG009": "error", "MEM013": "loud", "x y": "off"}}', 'cfg.json');
  assert.equal(ruleLevel(config, 'TPLG112'), 'off');
  assert.equal(ruleLevel(config, 'TPLG008'), 'info');
  assert.equal(ruleLevel(config, 'TPLG009'), 'error', 'an exact code wins over a prefix');
  assert.equal(ruleLevel(config, 'MEM013'), undefined);
  assert.deepEqual(problems, ['cfg.json: MEM013: "loud" is not one of error, warning, info, off', 'cfg.json: "x y" is not a code (TPLG112) or a prefix (TPLG11*)']);
  const list = [diag('TPLG112', 'warning', '/a'), diag('TPLG008', 'warning', '/a'), diag('TPLG101', 'error', '/a')];
  assert.deepEqual(applyRules(list, config).map((d) => `${d.code} ${d.severity}`), ['TPLG008 info', 'TPLG101 error']);
  assert.match(parseRuleConfig('{', 'c').problems[0], /^c: not JSON/);
});

test('baseline: a problem is its target, code, file and message, not its line; each recorded one matches once', () => {
  const root = '/r';
  const today = [{ problem: diag('TPLG112', 'warning', '/r/a.conf', 10) }, { problem: diag('TPLG112', 'warning', '/r/a.conf', 10) }, { problem: diag('TPLG009', 'warning', '/r/b.conf', 3), target: 't1' }];
  const b = parseBaseline(JSON.stringify(makeBaseline(today, root)));
  assert.ok(typeof b !== 'string');
  const moved = [{ problem: diag('TPLG112', 'warning', '/r/a.conf', 12) }, { problem: diag('TPLG112', 'warning', '/r/a.conf', 13) }, { problem: diag('TPLG112', 'warning', '/r/a.conf', 14) }, { problem: diag('TPLG009', 'warning', '/r/b.conf', 3), target: 't2' }];
  assert.deepEqual(baselineStates(moved, b, root), ['unchanged', 'unchanged', 'new', 'new']);
  assert.match(String(parseBaseline('{"a":1}')), /not a tplg-budget baseline/);
});

test('worst problem: memory findings, then errors, then the top-level file, then shared class files', () => {
  const input = '/t/top.conf';
  const shared = diag('TPLG112', 'warning', '/t/include/gain.conf');
  const own = diag('TPLG008', 'warning', input);
  const error = diag('TPLG101', 'error', '/t/include/x.conf');
  const mem: Finding = { code: 'MEM013', severity: 'warning', message: 'heap ignored', range: at(input, 5) };
  assert.equal(worstProblem([shared, own], input), own);
  assert.equal(worstProblem([shared, own, error], input), error);
  assert.equal(worstProblem([shared, error, mem], input), mem);
  assert.equal(worstProblem([shared], input), shared);
});

/** A scratch copy of the corpus: the gate is tried on a tree we may change. */
function scratchCorpus(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-gate-'));
  fs.cpSync(topologyDir(), dir, { recursive: true });
  return dir;
}

test('check: --config turns shared-file lint off; a baseline passes --fail-on warning and fails on one new warning (SARIF new/unchanged)', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const dir = scratchCorpus();
  const top = path.join(dir, 'cavs-nocodec.conf');
  const target = ['--target', 'sof-ptl-nocodec'];
  const plain = await runCli(['check', top, ...target, '--fail-on', 'warning'], dir);
  assert.equal(plain.code, 1, 'the shared-file warnings fail --fail-on warning');
  fs.mkdirSync(path.join(dir, '.tplg-budget'));
  fs.writeFileSync(path.join(dir, '.tplg-budget', 'config.json'), JSON.stringify({ rules: { TPLG112: 'off', TPLG009: 'info' } }));
  const configured = await runCli(['check', top, ...target, '--fail-on', 'warning'], dir);
  assert.doesNotMatch(configured.stdout, /TPLG112/);
  assert.match(configured.stdout, /info +TPLG009/);
  fs.rmSync(path.join(dir, '.tplg-budget'), { recursive: true });

  const base = path.join(dir, 'baseline.json');
  const write = await runCli(['check', top, ...target, '--write-baseline', base], dir);
  assert.equal(write.code, 0);
  assert.match(write.stderr, /recorded \d+ problems in the baseline/);
  const pass = await runCli(['check', top, ...target, '--fail-on', 'warning', '--baseline', base], dir);
  assert.equal(pass.code, 0, pass.stdout);
  assert.match(pass.stdout, /note: \d+ problems recorded in the baseline not shown/);
  // One new warning, above the existing ones so every line below moves: only it is new.
  fs.writeFileSync(top, '/* a new C-style comment */\n' + fs.readFileSync(top, 'utf8'));
  const fail = await runCli(['check', top, ...target, '--fail-on', 'warning', '--baseline', base, '--format', 'sarif'], dir);
  assert.equal(fail.code, 1);
  const results = (JSON.parse(fail.stdout) as { runs: Array<{ results: Array<{ ruleId: string; baselineState: string }> }> }).runs[0].results;
  assert.deepEqual(results.filter((r) => r.baselineState === 'new').map((r) => r.ruleId), ['TPLG009']);
  assert.ok(results.filter((r) => r.baselineState === 'unchanged').length > 0);
  const bad = await runCli(['check', top, '--baseline', path.join(dir, 'cavs-sdw.conf')], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--baseline .*cavs-sdw\.conf: not JSON/);
});

test('targets: a baseline written from the same tree passes --fail-on warning, and one new warning fails it', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const dir = scratchCorpus();
  const lists = ['production/tplg-targets-hda-generic.cmake', 'production/tplg-targets-ace3.cmake'];
  const args = ['targets', ...lists, '--jobs', '2', '--fail-on', 'warning'];
  assert.equal((await runCli(args, dir)).code, 1, 'without a baseline the shared warnings fail');
  const base = path.join(dir, 'baseline.json');
  assert.equal((await runCli([...args, '--write-baseline', base], dir)).code, 0);
  const pass = await runCli([...args, '--baseline', base], dir);
  assert.equal(pass.code, 0, pass.stdout.slice(-2000));
  assert.match(pass.stdout, /0 failing, .*problems recorded in the baseline not shown/);
  const file = path.join(dir, 'sof-hda-generic.conf');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8') + '\n/* a new C-style comment */\n');
  const fail = await runCli([...args, '--baseline', base], dir);
  assert.equal(fail.code, 1);
  assert.match(fail.stdout, /sof-hda-generic\.conf:\d+:1: warning TPLG009: .*\[sof-hda-generic/);
});
