// Projects an analysis (resolve + simulation) onto what the memory-map webview draws: vregions,
// events with the vregion each acted on, one row per pipeline and per DP widget. Source ranges
// stay here; the webview refers to them by row key or finding index.
import type { SimulationResult, WidgetReport } from '../../core/memory/simulate';
import { phaseSummary } from '../../core/memory/costModels/breakdown';
import type { Finding, ResolveResult, SourceRange } from '../../core/model';
import { deepBufferRuns, whatIfLegend } from '../../core/memory/whatIfView';
import type { MapData, MapEvent, MapFinding, MapRow } from './protocol';

export interface MapModel {
  data: MapData;
  rowSources: Map<string, SourceRange>;
  findingSources: SourceRange[];
}

const SEVERITY_RANK: Record<MapFinding['severity'], number> = { error: 3, warning: 2, info: 1 };
const worse = (a: MapFinding['severity'] | undefined, b: MapFinding['severity']): MapFinding['severity'] =>
  !a || SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
const sum = (xs: Array<number | undefined>): number | undefined => (xs.some((x) => x !== undefined) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : undefined);

export function buildMapModel(context: number, target: string, resolved: ResolveResult, sim: SimulationResult): MapModel {
  const rowSources = new Map<string, SourceRange>();
  const findingSources: SourceRange[] = [];
  const widgetsByName = new Map(resolved.widgets.map((w) => [w.name, w]));
  const schedulers = resolved.widgets.filter((w) => w.type === 'scheduler');
  const pipelineIdOf = new Map<string, number>(schedulers.map((w) => [w.name, w.index]));
  const pipelineKey = (id: number): string => `p:${id}`;
  const pipelineOfName = (name: string): number | undefined => {
    const m = /^pipeline\.(\d+)$/.exec(name);
    return pipelineIdOf.get(name) ?? (m ? Number(m[1]) : undefined);
  };

  // Rows: every pipeline id the simulation saw, then every DP widget.
  const reportsByPipeline = new Map<number, WidgetReport[]>();
  for (const w of sim.widgets) reportsByPipeline.set(w.pipelineId, [...(reportsByPipeline.get(w.pipelineId) ?? []), w]);
  for (const s of schedulers) if (!reportsByPipeline.has(s.index)) reportsByPipeline.set(s.index, []);
  const rows: MapRow[] = [];
  const rowOfWidget = new Map<string, string>();
  const vregionPages = new Map(sim.vregions.map((v) => [v.id, v.pages]));
  for (const [id, reports] of [...reportsByPipeline.entries()].sort((a, b) => a[0] - b[0])) {
    const sched = schedulers.find((s) => s.index === id);
    const built = resolved.pipelines.find((p) => p.widgets.some((n) => widgetsByName.get(n)?.index === id));
    const key = pipelineKey(id);
    const own = sim.vregions.filter((v) => v.kind === 'pipeline' && pipelineOfName(v.owner) === id).map((v) => v.id);
    const dp = reports.filter((w) => w.domain === 'DP');
    const regions = [...own, ...dp.flatMap((w) => (w.vregion ? [w.vregion] : []))];
    const declared = sched?.tuples['comp.word']?.heap_bytes_requirement;
    rows.push({
      key,
      kind: 'pipeline',
      name: built ? `${built.name} (pipeline ${id})` : sched?.name ?? `pipeline.${id}`,
      pipelineId: id,
      core: reports[0]?.core ?? 0,
      detail: `${reports.length} widgets, ${dp.length} DP`,
      declaredHeap: typeof declared === 'number' ? declared : undefined,
      inferredHeap: sum(dp.map((w) => w.inferred.heapBytes)),
      lowerBound: dp.some((w) => w.inferred.lowerBound) || undefined,
      declaredStack: sum(dp.map((w) => w.declared.stackBytes)),
      inferredStack: sum(dp.map((w) => w.inferred.stackBytes)),
      pages: regions.reduce((a, r) => a + (vregionPages.get(r) ?? 0), 0),
      vregions: regions,
      findings: 0,
      hasSource: false,
    });
    const range = built?.range ?? sched?.range;
    if (range) rowSources.set(key, range);
    for (const w of reports) rowOfWidget.set(w.name, key);
    if (sched) rowOfWidget.set(sched.name, key);
  }
  for (const w of sim.widgets.filter((x) => x.domain === 'DP')) {
    const key = `w:${w.name}`;
    rows.push({
      key,
      kind: 'dp',
      name: w.name,
      pipelineId: w.pipelineId,
      core: w.core,
      detail: w.type,
      declaredHeap: w.declared.heapBytes,
      inferredHeap: w.inferred.heapBytes,
      lowerBound: w.inferred.lowerBound,
      declaredStack: w.declared.stackBytes,
      inferredStack: w.inferred.stackBytes,
      ownPhases: w.inferred.phases ? phaseSummary(w.inferred.phases) : undefined,
      pages: w.vregion ? vregionPages.get(w.vregion) ?? 0 : 0,
      vregions: w.vregion ? [w.vregion] : [],
      findings: 0,
      hasSource: false,
    });
    const range = widgetsByName.get(w.name)?.range;
    if (range) rowSources.set(key, range);
    rowOfWidget.set(w.name, key);
  }
  const rowByKey = new Map(rows.map((r) => [r.key, r]));
  for (const r of rows) r.hasSource = rowSources.has(r.key);

  const findings = sim.findings.map((f: Finding): MapFinding => {
    const row = (f.widget && rowOfWidget.get(f.widget)) || (f.pipeline && rowOfWidget.get(f.pipeline)) || undefined;
    const out: MapFinding = { code: f.code, severity: f.severity, message: f.message, ...(row ? { row } : {}) };
    if (f.range) out.source = findingSources.push(f.range) - 1;
    // A DP widget's finding also counts for its pipeline.
    const own = row ? rowByKey.get(row) : undefined;
    for (const r of [own, own?.kind === 'dp' ? rowByKey.get(pipelineKey(own.pipelineId)) : undefined]) {
      if (!r) continue;
      r.findings++;
      r.worst = worse(r.worst, f.severity);
    }
    return out;
  });

  const regionOf = new Map<string, number>();
  for (const v of sim.vregions) regionOf.set(v.owner, v.id);
  for (const w of sim.widgets) if (w.vregion) regionOf.set(w.name, w.vregion);
  const events = sim.events.map((e): MapEvent => {
    const ends = e.kind === 'bind' ? e.target.split(' -> ') : [e.target];
    // A bind acts on the DP end's vregion (or the LL source's pipeline vregion).
    const end = ends.find((n) => sim.widgets.find((w) => w.name === n)?.domain === 'DP') ?? ends.find((n) => regionOf.has(n)) ?? ends[0];
    const region = regionOf.get(end);
    const row = rowOfWidget.get(end);
    const out: MapEvent = {
      kind: e.kind, target: e.target, ok: e.ok, log: e.log, usedPages: e.usedPages, liveAllocs: e.liveAllocs, runs: e.runs, regions: e.regions,
      ...(e.cycle !== undefined ? { cycle: e.cycle } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(row ? { row } : {}),
    };
    if (!e.ok && region === undefined) {
      const why = sim.findings.find((f) => f.widget === end || f.pipeline === end);
      if (why) out.failure = why.message;
    }
    return out;
  });

  const data: MapData = {
    context,
    target,
    platform: sim.platform,
    model: sim.model,
    modelDescription: sim.modelDescription,
    cycles: sim.cycles,
    pool: {
      pageSize: sim.pool.pageSize,
      totalPages: sim.pool.totalPages,
      physicalPages: sim.pool.physicalPages,
      baseAddress: sim.pool.baseAddress,
      peakUsedPages: sim.pool.peakUsedPages,
      maxAllocs: sim.pool.maxAllocs,
      peakAllocs: sim.pool.peakAllocs,
      ...(sim.pool.unusable ? { unusable: sim.pool.unusable } : {}),
    },
    vregions: [
      ...sim.vregions.map((v) => {
        const id = pipelineOfName(v.owner);
        const row = rowOfWidget.get(v.owner) ?? (v.kind === 'pipeline' && id !== undefined ? pipelineKey(id) : undefined);
        return { id: v.id, owner: v.owner, kind: v.kind, layout: v.layout, firstPage: v.firstPage, pages: v.pages, bytes: v.bytes, mode: v.mode, ...(row ? { row } : {}) };
      }),
      ...deepBufferRuns(sim).map((v) => ({ ...v, ...(rowOfWidget.get(v.owner) ? { row: rowOfWidget.get(v.owner) } : {}) })),
    ],
    events,
    rows,
    findings,
    estimates: sim.estimates,
    whatIf: whatIfLegend(sim),
  };
  return { data, rowSources, findingSources };
}
