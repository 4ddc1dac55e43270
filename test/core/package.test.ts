// What ships is what runs: builds the .vsix (`vsce package`) and the npm tarball (`npm pack`) the way
// a release does, checks every entry against an allowlist and the size budget, then installs the
// tarball globally into a scratch prefix and runs the installed command from another folder.
// (The real-VS Code suite installs the .vsix into the editor: scripts/vscode/run-offline.mjs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { REPO } from '../support/cli';
import { zipEntries } from '../support/zipEntries';

const VSIX_BUDGET_BYTES = 500 * 1024;
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));

/** Every entry the .vsix may hold; each string entry must also be there. */
const VSIX_ALLOWED: (string | RegExp)[] = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/language-configuration.json',
  'extension/syntaxes/sof-topology.tmLanguage.json',
  'extension/media/icon.png',
  'extension/media/memoryMap/memoryMap.css',
  'extension/dist/extension.js',
  // The language client, loaded by the entry on the first topology document.
  'extension/dist/client.js',
  // The language server the extension starts, and its engine thread.
  'extension/dist/server.js',
  'extension/dist/analysisWorker.js',
  'extension/dist/webview/memoryMap.js',
  /^extension\/profiles\/[\w-]+\.yaml$/,
];

/** Every entry the npm tarball may hold; each string entry must also be there. */
const NPM_ALLOWED: (string | RegExp)[] = [
  'package/package.json',
  'package/README.md',
  'package/CHANGELOG.md',
  'package/LICENSE',
  'package/dist/cli.js',
  'package/dist/cli-main.js',
  'package/dist/sweepWorker.js',
  // `tplg-budget lsp --stdio`: the language server and its engine thread.
  'package/dist/server.js',
  'package/dist/analysisWorker.js',
  /^package\/profiles\/[\w-]+\.yaml$/,
];

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return String(r.stdout);
}

function checkAllowlist(kind: string, names: string[], allowed: (string | RegExp)[]): void {
  const stray = names.filter((n) => !allowed.some((a) => (typeof a === 'string' ? a === n : a.test(n))));
  assert.deepEqual(stray, [], `${kind} holds entries outside its allowlist`);
  const missing = allowed.filter((a): a is string => typeof a === 'string' && !names.includes(a));
  assert.deepEqual(missing, [], `${kind} lacks required entries`);
  assert.ok(names.some((n) => /profiles\/ptl\.yaml$/.test(n)), `${kind} lacks the platform profiles`);
}

/** Minified, with no source map reference: what a production build gives. */
function assertMinified(name: string, text: string): void {
  assert.doesNotMatch(text, /sourceMappingURL/, `${name} references a source map`);
  const lines = text.split('\n').length;
  assert.ok(text.length / lines > 300, `${name} does not look minified (${lines} lines for ${text.length} bytes)`);
}

/** Entry names of a .tgz (ustar), read without a tar program. */
function tarEntries(file: string): { name: string; data: Buffer }[] {
  const buf = zlib.gunzipSync(fs.readFileSync(file));
  const out: { name: string; data: Buffer }[] = [];
  for (let p = 0; p + 512 <= buf.length; ) {
    const header = buf.subarray(p, p + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, len: number): string => header.toString('utf8', start, start + len).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '0' || type === '') out.push({ name, data: buf.subarray(p + 512, p + 512 + size) });
    p += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

test('manifest: complete as the Marketplace expects, no runtime dependencies, real licence and icon', () => {
  for (const field of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon', 'repository', 'bugs', 'homepage', 'keywords', 'galleryBanner']) {
    assert.ok(pkg[field], `package.json lacks ${field}`);
  }
  assert.equal(pkg.scripts['vscode:prepublish'], 'node esbuild.mjs --production');
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [], 'runtime dependencies would be left to install: bundle them (devDependencies)');
  const licence = fs.readFileSync(path.join(REPO, 'LICENSE'), 'utf8');
  assert.match(licence, /BSD 3-Clause License/);
  assert.match(licence, /Neither the name of the copyright holder/);
  const icon = fs.readFileSync(path.join(REPO, pkg.icon));
  assert.equal(icon.toString('latin1', 1, 4), 'PNG');
  assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'the Marketplace wants an icon of at least 128x128');
  const changelog = fs.readFileSync(path.join(REPO, 'CHANGELOG.md'), 'utf8');
  assert.equal(/^## (\S+)/m.exec(changelog)?.[1], pkg.version, 'the CHANGELOG\'s newest entry must name the version the package carries');
});

test(`vsix: only allowlisted entries, minified bundles, at most ${VSIX_BUDGET_BYTES / 1024} KB`, { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-vsix-'));
  try {
    const vsix = path.join(dir, `tplg-budget-${pkg.version}.vsix`);
    run(path.join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix]);
    const size = fs.statSync(vsix).size;
    const entries = zipEntries(vsix);
    console.log(`ℹ ${path.basename(vsix)}: ${(size / 1024).toFixed(1)} KB, ${entries.length} entries`);
    assert.ok(size <= VSIX_BUDGET_BYTES, `the .vsix is ${size} bytes, over the ${VSIX_BUDGET_BYTES} budget`);
    checkAllowlist('the .vsix', entries.map((e) => e.name), VSIX_ALLOWED);
    for (const js of ['dist/extension.js', 'dist/client.js', 'dist/server.js', 'dist/analysisWorker.js', 'dist/webview/memoryMap.js']) {
      assertMinified(js, fs.readFileSync(path.join(REPO, js), 'utf8'));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Sends `initialize` to `bin lsp --stdio`, closes its input once answered, and collects its output. */
function initializeOnce(bin: string, opts: SpawnSyncOptions): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(bin, ['lsp', '--stdio'], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => p.kill(), 60_000);
    p.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (stdout.includes('"id":1')) p.stdin.end();
    });
    p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    p.on('error', reject);
    p.on('exit', () => (clearTimeout(timer), resolve({ stdout, stderr })));
    const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    p.stdin.write(`Content-Length: ${Buffer.byteLength(init)}\r\n\r\n${init}`);
  });
}

test('npm: the tarball holds the CLI bundle and data only, installs globally and runs from another folder', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-npm-'));
  try {
    run('npm', ['pack', '--pack-destination', dir, '--silent']);
    const tgz = path.join(dir, `tplg-budget-${pkg.version}.tgz`);
    const entries = tarEntries(tgz);
    console.log(`ℹ ${path.basename(tgz)}: ${(fs.statSync(tgz).size / 1024).toFixed(1)} KB, ${entries.length} entries`);
    checkAllowlist('the npm tarball', entries.map((e) => e.name), NPM_ALLOWED);
    for (const e of entries.filter((x) => x.name.endsWith('.js'))) assertMinified(e.name, e.data.toString('utf8'));

    const prefix = path.join(dir, 'prefix');
    run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tgz]);
    const bin = path.join(prefix, 'bin', 'tplg-budget');
    const elsewhere = fs.mkdtempSync(path.join(dir, 'elsewhere-'));
    const env = { ...process.env, TPLG_BUDGET_CACHE_DIR: path.join(dir, 'cache') };
    const opts = { cwd: elsewhere, env };
    assert.equal(run(bin, ['--version'], opts).trim(), `tplg-budget ${pkg.version}`);
    assert.match(run(bin, ['--help'], opts), /--version/);

    const demo = path.join(REPO, 'examples', 'demo', 'top.conf');
    const check = spawnSync(bin, ['check', demo], { ...opts, encoding: 'utf8' });
    // The demo declares a heap and a stack that are too small on purpose: exit 1, two errors.
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, /top\.conf:\d+:\d+: error MEM014: /);
    assert.match(check.stdout, /top\.conf:\d+:\d+: error MEM030: /);
    assert.match(check.stdout, /FAILED: 2 errors/);
    const simulate = spawnSync(bin, ['simulate', demo, '--platform', 'ptl'], { ...opts, encoding: 'utf8' });
    assert.equal(simulate.status, 1, simulate.stderr);
    assert.match(simulate.stdout, /vregion/);
    // The language server from the installed package answers `initialize`, and ends when its input closes.
    const lsp = await initializeOnce(bin, opts);
    assert.match(lsp.stdout, /"serverInfo":\{"name":"tplg-budget"/, `tplg-budget lsp --stdio: ${lsp.stderr}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
