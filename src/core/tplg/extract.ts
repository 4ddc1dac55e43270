// From the `-P` output tree to the widget/route/PCM records the memory model and the editor use.
// The widget shape is the one `tools/extract_widgets.py` gives for a golden file.
import { ConfNode } from '../conf/node';
import type { Provenance, ResolvedPcm, ResolvedRoute, ResolvedWidget, SourceRange, TupleSet, TupleValue } from '../model';
import { plainRange } from '../conf/files';
import type { ObjectMeta } from './context';

export function scalarValue(n: ConfNode): TupleValue | undefined {
  switch (n.type) {
    case 'integer':
    case 'real':
      return n.value as number;
    case 'integer64':
      return Number(n.value as bigint);
    case 'string':
      return n.value as string;
  }
  return undefined;
}

function tupleSet(n: ConfNode): TupleSet {
  const out: TupleSet = {};
  for (const k of n.kids) {
    const v = scalarValue(k);
    if (v !== undefined) out[k.id] = v;
  }
  return out;
}

export function extractWidgets(output: ConfNode, meta?: Map<string, ObjectMeta>): ResolvedWidget[] {
  const widgets = output.child('SectionWidget');
  const tuples = output.child('SectionVendorTuples');
  const result: ResolvedWidget[] = [];
  for (const w of widgets?.kids ?? []) {
    const m = meta?.get(`Widget:${w.id}`);
    const rec: ResolvedWidget = {
      name: w.id,
      type: String(scalarValue(w.child('type') ?? ConfNode.string('', '')) ?? ''),
      index: Number(scalarValue(w.child('index') ?? ConfNode.integer('', 0)) ?? 0),
      className: m?.className ?? '',
      tuples: {},
      formats: {},
      pins: {},
      provenance: m ? plainProvenance(m.provenance) : {},
    };
    const sn = w.child('stream_name');
    if (sn) rec.stream_name = String(scalarValue(sn));
    const np = w.child('no_pm');
    if (np) rec.no_pm = String(scalarValue(np));
    if (m?.pipeline) rec.pipeline = m.pipeline;
    if (m?.range) rec.range = plainRange(m.range);
    const formats: Record<string, Map<number, TupleSet>> = {};
    for (const ref of w.child('data')?.kids ?? []) {
      if (ref.type !== 'string') continue;
      const vt = tuples?.child(ref.value as string);
      if (!vt) continue;
      const tok = String(scalarValue(vt.child('tokens') ?? ConfNode.string('', '')));
      for (const kind of vt.child('tuples')?.kids ?? []) {
        const dot = kind.id.indexOf('.');
        if (dot < 0) {
          rec.tuples[`${tok}.${kind.id}`] = { ...rec.tuples[`${tok}.${kind.id}`], ...tupleSet(kind) };
          continue;
        }
        const child = kind.id.slice(dot + 1);
        const cut = child.lastIndexOf('.');
        const cls = cut < 0 ? '' : child.slice(0, cut);
        const inst = cut < 0 ? child : child.slice(cut + 1);
        if (cls.endsWith('audio_format')) (formats[cls] ??= new Map()).set(Number(inst), tupleSet(kind));
        else ((rec.pins[cls] ??= {})[inst] = tupleSet(kind));
      }
    }
    for (const [cls, byInst] of Object.entries(formats)) {
      (rec.formats as Record<string, TupleSet[]>)[cls] = [...byInst.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    }
    const blobs = widgetBlobs(output, w);
    if (blobs.length) rec.blobs = blobs;
    result.push(rec);
  }
  return result;
}

/** The `bytes` controls of a widget and the SectionData bytes they point at, in order. */
function widgetBlobs(output: ConfNode, w: ConfNode): Array<{ control: string; bytes: number[] }> {
  const out: Array<{ control: string; bytes: number[] }> = [];
  for (const ref of w.child('bytes')?.kids ?? []) {
    if (ref.type !== 'string') continue;
    const control = ref.value as string;
    const ctl = output.child('SectionControlBytes')?.child(control);
    const dataRef = ctl?.child('data')?.kids[0];
    const data = dataRef && dataRef.type === 'string' ? output.child('SectionData')?.child(dataRef.value as string) : undefined;
    const text = data?.child('bytes');
    if (!text || text.type !== 'string') continue;
    const bytes = (text.value as string).split(',').map((b) => Number.parseInt(b.trim(), 16)).filter((b) => Number.isFinite(b));
    out.push({ control, bytes });
  }
  return out;
}

export function extractRoutes(output: ConfNode, ranges?: Map<string, unknown>): ResolvedRoute[] {
  const out: ResolvedRoute[] = [];
  for (const r of output.child('SectionGraph')?.kids ?? []) {
    const line = r.child('lines')?.kids[0];
    const text = line && line.type === 'string' ? (line.value as string) : '';
    const a = text.indexOf(', ');
    const b = text.lastIndexOf(', ');
    const route: ResolvedRoute = {
      key: r.id,
      index: Number(scalarValue(r.child('index') ?? ConfNode.integer('', 0))),
      sink: a < 0 ? text : text.slice(0, a),
      control: a < 0 || b <= a ? '' : text.slice(a + 2, b),
      source: b < 0 ? '' : text.slice(b + 2),
    };
    const range = ranges?.get(r.id);
    if (range) route.range = plainRange(range as SourceRange);
    out.push(route);
  }
  return out;
}

export function extractPcms(output: ConfNode, meta?: Map<string, ObjectMeta>): ResolvedPcm[] {
  return (output.child('SectionPCM')?.kids ?? []).map((p) => {
    const id = p.child('id');
    const rec: ResolvedPcm = { name: p.id };
    if (id && id.type === 'integer') rec.id = id.value as number;
    const m = meta?.get(`PCM:${p.id}`);
    if (m?.range) rec.range = plainRange(m.range);
    return rec;
  });
}

/** Results cross threads: ranges become plain objects (engine ranges are lazy). */
function plainProvenance(p: Record<string, Provenance>): Record<string, Provenance> {
  const out: Record<string, Provenance> = {};
  for (const [k, v] of Object.entries(p)) {
    const q: Provenance = { kind: v.kind };
    if (v.range) q.range = plainRange(v.range);
    if (v.raw !== undefined) q.raw = v.raw;
    if (v.define) q.define = v.define.range ? { name: v.define.name, range: plainRange(v.define.range) } : { name: v.define.name };
    out[k] = q;
  }
  return out;
}
