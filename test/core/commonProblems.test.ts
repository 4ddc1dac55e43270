// The sweep's "worst finding" column: warnings every target shares are shown once, each row keeps
// the worst of its own problems; errors always stay on their rows.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Diagnostic, Finding, SourceRange } from '../../src/core/model';
import { commonProblems } from '../../src/cli/sweep/commonProblems';
import type { SweepTarget } from '../../src/cli/sweep/types';

const at = (file: string, offset: number): SourceRange => ({ file, line: 1, col: offset + 1, endLine: 1, endCol: offset + 2, offset, endOffset: offset + 1 });
const comment: Diagnostic = { severity: 'warning', code: 'TPLG009', message: 'C-style comment', range: at('host-copier.conf', 20) };
const broken: Diagnostic = { severity: 'error', code: 'TPLG111', message: 'missing', range: at('shared.conf', 5) };

function target(output: string, findings: Finding[], diagnostics: Diagnostic[]): SweepTarget {
  const all = [...findings, ...diagnostics];
  const worst = all[0] && { severity: all[0].severity, code: all[0].code, message: all[0].message };
  return {
    output, input: `${output}.conf`, inputPath: `/t/${output}.conf`, topologyDir: '/t', defines: '', list: '/t/l.cmake', platformSource: 'define', missing: false,
    outcome: { index: 0, findings, diagnostics, ms: 1, summary: { pipelines: 1, widgets: 1, dpWidgets: 0, errors: 0, warnings: all.length, infos: 0, failed: false, rejected: false, worst } },
  };
}

test('a warning every target has is listed once; rows show their own worst problem or nothing', () => {
  const mem: Finding = { severity: 'warning', code: 'MEM020', message: 'rates', widget: 'src.1.1' } as Finding;
  const ts = [target('a', [], [comment]), target('b', [mem], [comment]), target('c', [], [broken, comment])];
  const c = commonProblems(ts);
  assert.deepEqual(c.problems, [comment]);
  assert.equal(c.targets, 3);
  assert.equal(c.worstOwn(ts[0]), undefined);
  assert.equal(c.worstOwn(ts[1])?.code, 'MEM020');
  assert.equal(c.worstOwn(ts[2])?.code, 'TPLG111');
});

test('nothing is common when a target lacks it, when only one target ran, or for errors', () => {
  const ts = [target('a', [], [comment]), target('b', [], [])];
  assert.deepEqual(commonProblems(ts).problems, []);
  assert.equal(commonProblems(ts).worstOwn(ts[0])?.code, 'TPLG009');
  assert.deepEqual(commonProblems([target('a', [], [comment])]).problems, []);
  assert.deepEqual(commonProblems([target('a', [], [broken]), target('b', [], [broken])]).problems, []);
});
