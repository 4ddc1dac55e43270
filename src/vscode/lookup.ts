// What the analysis knows about a place in a file: objects written on a line, attributes whose
// value is written at a position. Pure (no vscode), so it is cheap to reason about.
import type { VregionReport, WidgetReport, SimulationResult } from '../core/memory/simulate';
import type { Provenance, ResolvedPipeline, ResolvedWidget, ResolveResult, SourceRange, TupleValue } from '../core/model';

export interface WidgetInfo {
  widget: ResolvedWidget;
  report?: WidgetReport;
  vregion?: VregionReport;
  /** The simulation's list of what rests on estimates (struct sizes, image end, ...). */
  estimates?: string[];
}

export interface AttributeHit {
  widget: ResolvedWidget;
  attribute: string;
  provenance: Provenance;
  value?: TupleValue;
}

/** 1-based line and column, as in SourceRange. */
export interface Pos {
  line: number;
  col: number;
}

const onLine = (r: SourceRange | undefined, file: string, line: number): boolean => !!r && r.file === file && r.line === line;

function inside(r: SourceRange | undefined, file: string, p: Pos): boolean {
  if (!r || r.file !== file) return false;
  const after = p.line > r.line || (p.line === r.line && p.col >= r.col);
  const before = p.line < r.endLine || (p.line === r.endLine && p.col <= r.endCol);
  return after && before;
}

export function widgetInfo(w: ResolvedWidget, sim: SimulationResult | undefined): WidgetInfo {
  const report = sim?.widgets.find((r) => r.name === w.name);
  const vregion = report?.vregion !== undefined ? sim?.vregions.find((v) => v.id === report.vregion) : undefined;
  return { widget: w, report, vregion, estimates: sim?.estimates };
}

/** Widgets whose object is written on `line` (the object's id sits on its header line). */
export function widgetsOnLine(res: ResolveResult, file: string, line: number): ResolvedWidget[] {
  return res.widgets.filter((w) => onLine(w.range, file, line));
}

export function pipelinesOnLine(res: ResolveResult, file: string, line: number): ResolvedPipeline[] {
  return res.pipelines.filter((p) => onLine(p.range, file, line));
}

/** The effective value of a widget attribute, wherever the output put it. */
export function attributeValue(w: ResolvedWidget, attribute: string): TupleValue | undefined {
  if (attribute === 'index') return w.index;
  if (attribute === 'type') return w.type;
  if (attribute === 'no_pm') return w.no_pm;
  if (attribute === 'stream_name') return w.stream_name;
  for (const set of Object.values(w.tuples)) if (attribute in set) return set[attribute];
  return undefined;
}

/** Attribute values written at `p`, one per widget that uses them. */
export function attributesAt(res: ResolveResult, file: string, p: Pos): AttributeHit[] {
  const out: AttributeHit[] = [];
  for (const w of res.widgets) {
    for (const [attribute, provenance] of Object.entries(w.provenance)) {
      if (inside(provenance.range, file, p)) out.push({ widget: w, attribute, provenance, value: attributeValue(w, attribute) });
    }
  }
  return out;
}

export function bytes(n: number | undefined): string {
  if (n === undefined) return '—';
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  if (n >= 10 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** One line of budget for a DP widget: declared against inferred, and its vregion. */
export function budgetLine(info: WidgetInfo): string | undefined {
  const r = info.report;
  if (!r) return undefined;
  const parts = [`${r.domain} core ${r.core}`];
  parts.push(`heap ${bytes(r.declared.heapBytes)} declared, ${r.inferred.heapBytes !== undefined ? `~${bytes(r.inferred.heapBytes)} needed` : 'need unknown'}`);
  parts.push(`stack ${bytes(r.declared.stackBytes)} declared` + (r.inferred.stackBytes !== undefined ? `, ${bytes(r.inferred.stackBytes)} given` : ''));
  if (info.vregion) parts.push(`vregion #${info.vregion.id}: ${info.vregion.pages} pages`);
  return parts.join(' · ');
}
