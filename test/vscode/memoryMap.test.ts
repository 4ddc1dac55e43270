// The memory-map webview in a real VS Code: it renders the PTL nocodec DP case, the timeline
// replays it, clicking a row or a page cell reveals the widget's line, compare mode shows the
// page difference, it follows edits, and hostile names stay text. Interactions go through the
// browser (test/vscode/env.ts webview()), so they are what a user's clicks and keys do; under a
// harness without a browser those steps are skipped.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseMessage } from '../../src/core/memory/deviceLog';
import type { SimulationResult } from '../../src/core/memory/simulate';
import type { MemoryMapPanel } from '../../src/vscode/memoryMap/panel';
import { api, LANGUAGE_ID, openAs } from './editor';
import { corpusFile, repoRoot, screenshot, webview, type WebviewOp } from './env';
import { Skip, test } from './runner';

const TARGET = 'sof-ptl-nocodec';
const MARKER = '#mm-root';
const HOSTILE = `<script>__pwned=1</script><img src=x onerror=__pwned=2>"'`;
const hostileDir = path.join(repoRoot, 'test', 'fixtures', 'hostile-names');

async function showMap(): Promise<MemoryMapPanel> {
  const panel = await vscode.commands.executeCommand<MemoryMapPanel>('sofTopology.showMemoryMap');
  assert.ok(panel && typeof panel.whenRendered === 'function', 'showMemoryMap returned no panel');
  return panel;
}

/** Runs a browser-side step; skips the calling test when the harness has no browser. */
async function inView<T>(op: WebviewOp): Promise<T> {
  const r = await webview<T>(MARKER, op);
  if (!r.available) throw new Skip('no browser in this harness');
  return r.value as T;
}

async function openNocodec(): Promise<vscode.TextEditor> {
  const doc = await openAs(corpusFile('cavs-nocodec.conf'), LANGUAGE_ID);
  const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
  // The CMake lists are found next to the open file: select the target with it active.
  if ((await api()).state()?.context.target.name !== TARGET) await vscode.commands.executeCommand('sofTopology.selectTarget', TARGET);
  await (await api()).whenIdle();
  return editor;
}

/** Resolves when the active editor's selection starts on `line` (1-based) of `file`. */
function selectionOn(file: string, line: number, timeoutMs = 10_000): Promise<void> {
  const ok = (): boolean => {
    const e = vscode.window.activeTextEditor;
    return !!e && e.document.uri.fsPath === file && e.selection.start.line === line - 1;
  };
  if (ok()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    const done = (err?: Error): void => {
      clearTimeout(timer);
      subs.forEach((s) => s.dispose());
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => {
      const e = vscode.window.activeTextEditor;
      done(new Error(`expected the selection on ${file}:${line}, got ${e?.document.uri.fsPath}:${(e?.selection.start.line ?? -2) + 1}`));
    }, timeoutMs);
    const check = (): void => (ok() ? done() : undefined);
    subs.push(vscode.window.onDidChangeActiveTextEditor(check), vscode.window.onDidChangeTextEditorSelection(check));
  });
}

async function widgetRange(name: string): Promise<{ file: string; line: number }> {
  const w = (await api()).state()?.resolved?.result.widgets.find((x) => x.name === name);
  assert.ok(w?.range, `${name} has no range`);
  return w.range;
}

test('memory map: opens on the PTL nocodec target and renders the page map', async () => {
  await openNocodec();
  const sim = (await api()).state()?.simulated?.simulation as { widgets: unknown[]; events?: unknown[] } | undefined;
  assert.ok(sim, 'no simulation');
  const panel = await showMap();
  const r = await panel.whenRendered((x) => x.event >= 0 && x.ownedPages > 0, 15_000);
  assert.equal(r.view, 'virtual');
  assert.equal(r.ownedPages, 14, 'two DP SRCs of 7 pages at the peak');
  const title = await inView<string[]>({ op: 'text', selector: '#mm-title' });
  assert.match(title[0], /sof-ptl-nocodec · ptl · current/);
  const rows = await inView<string[]>({ op: 'text', selector: '#mm-table tbody tr td:first-child' });
  assert.ok(rows.includes('src.5.1') && rows.includes('src.11.1'), `rows: ${rows.join(' | ')}`);
  await screenshot('memory-map');
  const js = fs.statSync(path.join(repoRoot, 'dist', 'webview', 'memoryMap.js')).size;
  const css = fs.statSync(path.join(repoRoot, 'media', 'memoryMap', 'memoryMap.css')).size;
  return `first map ${panel.firstRenderMs} ms after the command; in the webview: script start ${r.scriptStartMs} ms, data ${r.dataMs} ms, ` +
    `drawn ${r.sinceLoadMs} ms after navigation start (draw ${r.renderMs} ms); bundle ${js} B js + ${css} B css`;
}, 60_000);

test('memory map: the timeline replays the lifecycle event by event', async () => {
  const panel = await showMap();
  const peak = await panel.whenRendered((x) => x.ownedPages > 0);
  await inView({ op: 'click', selector: '#mm-first' });
  const first = await panel.whenRendered((x) => x.event === 0);
  assert.equal(first.ownedPages, 0, 'nothing is allocated before the first DP module exists');
  await inView({ op: 'click', selector: '#mm-next' });
  await panel.whenRendered((x) => x.event === 1);
  await inView({ op: 'press', selector: '#mm-slider', key: 'End' });
  const last = await panel.whenRendered((x) => x.event === x.events - 1);
  assert.equal(last.ownedPages, 0, 'teardown frees every page');
  await inView({ op: 'click', selector: '#mm-peak' });
  const back = await panel.whenRendered((x) => x.event === peak.event);
  assert.equal(back.digest, peak.digest);
  assert.notEqual(back.digest, first.digest);
  // The peak is the first event with both SRC vregions; one step back only the first exists.
  await inView({ op: 'click', selector: '#mm-prev' });
  const before = await panel.whenRendered((x) => x.event === peak.event - 1);
  assert.equal(before.ownedPages, 7);
  await inView({ op: 'click', selector: '#mm-peak' });
  await inView({ op: 'click', selector: '#mm-view-physical' });
  const phys = await panel.whenRendered((x) => x.view === 'physical');
  assert.equal(phys.ownedPages, 14);
  await screenshot('memory-map-physical');
  await inView({ op: 'click', selector: '#mm-view-virtual' });
  await panel.whenRendered((x) => x.view === 'virtual');
  return `${last.events} events`;
}, 60_000);

test('memory map: clicking a table row or a page cell reveals the widget line', async () => {
  const panel = await showMap();
  await panel.whenRendered((x) => x.ownedPages > 0);
  const src5 = await widgetRange('src.5.1');
  await inView({ op: 'click', selector: '#mm-table tbody tr[data-key="w:src.5.1"]' });
  await selectionOn(src5.file, src5.line);
  await panel.whenRendered((x) => x.selected === 'w:src.5.1');
  // Page 0 belongs to the first vregion created: src.11.1 (its pipeline is built first).
  const src11 = await widgetRange('src.11.1');
  await inView({ op: 'click', selector: 'figure[data-side="A"] svg.grid', position: { x: 47, y: 7 } });
  await selectionOn(src11.file, src11.line);
  const r = await panel.whenRendered((x) => x.selected === 'w:src.11.1');
  assert.equal(r.selected, 'w:src.11.1');
  // The keyboard does the same: Enter on a row.
  await inView({ op: 'press', selector: '#mm-table tbody tr[data-key="w:src.5.1"]', key: 'Enter' });
  await selectionOn(src5.file, src5.line);
}, 30_000);

/** Polls the webview until its body carries `cls` (VS Code sets it on a theme change). */
async function bodyClass(cls: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await inView<boolean>({ op: 'evaluate', expression: `document.body.classList.contains(${JSON.stringify(cls)})` })) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the webview never got ${cls}`);
}

test('memory map: follows the colour theme (dark, high contrast)', async () => {
  const panel = await showMap();
  await panel.whenRendered((x) => x.ownedPages > 0);
  const fill = `getComputedStyle(document.querySelector('figure[data-side="A"] path.free')).fill`;
  const light = await inView<string>({ op: 'evaluate', expression: fill });
  const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('workbench');
  const before = cfg().inspect<string>('colorTheme')?.globalValue;
  const fills: string[] = [light];
  try {
    for (const [theme, cls, shot] of [['Default Dark Modern', 'vscode-dark', 'memory-map-dark'], ['Default High Contrast', 'vscode-high-contrast', 'memory-map-high-contrast']]) {
      await cfg().update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await bodyClass(cls);
      fills.push(await inView<string>({ op: 'evaluate', expression: fill }));
      await inView({ op: 'evaluate', expression: 'window.scrollTo(0, 0)' });
      await screenshot(shot);
    }
  } finally {
    await cfg().update('colorTheme', before, vscode.ConfigurationTarget.Global);
  }
  assert.equal(new Set(fills).size, 3, `free-page colour per theme: ${fills.join(' | ')}`);
  return fills.join(' | ');
}, 60_000);

test('memory map: compare mode shows the page difference between firmware models', async () => {
  const panel = await showMap();
  await panel.whenRendered((x) => x.ownedPages > 0);
  await inView({ op: 'select', selector: '#mm-compare', value: 'model:topology-sized' });
  await panel.whenRendered((x) => x.compare, 30_000);
  const captions = await inView<string[]>({ op: 'text', selector: 'figcaption' });
  assert.equal(captions.length, 2);
  assert.match(captions[1], /ptl · topology-sized/);
  const diff = await inView<string[]>({ op: 'text', selector: '#mm-diff tbody tr' });
  // heap_bytes_requirement 24576 gives 6 pages per SRC instead of the fixed 7.
  assert.ok(diff.some((t) => /^src\.5\.176-1$/.test(t)), `diff rows: ${diff.join(' | ')}`);
  const peak = await inView<string[]>({ op: 'text', selector: '#mm-diff tbody tr:last-child td' });
  await screenshot('memory-map-compare');
  await inView({ op: 'select', selector: '#mm-compare', value: '' });
  await panel.whenRendered((x) => !x.compare);
  return `peak pages ${peak.slice(1).join(' / ')}`;
}, 60_000);

test('memory map: a device log is compared with the simulation, and an altered line is pinpointed', async () => {
  const panel = await showMap();
  await panel.whenRendered((x) => x.ownedPages > 0);
  const sim = (await api()).state()?.simulated?.simulation as SimulationResult | undefined;
  assert.ok(sim, 'no simulation');
  // The simulation's own lines, framed as the SOF logger prints them (test/core/compare-log.test.ts
  // checks these against a log the firmware's own code prints for the same calls).
  const pool = sim.pool;
  const lines = [`[00:00:00.000,000] <inf> vpage: vpage_init: region 0x${pool.baseAddress.toString(16)} size 0x${(pool.totalPages * pool.pageSize).toString(16)} pages ${pool.totalPages}`];
  for (const e of sim.events) for (const text of e.log) lines.push(`[00:00:00.000,000] <inf> ${parseMessage(text)?.module ?? 'vpage'}: fn: ${text}`);
  const altered = lines.findIndex((l) => /vpage_alloc ptr .* free \d+\//.test(l));
  assert.ok(altered > 0, lines.join('\n'));
  lines[altered] = lines[altered].replace(/free (\d+)\//, (_, n: string) => `free ${Number(n) - 1}/`);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-map-log-')), 'dsp.log');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const real = vscode.window.showOpenDialog;
  (vscode.window as { showOpenDialog: typeof real }).showOpenDialog = async () => [vscode.Uri.file(file)];
  try {
    if (vscode.window.showOpenDialog === real) throw new Skip('cannot stand in for the open dialog here');
    await inView({ op: 'click', selector: '#mm-log-open' });
    const r = await panel.whenRendered((x) => x.deviceLog !== undefined);
    assert.equal(r.deviceLog?.parted, 1);
    assert.equal(r.deviceLog?.firstLine, altered + 1);
    const summary = await inView<string[]>({ op: 'text', selector: '#mm-log-summary' });
    assert.match(summary[0], new RegExp(`dsp\\.log: \\d+ operations, \\d+ agree, 1 differ.*first part at dsp\\.log:${altered + 1}`));
    const why = await inView<string[]>({ op: 'text', selector: '#mm-log tbody tr.st-differ .why' });
    assert.match(why[0], /^free: device \d+, simulation \d+$/);
    // The differing row takes the timeline to the simulation step that logged the line.
    await inView({ op: 'click', selector: '#mm-log tbody tr.st-differ' });
    const step = sim.events.findIndex((e) => e.log.some((l) => l.startsWith('vpage_alloc ptr')));
    const moved = await panel.whenRendered((x) => x.event === step);
    await screenshot('memory-map-device-log');
    await inView({ op: 'click', selector: '#mm-log-clear' });
    await panel.whenRendered((x) => x.deviceLog === undefined);
    return `${r.deviceLog?.rows} rows; differing line ${altered + 1} shown at event ${moved.event}`;
  } finally {
    (vscode.window as { showOpenDialog: typeof real }).showOpenDialog = real;
  }
}, 30_000);
test('memory map: compare mode puts the deep-buffer ladder what-if against today', async () => {
  const panel = await showMap();
  await panel.whenRendered((x) => x.ownedPages > 0);
  await inView({ op: 'select', selector: '#mm-compare', value: 'deep:ladder' });
  await panel.whenRendered((x) => x.compare, 30_000);
  const captions = await inView<string[]>({ op: 'text', selector: 'figcaption' });
  assert.match(captions[1], /deep buffers ladder/);
  // host-copier.31.playback asks 100 ms (38400 B): 10 pages of the pool on the what-if side only.
  const peak = await inView<string[]>({ op: 'text', selector: '#mm-diff tbody tr:last-child td' });
  assert.equal(Number(peak[2]) - Number(peak[1]), 10, `peak row: ${peak.join(' | ')}`);
  const legend = await inView<string[]>({ op: 'text', selector: '#mm-legend .whatif li' });
  assert.ok(legend.some((t) => /deep buffer host-copier\.31\.playback: asked 100 ms, sof_heap \(today\)/.test(t)), `legend: ${legend.join(' | ')}`);
  await screenshot('memory-map-compare-deep-buffers');
  await inView({ op: 'select', selector: '#mm-compare', value: '' });
  await panel.whenRendered((x) => !x.compare);
  return `peak pages ${peak.slice(1).join(' / ')}`;
}, 60_000);

/** Waits for `file` to exist and returns its text. */
async function written(file: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} was not written`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return fs.readFileSync(file, 'utf8');
}

test('memory map: Export SVG and Export JSON save where the dialog says', async () => {
  const panel = await showMap();
  await panel.whenRendered((x) => x.ownedPages > 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-map-export-'));
  const asked: string[] = [];
  const real = vscode.window.showSaveDialog;
  const answer = { file: '' };
  (vscode.window as { showSaveDialog: typeof real }).showSaveDialog = async (o) => {
    asked.push(o?.defaultUri?.fsPath ?? '');
    return vscode.Uri.file(answer.file);
  };
  try {
    if (vscode.window.showSaveDialog === real) throw new Skip('cannot stand in for the save dialog here');
    answer.file = path.join(dir, 'map.svg');
    await inView({ op: 'click', selector: '#mm-export-svg' });
    const svg = await written(answer.file);
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.includes('<path') && !svg.includes('var(--'), 'colours resolved to plain values');
    answer.file = path.join(dir, 'map.json');
    await inView({ op: 'click', selector: '#mm-export-json' });
    const json = JSON.parse(await written(answer.file)) as { target: string; simulation: { widgets: Array<{ name: string }> } };
    assert.equal(json.target, TARGET);
    assert.ok(json.simulation.widgets.some((w) => w.name === 'src.5.1'));
    assert.equal(asked.length, 2, 'each export asked where to save');
    assert.match(asked[0], /sof-ptl-nocodec-ptl-current-memory\.svg$/);
    return `SVG ${svg.length} B`;
  } finally {
    (vscode.window as { showSaveDialog: typeof real }).showSaveDialog = real;
  }
}, 30_000);

test('memory map: follows edits and keeps the selection', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-map-'));
  fs.cpSync(hostileDir, dir, { recursive: true });
  const doc = await openAs(path.join(dir, 'top.conf'), LANGUAGE_ID);
  const editor = await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
  await (await api()).whenIdle();
  const panel = await showMap();
  await panel.whenRendered((x) => x.ownedPages === 7 && x.events > 0, 20_000);
  // The previous test's map (its DP SRC also takes 7 pages) must be replaced by the fixture's before
  // a row is clicked, or the click reveals a line of the previous target in place of this editor.
  for (let t = Date.now(); ; await new Promise((r) => setTimeout(r, 100))) {
    const rows = await inView<string[]>({ op: 'text', selector: '#mm-table tbody tr td:first-child' });
    if (rows.some((r) => r.startsWith('<i>pipe</i>'))) break;
    assert.ok(Date.now() - t < 20_000, `the fixture's map did not replace the previous one: ${rows.join(' | ')}`);
  }
  await inView({ op: 'click', selector: '#mm-table tbody tr[data-key="p:1"]' });
  await panel.whenRendered((x) => x.selected === 'p:1');
  // Move the DP widget to the LL domain in the unsaved buffer: its vregion disappears.
  const line = doc.getText().split('\n').findIndex((l) => l.includes('heap_bytes_requirement'));
  await editor.edit((e) => e.insert(new vscode.Position(line, 0), '\t\t\tscheduler_domain "LL"\n'));
  const r = await panel.whenRendered((x) => x.ownedPages === 0, 20_000);
  assert.equal(r.selected, 'p:1', 'selection kept across the update');
  // Revert acts on the active editor: make it the topology, not the webview that was clicked.
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await inView({ op: 'click', selector: '#mm-peak' });
  await panel.whenRendered((x) => x.ownedPages === 7, 20_000);
}, 60_000);

test('memory map: hostile names render as text and nothing executes', async () => {
  const doc = await openAs(path.join(hostileDir, 'top.conf'), LANGUAGE_ID);
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.One });
  await (await api()).whenIdle();
  const name = `${HOSTILE}.1.1`;
  const sim = (await api()).state()?.simulated?.simulation;
  assert.ok(sim?.widgets.some((w) => w.name === name), 'the fixture resolves its hostile widget name');
  const panel = await showMap();
  await panel.whenRendered((x) => x.ownedPages === 7 && x.event >= 0, 20_000);
  const rows = await inView<string[]>({ op: 'text', selector: '#mm-table tbody tr td:first-child' });
  assert.ok(rows.includes(name), `rows: ${rows.join(' | ')}`);
  assert.ok(rows.some((t) => t.startsWith('<i>pipe</i>')), `rows: ${rows.join(' | ')}`);
  const legend = await inView<string[]>({ op: 'text', selector: '#mm-legend .owners li' });
  assert.ok(legend.some((t) => t.includes(name)), `legend: ${legend.join(' | ')}`);
  const findings = await inView<string[]>({ op: 'text', selector: '#mm-findings li' });
  assert.ok(findings.some((t) => t.includes(name)), `findings: ${findings.join(' | ')}`);
  // Walk the timeline over every event (names appear in the event line) and hover the cells.
  await inView({ op: 'click', selector: '#mm-first' });
  for (let i = 0; i < 12; i++) await inView({ op: 'press', selector: '#mm-slider', key: 'ArrowRight' });
  await inView({ op: 'click', selector: 'figure[data-side="A"] svg.grid', position: { x: 47, y: 7 } });
  const probe = await inView<{ pwned: string; injected: number; scripts: number }>({
    op: 'evaluate',
    expression: `({ pwned: typeof window.__pwned, injected: document.querySelectorAll('img, b, i, [onerror], [onload], [onmouseover]').length,
      scripts: [...document.scripts].filter((s) => (s.textContent || '').includes('__pwned')).length })`,
  });
  assert.deepEqual(probe, { pwned: 'undefined', injected: 0, scripts: 0 });
  assert.deepEqual(panel.cspViolations, [], 'the CSP never had to block anything');
  await screenshot('memory-map-hostile');
}, 60_000);
