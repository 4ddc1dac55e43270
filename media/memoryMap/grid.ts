// Draws a page map as one SVG with a handful of paths (one per vregion colour and category, one
// for free pages, outlines for failures and the selection), so thousands of pages cost a few
// DOM nodes. Pointer and keyboard hit-testing use the geometry, not per-cell listeners.
import { svgEl, ownerClass } from './dom';
import type { PageMap } from './pages';

export interface Geometry {
  cols: number;
  cell: number;
  gap: number;
  /** Left margin for the page-number labels. */
  label: number;
}

export interface Marks {
  /** Vregions to outline as selected. */
  selected: ReadonlySet<number>;
  /** Vregion where the current event failed. */
  failRegion?: number;
  /** The current event failed for want of pages: tint the free pages. */
  failFree: boolean;
  /** Keyboard cursor cell, or -1. */
  cursor: number;
}

export function geometry(width: number, pages: number): Geometry {
  const cell = pages > 2048 ? 10 : 14;
  const gap = 2;
  const label = 40;
  const fit = Math.floor((width - label) / (cell + gap));
  const cols = Math.max(8, Math.min(128, fit - (fit % 8) || 8));
  return { cols, cell, gap, label };
}

const rect = (x: number, y: number, w: number, h: number): string => `M${x} ${y}h${w}v${h}h${-w}z`;

export function cellOrigin(g: Geometry, i: number): [number, number] {
  return [g.label + (i % g.cols) * (g.cell + g.gap), Math.floor(i / g.cols) * (g.cell + g.gap)];
}

/** Cell under a point in the SVG's own coordinates, or -1. */
export function cellAt(g: Geometry, count: number, x: number, y: number): number {
  const c = Math.floor((x - g.label) / (g.cell + g.gap));
  const r = Math.floor(y / (g.cell + g.gap));
  if (x < g.label || c >= g.cols || r < 0) return -1;
  const i = r * g.cols + c;
  return i < count ? i : -1;
}

export function drawGrid(svg: SVGSVGElement, map: PageMap, g: Geometry, marks: Marks): void {
  const n = map.cells.length;
  const rows = Math.ceil(n / g.cols);
  const width = g.label + g.cols * (g.cell + g.gap);
  const height = Math.max(1, rows * (g.cell + g.gap));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  const paths = new Map<string, string[]>();
  const add = (cls: string, d: string): void => {
    const list = paths.get(cls);
    if (list) list.push(d);
    else paths.set(cls, [d]);
  };
  for (let i = 0; i < n; i++) {
    const [x, y] = cellOrigin(g, i);
    const c = map.cells[i];
    if (!c) {
      add(i === map.reserved ? 'reserved' : marks.failFree ? 'free fail-free' : 'free', rect(x, y, g.cell, g.cell));
      continue;
    }
    const oc = ownerClass(c.owner);
    let at = 0;
    for (const [cat, f] of c.segs) {
      const w = f * g.cell;
      add(`${oc} c-${cat}`, rect(x + at, y, w, g.cell));
      at += w;
    }
    add(`${oc} edge`, rect(x + 0.5, y + 0.5, g.cell - 1, g.cell - 1));
    if (marks.selected.has(c.owner)) add('sel', rect(x - 1, y - 1, g.cell + 2, g.cell + 2));
    if (marks.failRegion === c.owner) add('fail', rect(x + 1, y + 1, g.cell - 2, g.cell - 2));
  }
  if (marks.cursor >= 0 && marks.cursor < n) {
    const [x, y] = cellOrigin(g, marks.cursor);
    add('cursor', rect(x - 2, y - 2, g.cell + 4, g.cell + 4));
  }
  const nodes: SVGElement[] = [];
  for (let r = 0; r < rows; r++) {
    nodes.push(svgEl('text', { class: 'rowlabel', x: g.label - 6, y: r * (g.cell + g.gap) + g.cell - 3 }, String(r * g.cols)));
  }
  // Fills first, then outlines on top.
  const order = (cls: string): number => (cls === 'cursor' ? 4 : cls === 'sel' ? 3 : cls === 'fail' ? 2 : cls.endsWith('edge') ? 1 : 0);
  for (const [cls, ds] of [...paths.entries()].sort((a, b) => order(a[0]) - order(b[0]))) {
    nodes.push(svgEl('path', { class: cls, d: ds.join('') }));
  }
  svg.replaceChildren(...nodes);
}
