// The language server through a plain LSP client over stdio (no editor): the corpus acceptance
// case (cavs-nocodec.conf under sof-ptl-nocodec, firmware model topology-sized, which gives the DP
// SRC a heap finding) answered with diagnostics, hover, definition and the other features; then
// bad input and bad clients. test/core/neovim.test.ts asks the same through Neovim's own client.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentSymbol, Hover, InlayHint, Location, Range, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { Rng } from '../../scripts/fuzz/rng';
import { hasShared, SKIP_NO_SHARED, topologyDir } from '../support/corpus';
import { runCli } from '../support/cli';
import { SERVER, startLsp, uri, type LspSession } from '../support/lspClient';

const TARGET = 'sof-ptl-nocodec';
const OPTIONS = { buildTarget: TARGET, firmwareModel: 'topology-sized', analysisDelayMs: 20 };

interface State {
  context: { target: { name: string }; model: string };
  resolved?: { result: { widgets: Array<{ name: string; range?: { line: number; col: number } }> } };
}

async function openNocodec(s: LspSession): Promise<{ file: string; text: string; lines: string[] }> {
  const file = path.join(topologyDir(), 'cavs-nocodec.conf');
  const text = fs.readFileSync(file, 'utf8');
  await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'sof-topology', version: 1, text } });
  return { file, text, lines: text.split('\n') };
}

/** 0-based position `into` characters into the first `needle` on a line matching `line`. */
function find(lines: string[], line: RegExp, needle: string, into = 1): { line: number; character: number } {
  const i = lines.findIndex((l) => line.test(l) && l.includes(needle));
  assert.ok(i >= 0, `no line matching ${line}`);
  return { line: i, character: lines[i].indexOf(needle) + into };
}

const hoverText = (h: Hover | null): string => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

test('lsp: the CLI command asks for --stdio', async () => {
  const r = await runCli(['lsp']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /tplg-budget lsp --stdio/);
  assert.match((await runCli(['lsp', '--tcp'])).stderr, /unknown option --tcp/);
});

test('lsp: the corpus acceptance case through a plain LSP client', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const s = await startLsp({ root: topologyDir(), initializationOptions: OPTIONS });
  try {
    const { file, lines } = await openNocodec(s);
    const u = uri(file);
    const ds = await s.waitDiagnostics(u, (d) => d.some((x) => x.code === 'MEM013'));
    const heap = ds.find((d) => d.code === 'MEM013' && d.message.startsWith('src.5.1:')) as Diagnostic;
    assert.ok(heap, ds.map((d) => d.message).join('\n'));
    assert.equal(heap.source, 'tplg-budget');
    assert.match(heap.codeDescription?.href ?? '', /^file:.*docs\/findings\.md$/);
    assert.equal(lines[heap.range.start.line].slice(heap.range.start.character, heap.range.end.character), '"$[(24 * 1024)]"');

    const state = (await s.conn.sendRequest('tplgBudget/analysis', { waitIdle: true })) as State;
    assert.equal(state.context.target.name, TARGET);
    const w = state.resolved?.result.widgets.find((x) => x.name === 'src.5.1');
    assert.ok(w?.range);
    const header = { line: w.range.line - 1, character: w.range.col - 1 };

    const hover = hoverText(await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: header }));
    assert.match(hover, /\*\*src\.5\.1\*\*/);
    assert.match(hover, /DP core \d/);
    assert.match(hover, /\| heap \| 24 KiB \|/);

    const cls = (await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: u }, position: find(lines, /^\s*Object\.Widget\.src\.1 \{/, 'src') })) as Location[];
    assert.ok(cls.some((l) => l.uri === uri(path.join(topologyDir(), 'include', 'components', 'src.conf')) && l.range.start.line === 14), JSON.stringify(cls));

    const varAt = find(lines, /core_id \$DP_SRC_CORE_ID/, '$DP_SRC_CORE_ID', 3);
    const uses = (await s.conn.sendRequest('textDocument/references', { textDocument: { uri: u }, position: varAt, context: { includeDeclaration: true } })) as Location[];
    assert.ok(uses.length >= 2, JSON.stringify(uses));

    const symbols = (await s.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: u } })) as DocumentSymbol[];
    assert.ok(symbols.find((x) => x.name === 'Define')?.children?.some((c) => c.name === 'MCLK' && c.detail === '24576000'));

    const range = (await s.conn.sendRequest('textDocument/prepareRename', { textDocument: { uri: u }, position: varAt })) as Range;
    assert.equal(lines[range.start.line].slice(range.start.character, range.end.character), 'DP_SRC_CORE_ID');
    const edit = (await s.conn.sendRequest('textDocument/rename', { textDocument: { uri: u }, position: varAt, newName: 'DP_SRC_CORE' })) as WorkspaceEdit;
    assert.ok((edit.changes?.[u] ?? []).length >= 2, JSON.stringify(edit));
    await assert.rejects(s.conn.sendRequest('textDocument/rename', { textDocument: { uri: u }, position: varAt, newName: 'not a name' }), /not a variable name/);

    const actions = (await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: heap.range, context: { diagnostics: [heap] } })) as CodeAction[];
    const fix = actions.find((a) => /^Set heap_bytes_requirement to \d+$/.test(a.title));
    assert.ok(fix?.edit?.changes?.[u], JSON.stringify(actions));
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['MEM013']);

    const attr = find(lines, /^\s*scheduler_domain "\$SRC_DOMAIN"/, 'scheduler_domain', 0);
    const items = (await s.conn.sendRequest('textDocument/completion', { textDocument: { uri: u }, position: { line: attr.line, character: attr.character } })) as CompletionItem[];
    assert.ok(items.some((i) => i.label === 'heap_bytes_requirement'), `${items.length} items`);

    const hints = (await s.conn.sendRequest('textDocument/inlayHint', { textDocument: { uri: u }, range: { start: header, end: { line: header.line + 12, character: 0 } } })) as InlayHint[];
    assert.ok(hints.some((h) => /= 24576 · needs ~\d+(\.\d)? KiB/.test(String(h.label))), JSON.stringify(hints));
    const lenses = (await s.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: u } })) as CodeLens[];
    assert.ok(lenses.some((l) => l.range.start.line === header.line && /^src\.5\.1: DP core \d · heap 24 KiB declared/.test(l.command?.title ?? '')));
  } finally {
    await s.close();
  }
});

test('lsp: an edit breaks a line, the fix clears it; edits out of range are clamped', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  // A scratch copy: the server reads the includes from disk, the edits stay in the buffer.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-lsp-'));
  fs.cpSync(topologyDir(), dir, { recursive: true });
  const s = await startLsp({ root: dir, initializationOptions: { analysisDelayMs: 0 } });
  try {
    const file = path.join(dir, 'cavs-nocodec.conf');
    const text = fs.readFileSync(file, 'utf8');
    const u = uri(file);
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'sof-topology', version: 1, text } });
    await s.waitDiagnostics(u, () => true);
    const lines = text.split('\n');
    const at = find(lines, /^\s*Object\.Widget\.src\.1 \{/, 'src', 0);
    const name = { start: at, end: { line: at.line, character: at.character + 3 } };
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ range: name, text: 'srcc' }] });
    const broken = await s.waitDiagnostics(u, (d) => d.some((x) => x.code === 'TPLG104'));
    assert.equal(broken.find((x) => x.code === 'TPLG104')?.range.start.line, at.line);
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 3 }, contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 4 } }, text: 'src' }] });
    await s.waitDiagnostics(u, (d) => !d.some((x) => x.code === 'TPLG104'));
    // Out of range: a line past the end, a negative character, an end before the start.
    const far = { line: 1e9, character: 5 };
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 4 }, contentChanges: [
      { range: { start: far, end: far }, text: '\n# appended\n' },
      { range: { start: { line: 2, character: -7 }, end: { line: 1, character: 0 } }, text: '' },
    ] });
    const h = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 1e9, character: 1e9 } });
    assert.ok(h === null || typeof h === 'object');
    await s.conn.sendRequest('tplgBudget/analysis', { waitIdle: true });
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('lsp: malformed requests and unknown files get answers, not a crash', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-lsp-bad-'));
  const s = await startLsp({ root: dir, initializationOptions: { analysisDelayMs: 'soon', diagnostics: 42 } });
  try {
    const missing = uri(path.join(dir, 'nowhere.conf'));
    const answers = await Promise.allSettled([
      s.conn.sendRequest('textDocument/hover', { textDocument: { uri: missing }, position: { line: 0, character: 0 } }),
      s.conn.sendRequest('textDocument/definition', { textDocument: { uri: 'untitled:Untitled-1' }, position: { line: 0, character: 0 } }),
      s.conn.sendRequest('textDocument/hover', null),
      s.conn.sendRequest('textDocument/hover', { textDocument: 5, position: 'here' }),
      s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: missing }, range: null, context: null }),
      s.conn.sendRequest('textDocument/rename', { textDocument: { uri: missing }, position: { line: 0, character: 0 }, newName: 5 }),
      s.conn.sendRequest('workspace/symbol', { query: { not: 'a string' } }),
      s.conn.sendRequest('tplgBudget/simulateWith', { platform: 1, model: null }),
      s.conn.sendRequest('tplgBudget/targets', 'x'),
      s.conn.sendRequest('no/suchMethod', {}),
    ]);
    assert.equal(answers.length, 10);
    await s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: missing, version: 2 }, contentChanges: [{ text: 'x' }] });
    await s.conn.sendNotification('tplgBudget/setSelection', { target: { name: 1 } });
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: missing, languageId: 'x', version: 1, text: 'Object.Widget.x.1 {\n' } });
    const ds = await s.waitDiagnostics(missing, () => true);
    assert.ok(Array.isArray(ds));
    assert.equal(s.proc.exitCode, null, s.stderr());
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A JSON-RPC frame as the base protocol writes it. */
const frame = (body: string): Buffer => {
  const b = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`, 'ascii'), b]);
};

function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

test('lsp: a client that never reads its output does not grow the server without bound', async (t) => {
  if (!hasShared() || !fs.existsSync('/proc/self/status')) return t.skip(SKIP_NO_SHARED);
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  try {
    proc.stdout.pause();
    const file = path.join(topologyDir(), 'cavs-nocodec.conf');
    const text = fs.readFileSync(file, 'utf8');
    const u = uri(file);
    const send = (m: object): boolean => proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', ...m })));
    send({ id: 1, method: 'initialize', params: { processId: null, rootUri: uri(topologyDir()), capabilities: {}, initializationOptions: { buildTarget: TARGET, analysisDelayMs: 0 } } });
    send({ method: 'initialized', params: {} });
    send({ method: 'textDocument/didOpen', params: { textDocument: { uri: u, languageId: 'sof-topology', version: 1, text } } });
    // Every edit re-analyses and pushes diagnostics nobody reads.
    for (let v = 2; v < 200; v++) {
      send({ method: 'textDocument/didChange', params: { textDocument: { uri: u, version: v }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: v % 2 ? '#' : '' }] } });
      if (v % 20 === 0) await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(proc.exitCode, null, 'the server ended');
    const rss = rssKiB(proc.pid as number);
    assert.ok(rss < 600_000, `server RSS ${rss} KiB`);
    // Reading again: the server still answers, after everything it queued.
    send({ id: 2, method: 'shutdown' });
    let out = '';
    proc.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
    proc.stdout.resume();
    const deadline = Date.now() + 60_000;
    while (!/"id":2,"result":null/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /"id":2,"result":null/);
  } finally {
    proc.kill();
  }
});

test('lsp: the server ends when its client closes the connection without exit', async () => {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'ignore', 'ignore'] });
  proc.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } })));
  await new Promise((r) => setTimeout(r, 500));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  proc.stdin.end();
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 10_000))]);
  proc.kill();
  assert.equal(code, 0);
});

test('lsp: requests pending when the input closes are answered before the server ends', async () => {
  // As `echo <initialize request> | tplg-budget lsp --stdio` does: everything at once, then EOF.
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
  const msgs: object[] = [{ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }, { method: 'initialized', params: {} }];
  if (hasShared()) {
    const file = path.join(topologyDir(), 'cavs-nocodec.conf');
    msgs.push({ method: 'textDocument/didOpen', params: { textDocument: { uri: uri(file), languageId: 'sof-topology', version: 1, text: fs.readFileSync(file, 'utf8') } } });
    // Answered only once the analysis (a worker start and a cold resolve) has finished.
    msgs.push({ id: 2, method: 'tplgBudget/analysis', params: { waitIdle: true } });
  }
  proc.stdin.end(Buffer.concat(msgs.map((m) => frame(JSON.stringify({ jsonrpc: '2.0', ...m })))));
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running'), 60_000))]);
  proc.kill();
  assert.equal(code, 0);
  assert.match(out, /"id":1,"result":\{"capabilities"/);
  if (hasShared()) assert.match(out, /"id":2,"result":\{"context":\{"target":\{"name":"sof-\w+-nocodec","input":"[^"]*\/cavs-nocodec\.conf"/);
});

test('lsp: a corpus reached through a symbolic link, opened by either name', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-lsp-link-'));
  const link = path.join(dir, 'topology2');
  fs.symlinkSync(topologyDir(), link, 'dir');
  const real = fs.realpathSync(topologyDir());
  try {
    // Neovim names the buffer by the resolved path; VS Code by the path as opened (the link).
    for (const opened of [real, link]) {
      const s = await startLsp({ root: link, initializationOptions: OPTIONS });
      try {
        const file = path.join(opened, 'cavs-nocodec.conf');
        const text = fs.readFileSync(file, 'utf8');
        const u = uri(file);
        await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId: 'sof-topology', version: 1, text } });
        const ds = await s.waitDiagnostics(u, (d) => d.some((x) => x.code === 'MEM013'));
        assert.ok(ds.some((d) => d.message.startsWith('src.5.1:')));
        const state = (await s.conn.sendRequest('tplgBudget/analysis', { waitIdle: true })) as State;
        assert.equal(state.context.target.name, TARGET, 'the target of the lists under the link');
        // A file the client did not open is named under the workspace folder as the client named it.
        const lines = text.split('\n');
        const cls = (await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: u }, position: find(lines, /^\s*Object\.Widget\.src\.1 \{/, 'src') })) as Location[];
        assert.ok(cls.some((l) => l.uri === uri(path.join(link, 'include', 'components', 'src.conf'))), JSON.stringify(cls));
        // Nothing published under a name the client does not use for the open file.
        const other = uri(path.join(opened === real ? link : real, 'cavs-nocodec.conf'));
        assert.equal(s.diagnostics.get(other), undefined);
      } finally {
        await s.close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const METHODS = [
  'textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/documentSymbol', 'textDocument/completion',
  'textDocument/prepareRename', 'textDocument/rename', 'textDocument/codeAction', 'textDocument/codeLens', 'textDocument/inlayHint',
  'textDocument/documentLink', 'workspace/symbol', 'textDocument/didOpen', 'textDocument/didChange', 'textDocument/didSave', 'textDocument/didClose',
  'workspace/didChangeConfiguration', 'tplgBudget/analysis', 'tplgBudget/setSelection', 'tplgBudget/setActiveDocument', 'tplgBudget/wantPreprocessed',
  'tplgBudget/targets', 'tplgBudget/choices', 'tplgBudget/simulateWith', '$/cancelRequest', 'no/such',
];

/** A random JSON value, biased toward the shapes the protocol uses. */
function value(r: Rng, depth: number, uris: string[]): unknown {
  const kinds = depth > 2 ? 5 : 9;
  switch (r.int(kinds)) {
    case 0: return null;
    case 1: return r.pick([0, -1, 1, 1e9, -1e9, 2 ** 53, 0.5, NaN]);
    case 2: return r.pick(['', 'x', '$', '{', 'Object.Widget.src.1 {', '\u0000', 'é', 'file:///', '<a.conf>', ...uris]);
    case 3: return r.chance(0.5);
    case 4: return { line: r.pick([0, 5, -3, 1e9, 702]), character: r.pick([0, 3, -1, 1e9]) };
    case 5: return Array.from({ length: r.int(4) }, () => value(r, depth + 1, uris));
    case 6: return { textDocument: { uri: r.pick(uris), version: r.int(5), text: r.pick(['', 'Define {\n A 1\n}\n', '<x.conf>\n', 'Object.Widget.src.1 {']) }, position: value(r, 3, uris) };
    case 7: return { start: value(r, 3, uris), end: value(r, 3, uris) };
    default: {
      const o: Record<string, unknown> = {};
      for (const k of r.pick([['textDocument', 'position'], ['contentChanges'], ['range', 'context'], ['query'], ['settings'], ['target', 'platform', 'model'], ['uri'], ['id']])) {
        o[k] = value(r, depth + 1, uris);
      }
      return o;
    }
  }
}

test('lsp: fuzz, 1500 random protocol messages (seed 16), 0 crashes', async (t) => {
  const dir = hasShared() ? topologyDir() : fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-lsp-fuzz-'));
  const s = await startLsp({ root: dir, initializationOptions: { analysisDelayMs: 0 } });
  const uris = [uri(path.join(dir, 'cavs-nocodec.conf')), uri(path.join(dir, 'include', 'components', 'src.conf')), uri(path.join(dir, 'missing.conf')), 'untitled:1', 'file://host/x', '%%'];
  const r = new Rng(16);
  let answered = 0;
  try {
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < 1500; i++) {
      const method = r.pick(METHODS);
      const params = r.chance(0.3) ? value(r, 0, uris) : value(r, 0, uris) ?? {};
      const raw = r.int(40);
      if (raw === 0) {
        // A broken frame body: not JSON at all, or JSON that is no message.
        s.proc.stdin?.write(frame(r.pick(['{', '[]', '{"jsonrpc":"2.0","id":{},"method":5}', 'null', '"x"'])));
      } else if (method.startsWith('textDocument/did') || method.startsWith('tplgBudget/set') || method === 'tplgBudget/wantPreprocessed' || method === '$/cancelRequest' || r.chance(0.2)) {
        await s.conn.sendNotification(method, params as object);
      } else {
        pending.push(s.conn.sendRequest(method, params as object).then(() => answered++, () => answered++));
      }
      if (i % 100 === 99) {
        await Promise.all(pending.splice(0));
        assert.equal(s.proc.exitCode, null, `the server ended after message ${i}: ${s.stderr().slice(-2000)}`);
      }
    }
    await Promise.all(pending);
    const state = await s.conn.sendRequest('tplgBudget/analysis', { waitIdle: true });
    assert.ok(state === null || typeof state === 'object');
    assert.equal(s.proc.exitCode, null, s.stderr().slice(-2000));
    t.diagnostic(`${answered} requests answered`);
  } finally {
    await s.close();
    if (!hasShared()) fs.rmSync(dir, { recursive: true, force: true });
  }
});
