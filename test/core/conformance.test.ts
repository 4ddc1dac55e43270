// Conformance against the reference compiler: every corpus target is evaluated and compared with
// alsatplg's `-P` output, as widget/tuple/format records, as graph routes and PCM names, and as text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ConfNode } from '../../src/core/conf/node';
import { FileStore } from '../../src/core/conf/files';
import { loadConfig } from '../../src/core/conf/parser';
import { saveConfig } from '../../src/core/conf/save';
import { resolveWithOutput } from '../../src/core/resolve';
import { extractPcms, extractRoutes, extractWidgets } from '../../src/core/tplg/extract';
import type { ResolvedWidget, TupleSet } from '../../src/core/model';
import { goldenText, hasShared, SKIP_NO_SHARED, targetOptions, targets } from '../support/corpus';

/** The nhlt plugin rewrites only this value; the spec says to ignore it. */
function maskAbiBytes(text: string): string {
  return text.replace(/(SectionData \{\n\t'SOF ABI' \{\n\t\tbytes )[^\n]*/, '$1<masked>');
}

function parseGolden(store: FileStore, name: string, text: string): ConfNode {
  const root = ConfNode.compound('');
  loadConfig(root, [store.fromText(`<golden ${name}>`, text)], { configDir: '/' }, { store, diagnostics: [], files: [] });
  return root;
}

/** Records as compared: formats truncated to num_*_audio_formats, ordering ignored. */
function comparable(widgets: ResolvedWidget[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of widgets) {
    const word = w.tuples['comp.word'] ?? {};
    const trunc = (list: TupleSet[] | undefined, n: unknown) => (list ?? []).slice(0, typeof n === 'number' ? n : undefined);
    const sortKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
    const rec = {
      name: w.name,
      type: w.type,
      index: w.index,
      tuples: sortKeys(Object.fromEntries(Object.entries(w.tuples).map(([k, v]) => [k, sortKeys(v)]))),
      in: trunc(w.formats.input_audio_format, word.num_input_audio_formats).map(sortKeys),
      out: trunc(w.formats.output_audio_format, word.num_output_audio_formats).map(sortKeys),
    };
    out.set(w.name, JSON.stringify(rec));
  }
  return out;
}

test('every corpus target matches the reference compiler', (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const store = new FileStore();
  const all = targets();
  let widgetExact = 0;
  let textExact = 0;
  let graphExact = 0;
  const failures: string[] = [];
  for (const target of all) {
    const { result, output } = resolveWithOutput(targetOptions(target, store));
    const golden = goldenText(target.output);
    const goldTree = parseGolden(store, target.output, golden);
    const ours = comparable(result.widgets);
    const theirs = comparable(extractWidgets(goldTree));
    const sameWidgets = ours.size === theirs.size && [...theirs].every(([k, v]) => ours.get(k) === v);
    const sameGraph =
      JSON.stringify(extractRoutes(goldTree).map((r) => [r.key, r.index, r.sink, r.control, r.source])) ===
        JSON.stringify(result.routes.map((r) => [r.key, r.index, r.sink, r.control, r.source])) &&
      JSON.stringify(extractPcms(goldTree).map((p) => p.name)) === JSON.stringify(result.pcms.map((p) => p.name));
    const sameText = !!output && maskAbiBytes(saveConfig(output)) === maskAbiBytes(golden);
    if (sameWidgets) widgetExact++;
    if (sameGraph) graphExact++;
    if (sameText) textExact++;
    if (!sameWidgets || !sameGraph || result.failed) {
      const firstDiff = [...theirs].find(([k, v]) => ours.get(k) !== v)?.[0] ?? [...ours.keys()].find((k) => !theirs.has(k));
      failures.push(`${target.output}: widgets ${sameWidgets ? 'ok' : `differ (first: ${firstDiff})`}, graph ${sameGraph ? 'ok' : 'differs'}, failed=${result.failed}`);
    }
  }
  console.log(`conformance: ${widgetExact}/${all.length} targets exact (widgets, tuples, formats); ${graphExact}/${all.length} routes and PCM names; ${textExact}/${all.length} byte-identical -P output (SOF ABI bytes masked)`);
  for (const f of failures.slice(0, 20)) console.log(`  ${f}`);
  assert.equal(widgetExact, all.length, failures.slice(0, 5).join('\n'));
  assert.equal(graphExact, all.length);
});
