// The side table (one row per pipeline and per DP widget, sortable) and the findings list. Rows
// are rebuilt in place, so the table keeps its scroll position across live updates.
import type { MapFinding, MapRow } from '../../src/vscode/memoryMap/protocol';
import { el, kib } from './dom';

export interface Sort {
  /** Column index; -1 groups DP widgets under their pipeline. */
  col: number;
  desc: boolean;
}

interface Column {
  title: string;
  /** Sort value and cell text. */
  value: (r: MapRow) => number | string;
  text: (r: MapRow) => string;
  numeric?: boolean;
}

const SEVERITY = { error: 3, warning: 2, info: 1 } as const;

const COLUMNS: Column[] = [
  { title: 'Pipeline / DP widget', value: (r) => r.name, text: (r) => r.name },
  { title: 'Kind', value: (r) => r.detail, text: (r) => (r.kind === 'dp' ? `DP ${r.detail}` : r.detail) },
  { title: 'Core', value: (r) => r.core, text: (r) => String(r.core), numeric: true },
  { title: 'Heap decl.', value: (r) => r.declaredHeap ?? -1, text: (r) => kib(r.declaredHeap), numeric: true },
  { title: 'Heap inf.', value: (r) => r.inferredHeap ?? -1, text: (r) => (r.lowerBound ? '≥ ' : '') + kib(r.inferredHeap), numeric: true },
  { title: 'Own memory per phase', value: (r) => r.ownPhases ?? '', text: (r) => r.ownPhases ?? '' },
  { title: 'Stack decl.', value: (r) => r.declaredStack ?? -1, text: (r) => kib(r.declaredStack), numeric: true },
  { title: 'Stack inf.', value: (r) => r.inferredStack ?? -1, text: (r) => kib(r.inferredStack), numeric: true },
  { title: 'Pages', value: (r) => r.pages, text: (r) => String(r.pages), numeric: true },
  { title: 'Findings', value: (r) => (r.worst ? SEVERITY[r.worst] * 1000 : 0) + r.findings, text: (r) => (r.findings ? `${r.findings} ${r.worst}` : ''), numeric: true },
];

/** Header with one sort button per column; `onSort` gets the column index. */
export function renderHead(thead: HTMLTableSectionElement, sort: Sort): void {
  const tr = el('tr');
  COLUMNS.forEach((c, i) => {
    const th = el('th', { scope: 'col', 'aria-sort': sort.col === i ? (sort.desc ? 'descending' : 'ascending') : 'none', class: c.numeric ? 'num' : '' });
    const b = el('button', { 'data-col': String(i), title: `Sort by ${c.title}` }, c.title + (sort.col === i ? (sort.desc ? ' ▼' : ' ▲') : ''));
    th.append(b);
    tr.append(th);
  });
  thead.replaceChildren(tr);
}

export function renderRows(tbody: HTMLTableSectionElement, rows: MapRow[], sort: Sort, selected: string | undefined): void {
  const col = COLUMNS[sort.col];
  const sorted = [...rows].sort((a, b) => {
    if (!col) return a.pipelineId - b.pipelineId || Number(a.kind === 'dp') - Number(b.kind === 'dp') || a.name.localeCompare(b.name);
    const x = col.value(a);
    const y = col.value(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return sort.desc ? -c : c;
  });
  const out = sorted.map((r) => {
    const tr = el('tr', {
      'data-key': r.key,
      tabindex: r.key === selected ? '0' : '-1',
      'aria-selected': String(r.key === selected),
      class: `${r.kind}${r.worst ? ` sev-${r.worst}` : ''}`,
      title: r.hasSource ? 'Click or press Enter to show it in the editor' : 'No source line known',
    });
    for (const c of COLUMNS) tr.append(el('td', c.numeric ? { class: 'num' } : {}, c.text(r)));
    return tr;
  });
  tbody.replaceChildren(...out);
  if (!selected && out[0]) out[0].setAttribute('tabindex', '0');
}

export function renderFindings(list: HTMLUListElement, findings: MapFinding[]): void {
  const items = findings.map((f, i) => {
    const li = el('li', { class: `sev-${f.severity}` });
    const label = `${f.severity} ${f.code}: ${f.message}`;
    if (f.source !== undefined) li.append(el('button', { 'data-finding': String(i), class: 'link', title: 'Show in the editor' }, label));
    else li.textContent = label;
    return li;
  });
  list.replaceChildren(...items);
}
