// Compare mode: which event of the other simulation matches the current one (same step of the
// lifecycle, else the last matching step before it) and the page difference per owner.
import type { MapData, MapEvent } from '../../src/vscode/memoryMap/protocol';

const key = (e: MapEvent): string => `${e.kind}|${e.target}|${e.cycle ?? 0}`;

/** For each event of `a`, the index of the matching event of `b` (-1 before any match). */
export function matchEvents(a: MapData, b: MapData): number[] {
  const inB = new Map<string, number>();
  b.events.forEach((e, i) => {
    if (!inB.has(key(e))) inB.set(key(e), i);
  });
  let last = -1;
  return a.events.map((e) => {
    const j = inB.get(key(e));
    if (j !== undefined && j > last) last = j;
    return last;
  });
}

export interface DiffRow {
  owner: string;
  a: number;
  b: number;
}

/** Pages per vregion owner at the two events, owners in order of first appearance. */
export function pageDiff(a: MapData, ia: number, b: MapData, ib: number): DiffRow[] {
  const pages = (d: MapData, i: number): Map<string, number> => {
    const owners = new Map(d.vregions.map((v) => [v.id, v.owner]));
    const out = new Map<string, number>();
    for (const [, n, id] of d.events[i]?.runs ?? []) {
      const o = owners.get(id) ?? `#${id}`;
      out.set(o, (out.get(o) ?? 0) + n);
    }
    return out;
  };
  const pa = pages(a, ia);
  const pb = pages(b, ib);
  return [...new Set([...pa.keys(), ...pb.keys()])].map((owner) => ({ owner, a: pa.get(owner) ?? 0, b: pb.get(owner) ?? 0 }));
}
