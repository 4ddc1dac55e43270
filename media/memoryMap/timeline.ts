// The lifecycle timeline: describes an event and marks failures and the peak along the slider.
import type { MapData, MapEvent } from '../../src/vscode/memoryMap/protocol';
import { svgEl } from './dom';

const KIND: Record<MapEvent['kind'], string> = {
  'pipeline-create': 'create pipeline',
  'module-init': 'init',
  bind: 'bind',
  complete: 'complete (set_interim)',
  prepare: 'prepare',
  reset: 'stop (reset)',
  unbind: 'unbind',
  'module-free': 'free',
  'pipeline-free': 'free pipeline',
};

export function describe(data: MapData, i: number): string {
  const e = data.events[i];
  if (!e) return 'no lifecycle events';
  const cycle = e.cycle ? ` (stop/start cycle ${e.cycle})` : '';
  const ok = e.ok ? '' : ' — FAILED';
  const log = e.log.length ? `\nfirmware log: ${e.log.join(' · ')}` : '';
  return `${i + 1}/${data.events.length}: ${KIND[e.kind]} ${e.target}${cycle}${ok} · ${e.usedPages}/${data.pool.totalPages} pages, ${e.liveAllocs} vregions${log}`;
}

export function peakEvent(data: MapData): number {
  let best = -1;
  data.events.forEach((e, i) => {
    if (best < 0 || e.usedPages > data.events[best].usedPages) best = i;
  });
  return best;
}

/** A thin strip under the slider: failed events in red, the peak in the accent colour. */
export function marks(svg: SVGSVGElement, data: MapData): void {
  const n = Math.max(1, data.events.length - 1);
  const nodes: SVGElement[] = [];
  const peak = peakEvent(data);
  data.events.forEach((e, i) => {
    if (!e.ok) nodes.push(svgEl('rect', { class: 'tick fail', x: `${(100 * i) / n}%`, y: 0, width: 2, height: 6 }));
  });
  if (peak >= 0) nodes.push(svgEl('rect', { class: 'tick peak', x: `${(100 * peak) / n}%`, y: 0, width: 2, height: 6 }));
  svg.replaceChildren(...nodes);
}
