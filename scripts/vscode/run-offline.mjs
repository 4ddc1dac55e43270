// Runs the extension-host tests (test/vscode, bundled by build-tests.mjs) in a real VS Code 1.100.3 without downloading
// it: code-server serves the workbench on loopback and Debian's Chromium, driven by
// playwright-core, opens it with VS Code's test payload (extensionDevelopmentPath +
// extensionTestsPath), as VS Code's own browser integration tests do.
// Two phases: the whole suite against the development folder (test/vscode), then a smoke pass
// against the packaged .vsix installed into the editor's extensions folder (test/vscode/installed),
// so a packaging mistake fails here. Build the extension first (`npm run test:vscode` does).
// Exit codes: 0 all passed, 1 a test failed, 2 the harness itself failed (timeout, crash),
// 77 prerequisites missing (see setup.mjs).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { buildInstalledTests, buildTests } from './build-tests.mjs';
import { EXIT_PREREQ, PrerequisiteError, ensurePrerequisites, repoRoot } from './setup.mjs';

const SUITE_TIMEOUT_MS = Number(process.env.TPLG_VSCODE_TIMEOUT_MS ?? 240_000);
const resultsRoot = path.join(repoRoot, 'test-results');
const sharedDir = process.env.TPLG_SHARED ?? path.resolve(repoRoot, '../shared');
const corpusDir = path.join(sharedDir, 'corpus', 'sof-topology2');

const log = (m) => console.log(`[vscode-offline] ${m}`);
/** Tests run over both phases, for the closing line. */
const tally = { passed: 0, failed: 0, skipped: 0 };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early (code ${child.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function startCodeServer(bin, port, workDir, folder, env, readonlyDirs, resultsDir) {
  const userData = path.join(workDir, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  // Keep the workbench quiet so screenshots show the editor, not welcome pages or prompts.
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'window.title': '${rootName} — tplg-budget test',
    // The web workbench auto-saves after a second by default; the suite edits buffers and must
    // never write them, least of all into the shared corpus.
    'files.autoSave': 'off',
    'files.readonlyInclude': Object.fromEntries(readonlyDirs.map((d) => [`${d}/**`, true])),
  }, null, 2));
  const logFile = fs.openSync(path.join(resultsDir, 'code-server.log'), 'w');
  const child = spawn(process.execPath, [bin,
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userData, '--extensions-dir', path.join(workDir, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', folder],
  { env, stdio: ['ignore', logFile, logFile], detached: true });
  return child;
}

function stopProcessGroup(child) {
  if (child.exitCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** The frame (a webview's inner document) holding `marker`; webviews load asynchronously. */
async function frameWith(page, marker, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const f of page.frames()) {
      if (await f.$(marker).catch(() => null)) return f;
    }
    if (Date.now() > deadline) throw new Error(`no frame contains ${marker}`);
    await page.waitForTimeout(100);
  }
}

/** Acts inside a webview the way a user would (click, key press) or reads it (text, evaluate). */
async function webviewAction(page, req) {
  const frame = await frameWith(page, req.marker);
  switch (req.op) {
    case 'click':
      await frame.click(req.selector, { timeout: 5_000, ...(req.position ? { position: req.position } : {}) });
      return null;
    case 'select':
      return frame.selectOption(req.selector, req.value, { timeout: 5_000 });
    case 'press':
      await frame.press(req.selector, req.key, { timeout: 5_000 });
      return null;
    case 'text':
      return frame.$$eval(req.selector, (els) => els.map((e) => e.textContent ?? ''));
    case 'evaluate':
      return frame.evaluate(req.expression);
    default:
      throw new Error(`unknown webview op ${req.op}`);
  }
}

async function screenshotAction(page, req, resultsDir) {
  if (req.waitFor) await page.waitForSelector(req.waitFor, { state: 'visible', timeout: 4_000 });
  // Give the renderer a moment to paint (and fade in) what the extension host just changed.
  await page.waitForTimeout(600);
  const png = path.join(resultsDir, `${String(req.name).replace(/[^\w.-]/g, '_')}.png`);
  await page.screenshot({ path: png });
  log(`screenshot ${png}`);
  return png;
}

/** Runs a command the way a user does: F1, type its title, Enter on the matching entry. */
async function paletteAction(page, req) {
  await page.bringToFront();
  await page.keyboard.press('F1');
  const input = await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 5_000 });
  await input.type(String(req.text), { delay: 5 });
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*=${JSON.stringify(String(req.text).replace(/^.*?: /, ''))}]`, { state: 'visible', timeout: 5_000 });
  await page.keyboard.press('Enter');
  return null;
}

/** Serves the extension-host tests' UI requests (see test/vscode/env.ts) until stopped. */
function serveUiRequests(uiDir, page, resultsDir) {
  const handled = new Set();
  let busy = false;
  const timer = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      for (const f of fs.readdirSync(uiDir)) {
        const m = /^req-(\d+)\.json$/.exec(f);
        if (!m || handled.has(f)) continue;
        handled.add(f);
        const req = JSON.parse(fs.readFileSync(path.join(uiDir, f), 'utf8'));
        let answer;
        try {
          if (req.action === 'screenshot') answer = { ok: true, path: await screenshotAction(page, req, resultsDir) };
          else if (req.action === 'palette') answer = { ok: true, value: await paletteAction(page, req) };
          else if (req.action === 'webview') answer = { ok: true, value: await webviewAction(page, req) };
          else throw new Error(`unknown UI action ${req.action}`);
        } catch (e) {
          answer = { ok: false, error: String(e?.message ?? e) };
        }
        const done = path.join(uiDir, `done-${m[1]}.json`);
        fs.writeFileSync(`${done}.tmp`, JSON.stringify(answer));
        fs.renameSync(`${done}.tmp`, done);
      }
    } finally {
      busy = false;
    }
  }, 100);
  return () => clearInterval(timer);
}

/**
 * One run of the editor: code-server on `folder`, Chromium on its workbench with the test payload,
 * until the suite's extension host exits. Returns the suite's exit code (0, 1, or 2 for harness failure).
 */
async function runSuite(prereq, chromium, { name, testsDir, devPath, folder, vsix, extraEnv = {} }) {
  const resultsDir = path.join(resultsRoot, name);
  fs.mkdirSync(resultsDir, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-vscode-'));
  const uiDir = path.join(workDir, 'ui');
  fs.mkdirSync(uiDir);
  const extensionsDir = path.join(workDir, 'extensions');
  const resultsFile = path.join(resultsDir, 'results.json');
  fs.rmSync(resultsFile, { force: true });

  if (vsix) {
    const r = spawnSync(process.execPath, [prereq.codeServerBin, '--extensions-dir', extensionsDir, '--install-extension', vsix], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(`[vscode-offline] ${name}: installing ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      tally.failed++;
      return 1;
    }
    log(`${name}: installed ${path.basename(vsix)} into the editor`);
  }

  const port = await freePort();
  const t0 = Date.now();
  const env = { ...process.env, TPLG_SHARED: sharedDir, TPLG_VSCODE_RESULTS: resultsFile, TPLG_VSCODE_UI_DIR: uiDir,
    TPLG_VSCODE_EXTENSIONS_DIR: extensionsDir, TPLG_VSCODE_LOGS_DIR: path.join(workDir, 'user-data', 'logs'), ...extraEnv };
  const server = startCodeServer(prereq.codeServerBin, port, workDir, folder, env, [sharedDir], resultsDir);
  let browser;
  let stopUi = () => {};
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, server);
    log(`${name}: code-server 127.0.0.1:${port} up in ${Date.now() - t0} ms`);

    browser = await chromium.launch({
      executablePath: prereq.chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const browserLog = fs.createWriteStream(path.join(resultsDir, 'browser.log'));
    page.on('console', (msg) => browserLog.write(`[${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err) => browserLog.write(`[pageerror] ${err.message}\n`));

    let exitCode;
    const exited = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => {
        exitCode = code;
        resolve(code);
      });
    });
    stopUi = serveUiRequests(uiDir, page, resultsDir);

    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(devPath)], ['extensionTestsPath', remote(testsDir)]];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const tBrowser = Date.now();
    await page.goto(url);

    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS));
    const outcome = await Promise.race([exited, timeout]);
    await page.screenshot({ path: path.join(resultsDir, 'final.png') }).catch(() => {});
    const suiteSeconds = ((Date.now() - tBrowser) / 1000).toFixed(1);

    if (!fs.existsSync(resultsFile)) {
      console.error(outcome === 'timeout'
        ? `[vscode-offline] ${name}: no result within ${SUITE_TIMEOUT_MS} ms; see ${resultsDir}/{final.png,browser.log,code-server.log}`
        : `[vscode-offline] ${name}: extension host exited with code ${exitCode} and wrote no results; see ${resultsDir}/browser.log`);
      tally.failed++;
      return 2;
    }
    const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    for (const t of report.tests) {
      const mark = t.status === 'passed' ? 'ok  ' : t.status === 'skipped' ? 'skip' : 'FAIL';
      console.log(`${mark} ${t.name} (${t.durationMs} ms)${t.note ? ` — ${t.note}` : ""}`);
      if (t.message) console.log(`     ${t.message.split('\n').join('\n     ')}`);
    }
    log(`${name}: ${(report.durationMs / 1000).toFixed(1)} s in the extension host; ${suiteSeconds} s from browser start; ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s with server start; screenshots in ${path.relative(repoRoot, resultsDir)}/`);
    log(`${name}: ${report.passed} passed, ${report.failed} failed` + (report.skipped ? `, ${report.skipped} skipped` : ''));
    tally.passed += report.passed;
    tally.failed += report.failed;
    tally.skipped += report.skipped;
    return report.failed > 0 || exitCode > 0 ? 1 : 0;
  } finally {
    stopUi();
    await browser?.close().catch(() => {});
    stopProcessGroup(server);
    if (process.env.TPLG_VSCODE_KEEP !== "1") fs.rmSync(workDir, { recursive: true, force: true });
    else log(`${name}: kept ${workDir}`);
  }
}

/** `npm run package` into a scratch folder: the .vsix a user installs. */
function packageVsix() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-vsix-'));
  const vsix = path.join(dir, 'tplg-budget.vsix');
  const r = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

/** The demo topology in a scratch workspace: the installed pass never sees the repository. */
function demoWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-demo-'));
  fs.cpSync(path.join(repoRoot, 'examples', 'demo'), dir, { recursive: true });
  return dir;
}

async function main() {
  let prereq;
  try {
    prereq = ensurePrerequisites((m) => log(m));
  } catch (e) {
    if (!(e instanceof PrerequisiteError)) throw e;
    console.error(`\n!!! [vscode-offline] SKIPPED: cannot run the real-VS Code suite: ${e.message}\n`);
    return EXIT_PREREQ;
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    console.error('[vscode-offline] build the extension first: npm run build (npm run test:vscode does)');
    return 2;
  }
  const require = createRequire(path.join(prereq.playwrightDir, 'package.json'));
  const { chromium } = require('playwright-core');
  const folder = fs.existsSync(corpusDir) ? corpusDir : repoRoot;
  if (folder !== corpusDir) console.error(`!!! [vscode-offline] corpus not found at ${corpusDir}: corpus tests will skip`);

  const only = process.env.TPLG_VSCODE_PHASE;
  let dev = 0;
  if (only !== 'installed') {
    dev = await runSuite(prereq, chromium, { name: 'vscode', testsDir: await buildTests(), devPath: repoRoot, folder });
  }
  if (only === 'dev') return dev;

  // The packaged extension, installed as a user installs it (this rebuilds dist/ for production).
  const vsix = packageVsix();
  const figures = path.join(resultsRoot, 'editor-figures.json');
  const demo = demoWorkspace();
  try {
    const installed = await runSuite(prereq, chromium, {
      name: 'vscode-installed', testsDir: await buildInstalledTests(), devPath: path.join(repoRoot, 'test', 'vscode', 'installed', 'host'),
      folder: demo, vsix, extraEnv: { TPLG_VSCODE_FIGURES: figures },
    });
    if (process.env.TPLG_DOCS_IMAGES === '1' && installed === 0) copyDocsImages();
    return Math.max(dev, installed);
  } finally {
    fs.rmSync(path.dirname(vsix), { recursive: true, force: true });
    fs.rmSync(demo, { recursive: true, force: true });
  }
}

/** `TPLG_DOCS_IMAGES=1`: the installed pass's readme-*.png become the README's pictures. */
function copyDocsImages() {
  const from = path.join(resultsRoot, 'vscode-installed');
  const to = path.join(repoRoot, 'docs', 'images');
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from).filter((x) => /^readme-.*\.png$/.test(x))) {
    fs.copyFileSync(path.join(from, f), path.join(to, f.replace(/^readme-/, '')));
    log(`docs/images/${f.replace(/^readme-/, '')} updated`);
  }
}

main().then((code) => {
  if (code !== EXIT_PREREQ) console.log(`${tally.passed} passed, ${tally.failed} failed` + (tally.skipped ? `, ${tally.skipped} skipped` : ''));
  process.exit(code);
}, (e) => {
  console.error(`[vscode-offline] harness error: ${e?.stack ?? e}`);
  process.exit(2);
});
