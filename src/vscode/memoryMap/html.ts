// The memory-map webview's document: a static shell (no topology data; that arrives by message)
// under a strict Content-Security-Policy. The script and the stylesheet are the extension's own
// files, written into the document with this load's nonce (a webview fetches each resource through
// its service worker and the extension host, which costs more than their 30 KB); nothing else runs,
// and nothing may be fetched or framed.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as vscode from 'vscode';

/** The script and stylesheet texts, read once per extension host. */
let assets: { script: string; style: string } | undefined;

function readAssets(extensionUri: vscode.Uri): { script: string; style: string } {
  // `</script` or `</style` inside the text would end the element early.
  const read = (...parts: string[]): string => fs.readFileSync(vscode.Uri.joinPath(extensionUri, ...parts).fsPath, 'utf8').replace(/<\/(script|style)/gi, '<\\/$1');
  return (assets ??= { script: read('dist', 'webview', 'memoryMap.js'), style: read('media', 'memoryMap', 'memoryMap.css') });
}

export function memoryMapHtml(extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const { script, style } = readAssets(extensionUri);
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    // Not covered by default-src.
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${style}</style>
<title>SOF memory map</title>
</head>
<body>
<main id="mm-root" aria-busy="true">
  <header class="bar" role="toolbar" aria-label="Memory map controls">
    <h1 id="mm-title">SOF memory map</h1>
    <span id="mm-status" role="status" aria-live="polite"></span>
    <span class="spacer"></span>
    <div class="seg" role="radiogroup" aria-label="Page layout">
      <button id="mm-view-virtual" role="radio" aria-checked="true" title="Virtual pages of the vpage region">Virtual</button>
      <button id="mm-view-physical" role="radio" aria-checked="false" title="Physical pages backing them (first free page per virtual page)">Physical</button>
    </div>
    <label for="mm-compare">Compare with</label>
    <select id="mm-compare" aria-label="Compare with another platform or firmware model"><option value="">nothing</option></select>
    <button id="mm-export-svg" title="Save the page map as SVG">Export SVG</button>
    <button id="mm-export-json" title="Save the simulation as JSON">Export JSON</button>
  </header>
  <section class="timeline" aria-label="Lifecycle timeline">
    <button id="mm-first" aria-label="First event" title="First event (Home)">&#xAB;</button>
    <button id="mm-prev" aria-label="Previous event" title="Previous event">&#x2039;</button>
    <input id="mm-slider" type="range" min="0" max="0" value="0" aria-label="Lifecycle event">
    <button id="mm-next" aria-label="Next event" title="Next event">&#x203A;</button>
    <button id="mm-last" aria-label="Last event" title="Last event (End)">&#xBB;</button>
    <button id="mm-peak" title="Jump to the event with the most pages in use">Peak</button>
    <div id="mm-event" class="event" aria-live="polite"></div>
  </section>
  <div class="body">
    <section class="maps" aria-label="Page maps">
      <div id="mm-banner" class="banner" role="alert" hidden></div>
      <div id="mm-maps"></div>
      <div id="mm-legend" class="legend" aria-label="Legend"></div>
      <div id="mm-diff" class="diff" hidden></div>
      <div id="mm-cell" class="cell-info" aria-live="polite"></div>
      <section class="devlog" aria-label="Device log against the simulation">
        <div class="devlog-bar">
          <button id="mm-log-open" title="Read the vpage/vregion lines of a captured DSP log and compare them with this simulation, operation by operation">Compare device log…</button>
          <button id="mm-log-clear" hidden>Clear</button>
          <label id="mm-log-all-label" hidden><input id="mm-log-all" type="checkbox"> every operation</label>
          <span id="mm-log-summary" role="status" aria-live="polite"></span>
        </div>
        <table id="mm-log" aria-label="Device log lines and simulation steps" hidden>
          <thead><tr><th scope="col"></th><th scope="col">device log</th><th scope="col">simulation</th></tr></thead>
          <tbody></tbody>
        </table>
      </section>
    </section>
    <section class="side" aria-label="Pipelines and DP widgets">
      <table id="mm-table" aria-label="Declared versus inferred memory per pipeline and DP widget">
        <thead></thead>
        <tbody></tbody>
      </table>
      <ul id="mm-findings" class="findings" aria-label="Findings"></ul>
    </section>
  </div>
</main>
<script nonce="${nonce}">${script}</script>
</body>
</html>`;
}
