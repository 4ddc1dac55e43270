// What each cell of the page map shows at one event: the owning vregion and, in address order,
// the share of the page that is lifetime used, slack, interim used and interim free. The interim
// bytes in use are drawn from the start of the interim heap (the simulator tracks their sum).
import { PhysicalTimeline } from '../../src/core/memory/physicalMap';
import type { MapData, MapEvent, MapVregion } from '../../src/vscode/memoryMap/protocol';

export type Cat = 'lt' | 'sl' | 'iu' | 'if';
export const CATEGORIES: Record<Cat, string> = {
  lt: 'lifetime used',
  iu: 'interim heap used',
  if: 'interim heap free',
  sl: 'slack (not used, not heap)',
};

export interface Cell {
  owner: number;
  /** Virtual page shown (differs from the cell index in the physical view). */
  vpage: number;
  segs: Array<[Cat, number]>;
}

export interface PageMap {
  view: 'virtual' | 'physical';
  cells: Array<Cell | undefined>;
  /** Cell never allocatable (the last virtual page, strict end check), or -1. */
  reserved: number;
  owned: number;
}

type RegionState = MapEvent['regions'][number];

/** Byte intervals of a vregion in address order. */
export function intervals(v: MapVregion, st: RegionState | undefined): Array<[Cat, number, number]> {
  const size = v.bytes;
  if (!st) return [['lt', 0, size]];
  const [, lt, iu, isz, mode] = st;
  if (v.layout === 'split') {
    // Phase I: page-aligned interim partition at the base, then the lifetime partition.
    return [['iu', 0, Math.min(iu, isz)], ['if', Math.min(iu, isz), isz], ['lt', isz, isz + lt], ['sl', isz + lt, size]];
  }
  if (mode !== 'interim') return [['lt', 0, Math.min(lt, size)], ['sl', Math.min(lt, size), size]];
  const start = size - isz;
  return [['lt', 0, lt], ['sl', lt, start], ['iu', start, start + iu], ['if', start + iu, size]];
}

function vregionCells(data: MapData, ev: MapEvent | undefined): Map<number, Cell> {
  const out = new Map<number, Cell>();
  if (!ev) return out;
  const ps = data.pool.pageSize;
  const byId = new Map(data.vregions.map((v) => [v.id, v]));
  const state = new Map(ev.regions.map((r) => [r[0], r]));
  for (const [first, pages, owner] of ev.runs) {
    const v = byId.get(owner);
    const iv = v ? intervals(v, state.get(owner)) : [['lt', 0, pages * ps] as [Cat, number, number]];
    for (let k = 0; k < pages; k++) {
      const lo = k * ps;
      const hi = lo + ps;
      const segs: Array<[Cat, number]> = [];
      for (const [cat, a, b] of iv) {
        const f = (Math.min(b, hi) - Math.max(a, lo)) / ps;
        if (f > 0) segs.push([cat, f]);
      }
      out.set(first + k, { owner, vpage: first + k, segs });
    }
  }
  return out;
}

const timelines = new WeakMap<MapData, PhysicalTimeline>();

export function pageMap(data: MapData, index: number, view: 'virtual' | 'physical'): PageMap {
  const ev = data.events[index];
  const byVpage = vregionCells(data, ev);
  const total = data.pool.totalPages;
  if (view === 'virtual') {
    const cells = Array.from({ length: total }, (_, i) => byVpage.get(i));
    return { view, cells, reserved: total - 1, owned: byVpage.size };
  }
  let timeline = timelines.get(data);
  if (!timeline) timelines.set(data, (timeline = new PhysicalTimeline(data.events.map((e) => e.runs), total, data.pool.physicalPages)));
  const phys = timeline.at(index);
  const cells: Array<Cell | undefined> = new Array(data.pool.physicalPages).fill(undefined);
  phys.physOf.forEach((p, v) => {
    if (p >= 0) cells[p] = byVpage.get(v);
  });
  return { view, cells, reserved: -1, owned: cells.filter(Boolean).length };
}

/** A short digest of what a page map shows, so two renders can be told apart. */
export function digest(m: PageMap): string {
  let h = 0x811c9dc5;
  const mix = (n: number): void => {
    h ^= n;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  m.cells.forEach((c, i) => {
    if (!c) return;
    mix(i);
    mix(c.owner);
    for (const [cat, f] of c.segs) mix(cat.charCodeAt(0) * 1000 + cat.charCodeAt(1) + Math.round(f * 4096));
  });
  return h.toString(16);
}
