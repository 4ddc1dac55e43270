// Plain-text memory map of a simulation for terminals: the vpage pool as a page grid at the
// run's peak (one character per page), a legend, the per-vregion table and per-widget
// declared-vs-inferred figures, then the findings.

import type { SourceRange } from '../model';
import { DEEP_BUFFER_OWNER_BASE } from './dmaBuffers';
import { noVregionsText, poolGeometryText } from './poolText';
import type { SimulationResult } from './simulate';
import { phaseSummary } from './costModels/breakdown';

const SYMBOLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const sym = (id: number): string => (id > DEEP_BUFFER_OWNER_BASE ? '#' : SYMBOLS[(id - 1) % SYMBOLS.length]);
const lifetimeCell = (v: { lifetimeUsed: number; firmwareLifetimeUsed: number }): string =>
  v.firmwareLifetimeUsed === v.lifetimeUsed ? kib(v.lifetimeUsed) : `${kib(v.firmwareLifetimeUsed)} (obj ${kib(v.lifetimeUsed)})`;
const kib = (b: number | undefined): string => (b === undefined ? '-' : b >= 1024 ? `${(b / 1024).toFixed(b % 1024 ? 1 : 0)}K` : `${b}`);

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

export interface MemoryMapOptions {
  /** Pages per grid row. */
  width?: number;
  /** How to print a finding's location (adapters shorten paths); default `file:line:col`. */
  location?: (range: SourceRange) => string;
}

export function renderMemoryMap(r: SimulationResult, opts: MemoryMapOptions = {}): string {
  const width = opts.width ?? 64;
  const location = opts.location ?? ((g: SourceRange) => `${g.file}:${g.line}:${g.col}`);
  const out: string[] = [];
  const pool = r.pool;
  out.push(`platform ${r.platform}, model ${r.model}: ${r.modelDescription}`);
  if (pool.unusable) out.push(`vpage pool: unusable (${pool.unusable})`);
  else {
    out.push(
      `vpage pool: ${poolGeometryText(pool)}; ` +
        `peak ${pool.peakUsedPages} used (${((100 * pool.peakUsedPages) / Math.max(1, pool.totalPages)).toFixed(0)}%), ` +
        `${pool.peakAllocs}/${pool.maxAllocs} allocations`,
    );
  }
  const none = noVregionsText(r);
  if (none) out.push(none);
  // The page grid at the peak of the run: the event with the most pages in use.
  const peak = r.events.reduce<(typeof r.events)[number] | undefined>((a, e) => (!a || e.usedPages > a.usedPages ? e : a), undefined);
  if (pool.totalPages > 0) {
    const grid = new Array<string>(pool.totalPages).fill('.');
    for (const [start, pages, id] of peak?.runs ?? []) for (let i = start; i < start + pages; i++) grid[i] = sym(id);
    grid[pool.totalPages - 1] = grid[pool.totalPages - 1] === '.' ? ':' : grid[pool.totalPages - 1];
    out.push('');
    for (let i = 0; i < grid.length; i += width) out.push(`  ${String(i).padStart(4)} ${grid.slice(i, i + width).join('')}`);
    const deep = r.deepBuffers.some((d) => d.pages) ? ', # deep buffers (what-if)' : '';
    out.push(`  legend: . free page, : last page (never allocatable), letters = vregions below${deep}`);
  }
  if (r.vregions.length) {
    out.push('');
    const rows = [['vregion', 'owner', 'kind', 'pages', 'lifetime.used', 'interim', 'int.peak', 'mode']];
    for (const v of r.vregions) {
      rows.push([sym(v.id), v.owner, v.kind, String(v.pages), lifetimeCell(v), kib(v.interimSize), kib(v.interimPeak), v.mode]);
    }
    out.push(...table(rows).map((l) => '  ' + l));
    if (r.vregions.some((v) => v.firmwareLifetimeUsed !== v.lifetimeUsed)) {
      out.push('  lifetime.used is the firmware\'s counter (the whole region once the interim heap exists); (obj) is what lifetime objects took');
    }
  }
  const dp = r.widgets.filter((w) => w.domain === 'DP');
  if (dp.length) {
    out.push('');
    const rows = [['DP widget', 'vregion', 'declared heap', 'inferred heap', 'lifetime', 'interim peak', 'declared stack', 'stack', 'basis']];
    for (const w of dp) {
      const inf = w.inferred;
      rows.push([
        w.name,
        w.vregion ? sym(w.vregion) : '-',
        kib(w.declared.heapBytes),
        (inf.lowerBound ? '>=' : '') + kib(inf.heapBytes),
        kib(inf.lifetimeBytes),
        kib(inf.interimPeakBytes),
        kib(w.declared.stackBytes),
        kib(inf.stackBytes),
        inf.basis,
      ]);
    }
    out.push(...table(rows).map((l) => '  ' + l));
    for (const w of dp) {
      if (w.inferred.phases) out.push(`  ${w.name}: ${phaseSummary(w.inferred.phases)}`);
      const s = w.src?.worstCase;
      if (s && s.mode !== 'unsupported') {
        out.push(
          `  ${w.name}: worst of ${w.src?.candidates} conversions is ${s.inRate}->${s.outRate} x${s.channels} (${s.mode}, period ${s.periodUs} us): ` +
            `delay lines ${s.delayLinesBytes} B, coefficients ${s.coefs.map((c) => `${c.bytes} B ${c.placement}`).join(' + ')}`,
        );
      }
    }
  }
  out.push(...deepBufferLines(r), ...textLines(r));
  const o = r.outside;
  out.push('');
  out.push(`outside the pool (estimates): DP stacks ${kib(o.dpStackBytes)}, shared SRC coefficients in VMH ${kib(o.sharedCoefBytes)}, module heap outside vregions ${kib(o.heapBytes)}`);
  if (r.findings.length) {
    out.push('');
    for (const f of r.findings) {
      const at = f.range ? `${location(f.range)}: ` : '';
      const sug = f.suggested !== undefined ? ` [suggested ${f.attribute ?? 'value'} = ${f.suggested}]` : '';
      out.push(`${at}${f.severity} ${f.code}: ${f.message}${sug}`);
    }
  } else out.push('', 'no findings');
  out.push('', `estimates: ${r.estimates.join('; ')}`);
  return out.join('\n') + '\n';
}

/** Host deep buffers: what each asked for and got, and the pages it left to everything after it. */
export function deepBufferLines(r: SimulationResult): string[] {
  const out: string[] = [];
  const d = r.dmaBuffers;
  if (d.list.length) {
    const n = (k: string) => d.list.filter((x) => x.kind === k).length;
    out.push('', `DMA buffers in sof_heap, outside the pool: ${n('host')} host ${kib(d.hostBytes)}, ${n('dai')} DAI ${kib(d.daiBytes)}`);
  }
  if (!r.deepBuffers.length) return out;
  const rows = [['deep buffer', 'asked', 'bytes', 'placement', 'got', 'bytes', 'pages', 'pages left']];
  for (const b of r.deepBuffers) {
    rows.push([
      b.widget, `${b.requestedMs} ms`, kib(b.preferredBytes), b.placement + (b.ladderMs ? ` ladder ${b.ladderMs.join('/')}` : ''),
      b.obtainedMs === undefined ? 'nothing' : `${b.obtainedMs} ms`, kib(b.obtainedBytes), b.pages === undefined ? '-' : String(b.pages), b.pagesLeft === undefined ? '-' : String(b.pagesLeft),
    ]);
  }
  out.push('', ...table(rows).map((l) => '  ' + l));
  return out;
}

/** TEXT partitions of loadable DP modules: per vregion against shared once per module type. */
export function textLines(r: SimulationResult): string[] {
  const t = r.textPartitions;
  if (!t) return [];
  const out = ['', `TEXT partitions (what-if): per vregion ${t.perVregionPages} pages, shared per module type ${t.sharedPages} pages (saves ${t.savedPages}); ${t.freePagesAtPeak} pool pages free at the peak`];
  for (const m of t.modules) out.push(`  ${m.uuid} (${m.source}): ${m.pages} pages x ${m.instances.length} DP instance(s): ${m.instances.join(', ')}`);
  return out;
}
