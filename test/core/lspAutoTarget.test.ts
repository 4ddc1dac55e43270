// What issues 13 and 14 added to the editor, served by the language server with no VS Code in
// between: the target picked automatically, TPLG190 with its Select Build Target action, the
// workspace rule configuration, and the what-if settings (a bad ladder is reported, not fatal).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { readBuildTargets, targetListsUnder } from '../../src/core/targets/buildTargets';
import { hasShared, SKIP_NO_SHARED, topologyDir } from '../support/corpus';
import { startLsp, uri, type LspSession } from '../support/lspClient';

interface State {
  context: { target: { name: string; defines: string }; reason: string };
  resolved?: { result: { failed: boolean } };
  simulated?: { whatIfProblems?: string[]; simulation?: unknown };
}

async function open(s: LspSession, file: string): Promise<State> {
  const text = fs.readFileSync(file, 'utf8');
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'sof-topology', version: 1, text } });
  return (await s.conn.sendRequest('tplgBudget/analysis', { waitIdle: true })) as State;
}

test('lsp: with no settings a top-level file opens under its first build target in CMake order', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const s = await startLsp({ root: topologyDir(), initializationOptions: { analysisDelayMs: 0 } });
  try {
    const file = path.join(topologyDir(), 'cavs-sdw.conf');
    const first = readBuildTargets(targetListsUnder(topologyDir())).targets.find((x) => x.input === file);
    const state = await open(s, file);
    assert.equal(state.context.target.name, first?.name);
    assert.equal(state.context.target.defines, first?.defines);
    assert.equal(state.context.reason, 'input');
    assert.equal(state.resolved?.result.failed, false);
  } finally {
    await s.close();
  }
});

test('lsp: a top-level file no target uses gets one TPLG190 note whose action selects a build target', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const s = await startLsp({ root: topologyDir(), initializationOptions: { analysisDelayMs: 0 } });
  try {
    const file = path.join(topologyDir(), 'cavs-mixin-mixout-hda.conf');
    const state = await open(s, file);
    assert.equal(state.context.reason, 'as-written');
    const ds = await s.waitDiagnostics(uri(file), (d) => d.some((x) => x.code === 'TPLG190'));
    const note = ds.filter((d) => d.code === 'TPLG190');
    assert.equal(note.length, 1);
    assert.equal(note[0].severity, 3);
    assert.deepEqual(ds.filter((d) => d.severity === 1).map((d) => d.message), []);
    const actions = (await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(file) }, range: note[0].range, context: { diagnostics: note } })) as CodeAction[];
    const select = actions.find((a) => a.title === 'Select Build Target');
    assert.equal(select?.command?.command, 'sofTopology.selectTarget');
  } finally {
    await s.close();
  }
});

test('lsp: the workspace rule configuration and the what-if settings', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-lsp-rules-'));
  fs.mkdirSync(path.join(ws, '.tplg-budget'));
  fs.writeFileSync(path.join(ws, '.tplg-budget', 'config.json'), JSON.stringify({ rules: { MEM013: 'off' } }));
  const options = { buildTarget: 'sof-ptl-nocodec', firmwareModel: 'topology-sized', analysisDelayMs: 0, deepBuffers: 'ladder', deepBufferLadder: 'not a ladder' };
  const s = await startLsp({ root: ws, initializationOptions: options });
  try {
    const file = path.join(topologyDir(), 'cavs-nocodec.conf');
    const state = await open(s, file);
    assert.equal(state.context.target.name, 'sof-ptl-nocodec');
    assert.ok(state.simulated?.simulation, 'simulated despite the bad ladder');
    assert.ok(state.simulated?.whatIfProblems?.length, 'the bad ladder is reported');
    // The same file under the same target gives MEM013 without the configuration (test/core/lsp.test.ts).
    const ds = s.diagnostics.get(uri(file)) as Diagnostic[];
    assert.ok(ds.length > 0);
    assert.deepEqual(ds.filter((d) => d.code === 'MEM013'), []);
  } finally {
    await s.close();
    fs.rmSync(ws, { recursive: true, force: true });
  }
});
