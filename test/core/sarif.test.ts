// SARIF 2.1.0 output: the log's own structure (unit), then validation of real logs from `check`
// and `targets` against the official SARIF 2.1.0 JSON schema (shipped in the npm package of
// Microsoft's SARIF Multitool) with ajv, and against the SARIF spec's rules with the Multitool's
// own `validate` command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { Finding, SourceRange } from '../../src/core/model';
import { buildSarif, type SarifLog } from '../../src/core/report/sarif';
import { REPO, runCli } from '../support/cli';

const range = (file: string, line: number): SourceRange => ({ file, line, col: 5, endLine: line, endCol: 9, offset: 0, endOffset: 4 });

function unitLog(root: string): SarifLog {
  const heap: Finding = {
    code: 'MEM012',
    severity: 'error',
    message: 'interim allocation does not fit',
    widget: 'src.1.1',
    attribute: 'heap_bytes_requirement',
    suggested: 16384,
    range: range(path.join(root, 'include', 'components', 'src.conf'), 12),
    related: [{ message: 'the pipeline', range: range(path.join(root, 'top.conf'), 3) }],
  };
  return buildSarif(
    [
      { problem: heap, target: 'sof-ptl-x' },
      { problem: { code: 'MEM041', severity: 'info', message: 'no vregions on mtl' }, fallback: { file: path.join(root, 'my top.conf') } },
      { problem: { code: 'TPLG009', severity: 'warning', message: 'C comment', range: range('/elsewhere/a.conf', 2) } },
      { problem: { code: 'CMAKE001', severity: 'error', message: 'syntax error' }, fallback: { file: path.join(root, 'list.cmake'), line: 4 } },
    ],
    { root, toolVersion: '1.2.3', notifications: [{ level: 'note', message: 'input missing', at: { file: path.join(root, 'list.cmake'), line: 9 } }] },
  );
}

test('structure: rules per code, levels, locations relative to the root, fallbacks, related locations', () => {
  const root = path.join(os.tmpdir(), 'repo');
  const log = unitLog(root);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'tplg-budget');
  assert.equal(run.tool.driver.version, '1.2.3');
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['CMAKE001', 'MEM012', 'MEM041', 'TPLG009']);
  for (const r of run.tool.driver.rules) assert.ok(r.help.text && r.shortDescription.text, r.id);
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${root}/`);
  const [heap, info, outside, cmake] = run.results;
  assert.equal(run.tool.driver.rules[heap.ruleIndex].id, 'MEM012');
  assert.equal(heap.level, 'error');
  assert.equal(heap.message.text, 'interim allocation does not fit (target sof-ptl-x)');
  assert.deepEqual(heap.locations?.[0].physicalLocation, {
    artifactLocation: { uri: 'include/components/src.conf', uriBaseId: '%SRCROOT%' },
    region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 9 },
  });
  assert.deepEqual(heap.properties, { target: 'sof-ptl-x', widget: 'src.1.1', attribute: 'heap_bytes_requirement', suggested: 16384 });
  assert.equal(heap.relatedLocations?.[0].physicalLocation.artifactLocation.uri, 'top.conf');
  assert.equal(info.level, 'note');
  assert.deepEqual(info.locations?.[0].physicalLocation, { artifactLocation: { uri: 'my%20top.conf', uriBaseId: '%SRCROOT%' } });
  assert.deepEqual(outside.locations?.[0].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/a.conf' });
  assert.deepEqual(cmake.locations?.[0].physicalLocation.region, { startLine: 4 });
  assert.equal(run.invocations[0].toolExecutionNotifications?.[0].locations?.[0].physicalLocation.region?.startLine, 9);
});

/** The platform package of the Multitool holds the schema and the validator binary. */
function multitoolDir(): string | undefined {
  try {
    return path.dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`));
  } catch {
    return undefined;
  }
}

const SKIP_NO_MULTITOOL = `SKIPPED: @microsoft/sarif-multitool-${process.platform} is not installed (npm ci): SARIF schema validation did not run`;

/** Real logs: check on the DP example, and a sweep with a failing and a missing target. */
async function realLogs(dir: string): Promise<Record<string, string>> {
  const check = await runCli(['check', 'examples/demo/top.conf', '--platform', 'ptl', '--model', 'topology-sized', '--format', 'sarif']);
  assert.equal(check.code, 1, check.stderr);
  const list = path.join(dir, 'tplg-targets-test.cmake');
  fs.writeFileSync(list, 'list(APPEND TPLGS "top\\;sof-ptl-small\\;PLATFORM=ptl" "gone\\;sof-gone\\;PLATFORM=mtl")\n');
  const sweep = await runCli(['targets', list, '--topology-dir', 'examples/demo', '--model', 'topology-sized', '--jobs', '1', '--format', 'sarif']);
  assert.equal(sweep.code, 1, sweep.stderr);
  const clean = await runCli(['check', 'examples/demo/top.conf', '--format', 'sarif', '--root', dir]);
  return { 'check.sarif': check.stdout, 'targets.sarif': sweep.stdout, 'outside-root.sarif': clean.stdout, 'unit.sarif': JSON.stringify(unitLog(REPO)) };
}

test('the logs validate against the official SARIF 2.1.0 JSON schema', async (t) => {
  const mt = multitoolDir();
  if (!mt) return t.skip(SKIP_NO_MULTITOOL);
  const schema = JSON.parse(fs.readFileSync(path.join(mt, 'sarif-2.1.0.json'), 'utf8')) as Record<string, unknown>;
  assert.match(String(schema.title), /SARIF\) Version 2\.1\.0 JSON Schema/);
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  const validate = ajv.compile(schema);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-sarif-'));
  try {
    for (const [name, text] of Object.entries(await realLogs(dir))) {
      assert.ok(validate(JSON.parse(text)), `${name}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
    }
    // The validator does reject what the schema forbids.
    const bad = JSON.parse(JSON.stringify(unitLog(REPO))) as { runs: Array<{ results: Array<{ level: string }> }> };
    bad.runs[0].results[0].level = 'fatal';
    assert.equal(validate(bad), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the SARIF Multitool validator finds no error in the logs', async (t) => {
  const mt = multitoolDir();
  const exe = mt && path.join(mt, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
  if (!exe || !fs.existsSync(exe)) return t.skip(SKIP_NO_MULTITOOL);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-sarif-'));
  try {
    const logs = await realLogs(dir);
    // A log with a spec violation first: the validator must report it, or the check below means nothing.
    logs['broken.sarif'] = JSON.stringify({ ...JSON.parse(logs['unit.sarif']), version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'A', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.conf' }, region: { startLine: 0 } } }] }] }] });
    for (const [name, text] of Object.entries(logs)) fs.writeFileSync(path.join(dir, name), text);
    const errorsOf = (name: string): string[] => {
      const out = path.join(dir, `${name}.validation`);
      const r = spawnSync(exe, ['validate', path.join(dir, name), '--output', out, '--log', 'ForceOverwrite', '--level', 'Error;Warning;Note', '--kind', 'Fail'], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
      assert.equal(r.status, 0, `${name}: ${r.stdout}${r.stderr}`);
      const v = JSON.parse(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '')) as { runs: Array<{ results?: Array<{ ruleId: string; level?: string; message: { arguments?: string[] } }> }> };
      return (v.runs[0].results ?? []).filter((x) => x.level === 'error').map((x) => `${x.ruleId} ${(x.message.arguments ?? []).join(' ')}`);
    };
    assert.ok(errorsOf('broken.sarif').some((e) => e.startsWith('JSON1008')), 'the validator reports a region with startLine 0');
    for (const name of Object.keys(logs).filter((n) => n !== 'broken.sarif')) assert.deepEqual(errorsOf(name), [], name);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
