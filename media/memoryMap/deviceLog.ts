// The device-log section: where a captured DSP log and the simulation agree and where they part,
// one row per operation. A row's simulation step moves the timeline there.
import type { MapDeviceLog } from '../../src/vscode/memoryMap/protocol';
import { el } from './dom';

const MARK: Record<MapDeviceLog['rows'][number]['status'], string> = {
  agree: 'agree',
  differ: 'differ',
  'device-only': 'only on the device',
  'simulation-only': 'only in the simulation',
};

/** Rows to show: all, or those that part with one agreeing neighbour each side for context. */
export function shownRows(log: MapDeviceLog, all: boolean): number[] {
  const parts = (i: number): boolean => !!log.rows[i] && log.rows[i].status !== 'agree';
  return log.rows.map((_, i) => i).filter((i) => all || parts(i) || parts(i - 1) || parts(i + 1));
}

export function summary(log: MapDeviceLog): string {
  const c = log.counts;
  const first = log.rows.find((r) => r.status !== 'agree');
  const where = first ? (first.line !== undefined ? `; first part at ${log.file}:${first.line}` : `; first part at simulation step ${first.step}`) : '';
  const skipped = log.skipped ? `; ${log.skipped} lines not compared` : '';
  return `${log.file}: ${log.rows.length} operations, ${c.agree} agree, ${c.differ} differ, ${c['device-only']} only on the device, ${c['simulation-only']} only in the simulation${skipped}${where}`;
}

export function renderDeviceLog(body: HTMLTableSectionElement, log: MapDeviceLog, all: boolean): void {
  body.replaceChildren(
    ...shownRows(log, all).map((i) => {
      const r = log.rows[i];
      const tr = el('tr', { class: `st-${r.status}`, tabindex: '-1', ...(r.event !== undefined ? { 'data-event': String(r.event) } : {}) });
      const dev = el('td');
      if (r.line !== undefined) dev.append(el('span', { class: 'ln' }, `${log.file}:${r.line}`), document.createTextNode(` ${r.device ?? ''}`));
      const sim = el('td');
      if (r.step !== undefined) sim.append(el('span', { class: 'ln' }, r.step), document.createTextNode(` ${r.simulation ?? ''}`));
      for (const d of r.diffs) sim.append(el('div', { class: 'why' }, d));
      tr.append(el('td', { class: 'st' }, MARK[r.status]), dev, sim);
      return tr;
    }),
  );
}
