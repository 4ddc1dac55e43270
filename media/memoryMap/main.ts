// Entry of the memory-map webview. Receives the map data from the extension by message, keeps
// the view state (event, layout, selection, sort, compare) across live updates and reloads, and
// reports every render back (tests and load timing use it).
import type { CompareWith, HostMessage, MapData, MapDeviceLog, RenderInfo, ViewMessage } from '../../src/vscode/memoryMap/protocol';
import { matchEvents, pageDiff } from './compare';
import { renderDeviceLog, shownRows, summary } from './deviceLog';
import { byId, el, kib, ownerClass, svgEl } from './dom';
import { exportSvg } from './exportSvg';
import { cellAt, drawGrid, geometry, type Geometry } from './grid';
import { CATEGORIES, pageMap, digest, type PageMap } from './pages';
import { renderFindings, renderHead, renderRows, type Sort } from './table';
import { describe, marks, peakEvent } from './timeline';

interface VsCodeApi {
  postMessage(m: ViewMessage): void;
  getState(): ViewState | undefined;
  setState(s: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  event: number;
  /** Follow the peak event until the user moves the timeline. */
  followPeak: boolean;
  view: 'virtual' | 'physical';
  selected?: string;
  sort: Sort;
  compare?: CompareWith;
  cursor: number;
  /** MapData.context last shown. */
  context: number;
}

const scriptStartMs = Math.round(performance.now());
let dataMs = -1;
const api = acquireVsCodeApi();
const post = (m: ViewMessage): void => api.postMessage(m);
document.addEventListener('securitypolicyviolation', (e) => post({ type: 'cspViolation', directive: e.violatedDirective }));

const state: ViewState = { event: 0, followPeak: true, view: 'virtual', sort: { col: -1, desc: false }, cursor: -1, context: -1, ...api.getState() };
let data: MapData | undefined;
let other: { with?: CompareWith; data?: MapData; status: string } = { status: '' };
let choicesKey = '';
let deviceLog: MapDeviceLog | undefined;

const ui = {
  root: byId('mm-root'),
  title: byId('mm-title'),
  status: byId('mm-status'),
  virtual: byId<HTMLButtonElement>('mm-view-virtual'),
  physical: byId<HTMLButtonElement>('mm-view-physical'),
  compare: byId<HTMLSelectElement>('mm-compare'),
  slider: byId<HTMLInputElement>('mm-slider'),
  event: byId('mm-event'),
  banner: byId('mm-banner'),
  maps: byId('mm-maps'),
  legend: byId('mm-legend'),
  diff: byId('mm-diff'),
  cell: byId('mm-cell'),
  table: byId<HTMLTableElement>('mm-table'),
  findings: byId<HTMLUListElement>('mm-findings'),
  logOpen: byId<HTMLButtonElement>('mm-log-open'),
  logClear: byId<HTMLButtonElement>('mm-log-clear'),
  logAll: byId<HTMLInputElement>('mm-log-all'),
  logAllLabel: byId('mm-log-all-label'),
  logSummary: byId('mm-log-summary'),
  log: byId<HTMLTableElement>('mm-log'),
};
const ticks = svgEl('svg', { class: 'ticks', 'aria-hidden': 'true' });
ui.slider.after(ticks);

interface Side {
  figure: HTMLElement;
  caption: HTMLElement;
  svg: SVGSVGElement;
  geom?: Geometry;
  map?: PageMap;
  data?: MapData;
}
const sides: Side[] = [makeSide('A'), makeSide('B')];

function makeSide(name: string): Side {
  const caption = el('figcaption');
  const svg = svgEl('svg', { class: 'grid', tabindex: '0', role: 'application', 'aria-roledescription': 'page map', 'aria-describedby': 'mm-cell' });
  const figure = el('figure', { class: 'side-map', 'data-side': name });
  figure.append(caption, svg);
  const side: Side = { figure, caption, svg };
  svg.addEventListener('pointermove', (e) => showCell(side, hit(side, e)));
  svg.addEventListener('pointerleave', () => showCell(side, state.cursor));
  svg.addEventListener('click', (e) => {
    const i = hit(side, e);
    state.cursor = i;
    if (i >= 0) pickCell(side, i);
  });
  svg.addEventListener('keydown', (e) => keyOnGrid(side, e));
  return side;
}

function hit(side: Side, e: MouseEvent): number {
  if (!side.geom || !side.map) return -1;
  const box = side.svg.getBoundingClientRect();
  return cellAt(side.geom, side.map.cells.length, e.clientX - box.left, e.clientY - box.top);
}

function showCell(side: Side, i: number): void {
  const m = side.map;
  const d = side.data;
  if (!m || !d || i < 0 || i >= m.cells.length) {
    ui.cell.textContent = '';
    return;
  }
  const c = m.cells[i];
  const where = m.view === 'virtual' ? `virtual page ${i} (0x${(d.pool.baseAddress + i * d.pool.pageSize).toString(16)})` : `physical page ${i}`;
  if (!c) {
    ui.cell.textContent = `${where}: ${i === m.reserved ? 'never allocatable (an allocation may not end on the last page)' : 'free'}`;
    return;
  }
  const v = d.vregions.find((x) => x.id === c.owner);
  const parts = c.segs.map(([cat, f]) => `${CATEGORIES[cat]} ${Math.round(f * 100)}%`).join(', ');
  const vp = m.view === 'physical' ? ` (virtual page ${c.vpage})` : '';
  ui.cell.textContent = v?.kind === 'deep-buffer'
    ? `${where}${vp}: deep buffer of ${v.owner} (what-if, ${v.mode}, ${v.pages} pages)`
    : `${where}${vp}: vregion #${c.owner} ${v?.owner ?? ''} (${v?.kind ?? ''}, ${v?.layout ?? ''}, ${v?.pages ?? 0} pages): ${parts}`;
}

function pickCell(side: Side, i: number): void {
  const c = side.map?.cells[i];
  const row = c && side.data?.vregions.find((v) => v.id === c.owner)?.row;
  if (row) select(row, true);
  else render();
}

function keyOnGrid(side: Side, e: KeyboardEvent): void {
  const n = side.map?.cells.length ?? 0;
  const cols = side.geom?.cols ?? 1;
  if (!n) return;
  const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols };
  let cur = state.cursor < 0 ? 0 : state.cursor;
  if (e.key in step) cur = Math.max(0, Math.min(n - 1, cur + step[e.key]));
  else if (e.key === 'Home') cur = 0;
  else if (e.key === 'End') cur = n - 1;
  else if (e.key === 'Enter' || e.key === ' ') {
    pickCell(side, cur);
    e.preventDefault();
    return;
  } else if (e.key === 'Escape') {
    state.selected = undefined;
    render();
    return;
  } else return;
  e.preventDefault();
  state.cursor = cur;
  renderMaps();
  showCell(side, cur);
}

function select(row: string | undefined, reveal: boolean): void {
  state.selected = row;
  if (row && reveal) post({ type: 'reveal', row });
  render();
}

let frame = 0;
/** Redraws the maps once per animation frame however fast the slider moves. */
function redrawSoon(): void {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(() => renderMaps());
}

function setEvent(i: number): void {
  if (!data) return;
  state.event = Math.max(0, Math.min(data.events.length - 1, i));
  state.followPeak = false;
  redrawSoon();
}

// Controls.
ui.slider.addEventListener('input', () => setEvent(Number(ui.slider.value)));
byId('mm-first').addEventListener('click', () => setEvent(0));
byId('mm-prev').addEventListener('click', () => setEvent(state.event - 1));
byId('mm-next').addEventListener('click', () => setEvent(state.event + 1));
byId('mm-last').addEventListener('click', () => setEvent(Number.MAX_SAFE_INTEGER));
byId('mm-peak').addEventListener('click', () => data && setEvent(peakEvent(data)));
for (const [b, view] of [[ui.virtual, 'virtual'], [ui.physical, 'physical']] as const) {
  b.addEventListener('click', () => {
    state.view = view;
    state.cursor = -1;
    renderMaps();
  });
}
ui.compare.addEventListener('change', () => {
  const [kind, id] = ui.compare.value.split(':');
  state.compare = !data || !id ? undefined
    : kind === 'platform' ? { platform: id, model: data.model }
    : kind === 'deep' ? { platform: data.platform, model: data.model, deepBuffers: id as NonNullable<CompareWith['deepBuffers']> }
    : { platform: data.platform, model: id };
  other = { status: state.compare ? 'simulating…' : '' };
  post({ type: 'compare', with: state.compare });
  renderMaps();
});
byId('mm-export-svg').addEventListener('click', () => {
  const shown = sides.filter((s) => s.figure.isConnected && s.map);
  post({ type: 'export', format: 'svg', svg: exportSvg(shown.map((s) => ({ caption: s.caption.textContent ?? '', svg: s.svg })), ui.title.textContent ?? '') });
});
byId('mm-export-json').addEventListener('click', () => post({ type: 'export', format: 'json' }));
const tbody = ui.table.tBodies[0];
tbody.addEventListener('click', (e) => {
  const tr = (e.target as Element).closest('tr');
  if (tr?.dataset.key) select(tr.dataset.key, true);
});
tbody.addEventListener('keydown', (e) => {
  const tr = (e.target as Element).closest('tr');
  if (!tr) return;
  if (e.key === 'Enter' || e.key === ' ') {
    if (tr.dataset.key) select(tr.dataset.key, true);
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    const next = (e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
    if (next) {
      tr.setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      next.focus();
    }
  } else return;
  e.preventDefault();
});
ui.table.tHead?.addEventListener('click', (e) => {
  const b = (e.target as Element).closest('button');
  if (!b?.dataset.col) return;
  const col = Number(b.dataset.col);
  state.sort = { col, desc: state.sort.col === col ? !state.sort.desc : col >= 2 };
  render();
});
ui.findings.addEventListener('click', (e) => {
  const b = (e.target as Element).closest('button');
  const f = b?.dataset.finding !== undefined ? data?.findings[Number(b.dataset.finding)] : undefined;
  if (f?.source !== undefined) post({ type: 'revealFinding', source: f.source });
});
ui.logOpen.addEventListener('click', () => post({ type: 'deviceLog', action: 'open' }));
ui.logClear.addEventListener('click', () => post({ type: 'deviceLog', action: 'clear' }));
ui.logAll.addEventListener('change', () => renderLog());
ui.log.tBodies[0].addEventListener('click', (e) => {
  const tr = (e.target as Element).closest('tr');
  if (tr?.dataset.event !== undefined) setEvent(Number(tr.dataset.event));
});
new ResizeObserver(redrawSoon).observe(ui.maps);

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  const m = e.data;
  if (m.type === 'data') {
    if (dataMs < 0 && m.data) dataMs = Math.round(performance.now());
    data = m.data;
    // Another target, platform or model: start again at its peak.
    if (data && data.context !== state.context) {
      Object.assign(state, { context: data.context, followPeak: true, cursor: -1 });
    }
    ui.status.textContent = m.status;
    const key = JSON.stringify(m.choices);
    if (key !== choicesKey) {
      choicesKey = key;
      ui.compare.replaceChildren(
        el('option', { value: '' }, 'nothing'),
        ...m.choices.models.map((c) => el('option', { value: `model:${c.id}`, title: c.description }, `model ${c.id}`)),
        ...m.choices.platforms.map((p) => el('option', { value: `platform:${p}` }, `platform ${p}`)),
        // The same target under the deep-buffer what-if (ladder on against off).
        el('option', { value: 'deep:ladder', title: 'deep buffers in the vpage pool, largest predefined size that fits' }, 'deep buffers: ladder (what-if)'),
        el('option', { value: 'deep:exact', title: 'deep buffers in the vpage pool, exact size or nothing' }, 'deep buffers: exact in pool (what-if)'),
        el('option', { value: 'deep:off', title: 'deep buffers in sof_heap, as the firmware does today' }, 'deep buffers: sof_heap (today)'),
      );
    }
    render();
  } else if (m.type === 'compare') {
    other = { with: m.with, data: m.data, status: m.status };
    renderMaps();
  } else if (m.type === 'deviceLog') {
    deviceLog = m.log;
    ui.logSummary.textContent = m.log ? summary(m.log) : m.status;
    renderLog();
    renderMaps();
  }
});

function renderLog(): void {
  const on = !!deviceLog;
  ui.log.hidden = !on;
  ui.logClear.hidden = !on;
  ui.logAllLabel.hidden = !on;
  if (deviceLog) renderDeviceLog(ui.log.tBodies[0], deviceLog, ui.logAll.checked);
  else ui.log.tBodies[0].replaceChildren();
}

function render(): void {
  ui.root.setAttribute('aria-busy', 'false');
  if (!data) {
    ui.title.textContent = 'SOF memory map';
    ui.maps.replaceChildren();
    ui.table.tBodies[0].replaceChildren();
    ui.findings.replaceChildren();
    ui.legend.replaceChildren();
    return;
  }
  ui.title.textContent = `${data.target} · ${data.platform} · ${data.model}`;
  ui.title.title = data.modelDescription;
  if (state.followPeak) state.event = Math.max(0, peakEvent(data));
  state.event = Math.min(state.event, Math.max(0, data.events.length - 1));
  if (state.selected && !data.rows.some((r) => r.key === state.selected)) state.selected = undefined;
  const scroll = ui.table.parentElement?.scrollTop ?? 0;
  renderHead(ui.table.tHead as HTMLTableSectionElement, state.sort);
  renderRows(tbody, data.rows, state.sort, state.selected);
  if (ui.table.parentElement) ui.table.parentElement.scrollTop = scroll;
  renderFindings(ui.findings, data.findings);
  renderLegend(data);
  ui.slider.max = String(Math.max(0, data.events.length - 1));
  marks(ticks, data);
  ui.compare.value = !state.compare ? ''
    : state.compare.deepBuffers ? `deep:${state.compare.deepBuffers}`
    : state.compare.model !== data.model ? `model:${state.compare.model}` : `platform:${state.compare.platform}`;
  renderMaps();
}

function renderLegend(d: MapData): void {
  const item = (cls: string, text: string): HTMLElement => {
    const li = el('li');
    const sw = svgEl('svg', { class: 'swatch', width: 14, height: 14, 'aria-hidden': 'true' });
    sw.append(svgEl('path', { class: cls, d: 'M1 1h12v12h-12z' }));
    li.append(sw, document.createTextNode(text));
    return li;
  };
  const cats = el('ul', { class: 'cats' });
  cats.append(
    ...Object.entries(CATEGORIES).map(([c, t]) => item(`o0 c-${c}`, t)),
    item('free', 'free page'),
    item('reserved', 'last page (never allocatable)'),
    item('free fail-free', 'pages a failed vregion could not get'),
  );
  const owners = el('ul', { class: 'owners' });
  owners.append(...d.vregions.map((v) => item(`${ownerClass(v.id)} c-lt`, `#${v.id} ${v.owner} (${v.kind}, ${v.layout}, ${v.pages} pages)`)));
  const details = el('details');
  if (d.vregions.length <= 24) details.open = true;
  details.append(el('summary', {}, `${d.vregions.length} vregions`), owners);
  const whatIf = el('ul', { class: 'whatif' });
  whatIf.append(...d.whatIf.map((t) => el('li', {}, t)));
  ui.legend.replaceChildren(cats, details, ...(d.whatIf.length ? [whatIf] : []));
}

function renderMaps(): void {
  if (!data) return;
  const t0 = performance.now();
  const a = data;
  const b = state.compare ? other.data : undefined;
  ui.slider.value = String(state.event);
  ui.slider.setAttribute('aria-valuetext', describe(a, state.event).split('\n')[0]);
  ui.event.textContent = describe(a, state.event);
  ui.virtual.setAttribute('aria-checked', String(state.view === 'virtual'));
  ui.physical.setAttribute('aria-checked', String(state.view === 'physical'));
  const ev = a.events[state.event];
  const problems: string[] = [];
  if (a.pool.unusable) problems.push(`vpage pool unusable on ${a.platform}: ${a.pool.unusable}`);
  if (ev && !ev.ok && ev.failure) problems.push(ev.failure);
  const invalid = ev?.regions.filter((r) => r[4] === 'invalid').map((r) => a.vregions.find((v) => v.id === r[0])?.owner ?? `#${r[0]}`) ?? [];
  if (invalid.length) problems.push(`vregion INVALID (no interim heap): ${invalid.join(', ')}`);
  ui.banner.hidden = problems.length === 0;
  ui.banner.textContent = problems.join('\n');
  const selected = new Set(a.rows.find((r) => r.key === state.selected)?.vregions ?? []);
  const width = Math.max(200, ui.maps.clientWidth);
  const shown: Side[] = [sides[0]];
  const drawSide = (side: Side, d: MapData, index: number, caption: string): void => {
    const e = d.events[index];
    side.data = d;
    side.map = pageMap(d, index, state.view);
    side.geom = geometry(b || state.compare ? width / 2 - 12 : width, side.map.cells.length);
    const failRegion = e && !e.ok ? e.region : undefined;
    drawGrid(side.svg, side.map, side.geom, { selected: side === sides[0] ? selected : new Set(), failRegion, failFree: !!e && !e.ok && e.region === undefined, cursor: side === sides[0] ? state.cursor : -1 });
    side.caption.textContent = caption;
    side.svg.setAttribute('aria-label', `${caption}: ${side.map.owned} of ${side.map.cells.length} ${state.view} pages in use. Arrow keys move between pages, Enter shows the owner's source.`);
  };
  const pages = (d: MapData): string => (state.view === 'virtual' ? `${d.pool.totalPages} virtual pages` : `${d.pool.physicalPages} physical pages`);
  drawSide(sides[0], a, state.event, `${a.platform} · ${a.model}: ${pages(a)} of ${kib(a.pool.pageSize)}, peak ${a.pool.peakUsedPages} used`);
  if (state.compare) {
    shown.push(sides[1]);
    if (b) {
      const ib = matchEvents(a, b)[state.event] ?? -1;
      drawSide(sides[1], b, ib, `${b.platform} · ${b.model}: ${pages(b)}, peak ${b.pool.peakUsedPages} used${other.status && other.status !== `${b.platform} · ${b.model}` ? ` (${other.status})` : ''}`);
      renderDiff(a, b, ib);
    } else {
      sides[1].svg.replaceChildren();
      sides[1].map = undefined;
      sides[1].caption.textContent = other.status || 'simulating…';
      ui.diff.hidden = true;
    }
  } else ui.diff.hidden = true;
  ui.maps.classList.toggle('compare', !!state.compare);
  if (ui.maps.children.length !== shown.length || shown.some((s, i) => ui.maps.children[i] !== s.figure)) ui.maps.replaceChildren(...shown.map((s) => s.figure));
  api.setState(state);
  const info: RenderInfo = {
    event: a.events.length ? state.event : -1,
    events: a.events.length,
    view: state.view,
    ownedPages: sides[0].map?.owned ?? 0,
    digest: sides[0].map ? digest(sides[0].map) : '',
    ...(state.selected ? { selected: state.selected } : {}),
    compare: !!b,
    ...(deviceLog ? { deviceLog: deviceLogInfo(deviceLog) } : {}),
    sinceLoadMs: Math.round(performance.now()),
    scriptStartMs,
    dataMs,
    renderMs: Math.round((performance.now() - t0) * 10) / 10,
  };
  post({ type: 'rendered', info });
}

function deviceLogInfo(log: MapDeviceLog): NonNullable<RenderInfo['deviceLog']> {
  const first = log.rows.find((r) => r.status !== 'agree');
  return { rows: shownRows(log, true).length, parted: log.rows.length - log.counts.agree, ...(first?.line !== undefined ? { firstLine: first.line } : {}) };
}

function renderDiff(a: MapData, b: MapData, ib: number): void {
  const rows = pageDiff(a, state.event, b, ib);
  const table = el('table', { 'aria-label': 'Pages per vregion owner, both sides' });
  const head = el('tr');
  const deep = state.compare?.deepBuffers ? ` · deep buffers ${state.compare.deepBuffers}` : '';
  for (const t of ['vregion owner', `${a.platform} · ${a.model}`, `${b.platform} · ${b.model}${deep}`, 'difference']) head.append(el('th', { scope: 'col' }, t));
  table.append(el('thead'), el('tbody'));
  table.tHead?.append(head);
  const line = (name: string, x: number, y: number): HTMLTableRowElement => {
    const tr = el('tr');
    tr.append(el('td', {}, name), el('td', { class: 'num' }, String(x)), el('td', { class: 'num' }, String(y)), el('td', { class: 'num' }, y - x > 0 ? `+${y - x}` : String(y - x)));
    return tr;
  };
  const sum = (k: 'a' | 'b'): number => rows.reduce((s, r) => s + r[k], 0);
  table.tBodies[0].append(...rows.map((r) => line(r.owner, r.a, r.b)), line('total at this event', sum('a'), sum('b')), line('peak of the run', a.pool.peakUsedPages, b.pool.peakUsedPages));
  ui.diff.replaceChildren(el('h2', {}, 'Page difference'), table);
  ui.diff.hidden = false;
}

post({ type: 'ready' });
// A reloaded webview asks again for the comparison it was showing.
if (state.compare) post({ type: 'compare', with: state.compare });
