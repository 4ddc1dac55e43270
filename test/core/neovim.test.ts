// A real LSP client: headless Neovim's built-in client (test/fixtures/neovim/lsp-check.lua) opens
// the corpus acceptance case, receives its diagnostics, asks for a hover and a definition, and
// the answers must equal what the plain client of lsp.test.ts gets for the same requests.
// Neovim comes from Debian (`apt-get install neovim`, 0.7.2 on bookworm): when it is missing
// and the suite runs as root with apt-get (CI's `.ci/run`), the test installs it; otherwise it
// is SKIPPED with a loud reason. TPLG_NO_INSTALL=1 forbids the install.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, Hover, Location } from 'vscode-languageserver-protocol';
import { hasShared, SKIP_NO_SHARED, topologyDir } from '../support/corpus';
import { SERVER, startLsp, uri } from '../support/lspClient';

const SCRIPT = path.resolve(__dirname, '../../../test/fixtures/neovim/lsp-check.lua');
const INIT = { buildTarget: 'sof-ptl-nocodec', firmwareModel: 'topology-sized' };

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** nvim on PATH, installing Debian's package when allowed; else the reason it is not there. */
function neovim(): string | undefined {
  if (has('nvim')) return undefined;
  if (process.env.TPLG_NO_INSTALL === '1') return 'nvim not found and TPLG_NO_INSTALL=1';
  if (process.getuid?.() !== 0 || !has('apt-get')) return 'nvim not found; install it (Debian: apt-get install neovim) to run this test';
  const install = (): boolean =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'neovim'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    if (!install()) return 'nvim not found and `apt-get install neovim` failed';
  }
  return has('nvim') ? undefined : 'nvim not found after apt-get install neovim';
}

interface NvimResult {
  waited: boolean;
  diagnostics: Diagnostic[] | null;
  hover: Hover | null;
  definition: Location[] | null;
  nvim: { major: number; minor: number; patch: number };
}

test('neovim: diagnostics, hover and definition through its built-in LSP client', async (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const missing = neovim();
  if (missing) {
    console.error(`\n!!! neovim test SKIPPED: ${missing}\n`);
    return t.skip(`SKIPPED: ${missing}`);
  }
  const file = path.join(topologyDir(), 'cavs-nocodec.conf');
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const defLine = lines.findIndex((l) => /^\s*Object\.Widget\.src\.1 \{/.test(l));
  const defAt = { line: defLine, character: lines[defLine].indexOf('src') + 1 };

  // The same questions through the plain client: the reference answers.
  const s = await startLsp({ root: topologyDir(), initializationOptions: INIT });
  let expected: { hover: Hover | null; definition: Location[] | null; header: { line: number; character: number }; codes: string[] };
  try {
    await s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'sof-topology', version: 1, text } });
    const state = (await s.conn.sendRequest('tplgBudget/analysis', { waitIdle: true })) as { resolved: { result: { widgets: Array<{ name: string; range: { line: number; col: number } }> } } };
    const w = state.resolved.result.widgets.find((x) => x.name === 'src.5.1');
    assert.ok(w);
    const header = { line: w.range.line - 1, character: w.range.col - 1 };
    const ds = await s.waitDiagnostics(uri(file), (d) => d.some((x) => x.code === 'MEM013'));
    expected = {
      header,
      hover: await s.conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(file) }, position: header }),
      definition: await s.conn.sendRequest('textDocument/definition', { textDocument: { uri: uri(file) }, position: defAt }),
      codes: ds.map((d) => `${d.code}@${d.range.start.line}`).sort(),
    };
  } finally {
    await s.close();
  }

  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-nvim-')), 'result.json');
  const env = {
    ...process.env,
    HOME: path.dirname(out),
    XDG_CONFIG_HOME: path.dirname(out),
    XDG_DATA_HOME: path.dirname(out),
    XDG_STATE_HOME: path.dirname(out),
    TPLG_NODE: process.execPath,
    TPLG_SERVER: SERVER,
    TPLG_ROOT: topologyDir(),
    TPLG_FILE: file,
    TPLG_INIT: JSON.stringify(INIT),
    TPLG_WAIT_CODE: 'MEM013',
    TPLG_HOVER_LINE: String(expected.header.line),
    TPLG_HOVER_CHAR: String(expected.header.character),
    TPLG_DEF_LINE: String(defAt.line),
    TPLG_DEF_CHAR: String(defAt.character),
    TPLG_OUT: out,
  };
  execFileSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${SCRIPT}`], { env, timeout: 180_000, stdio: ['ignore', 'ignore', 'pipe'] });
  const got = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult;
  fs.rmSync(path.dirname(out), { recursive: true, force: true });

  assert.ok(got.waited, `Neovim received no MEM013 diagnostic: ${JSON.stringify(got.diagnostics?.map((d) => d.code))}`);
  assert.deepEqual(got.diagnostics?.map((d) => `${d.code}@${d.range.start.line}`).sort(), expected.codes);
  const hover = got.hover && typeof got.hover.contents === 'object' && 'value' in got.hover.contents ? got.hover.contents.value : '';
  assert.match(hover, /\*\*src\.5\.1\*\*/);
  assert.match(hover, /\| heap \| 24 KiB \|/);
  assert.deepEqual(got.hover, expected.hover);
  assert.deepEqual(got.definition, expected.definition);
  assert.ok(got.definition?.some((l) => l.uri.endsWith('/include/components/src.conf') && l.range.start.line === 14));
  t.diagnostic(`Neovim ${got.nvim.major}.${got.nvim.minor}.${got.nvim.patch}: ${got.diagnostics?.length} diagnostics, hover and definition equal the plain client's`);
});
