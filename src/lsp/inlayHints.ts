// Inlay hints after attribute values: what a `$VAR` or `$[...]` evaluated to, and, on a DP
// widget's heap and stack requirements, what the simulation says it needs.
import { InlayHintKind, type InlayHint, type Position, type Range } from 'vscode-languageserver';
import { attributeValue, bytes } from './lookup';
import { containsPosition, toRange } from './ranges';
import type { Session } from './session';

export function budgetInlayHints(session: Session, file: string, range: Range): InlayHint[] {
  const state = session.state;
  const res = state?.resolved?.result;
  if (!res) return [];
  const sim = state.simulated?.simulation;
  // One hint per written value; a value shared by several widgets is hinted only if they agree.
  const byRange = new Map<string, { at: Position; labels: Set<string> }>();
  for (const w of res.widgets) {
    const report = sim?.widgets.find((x) => x.name === w.name);
    for (const [attribute, p] of Object.entries(w.provenance)) {
      if (p.range?.file !== file) continue;
      const r = toRange(p.range);
      if (!containsPosition(range, r.end)) continue;
      const parts: string[] = [];
      const value = attributeValue(w, attribute);
      if (p.raw !== undefined && value !== undefined && p.raw !== String(value)) parts.push(`= ${value}`);
      if (report?.domain === 'DP' && attribute === 'heap_bytes_requirement' && report.inferred.heapBytes !== undefined) {
        parts.push(`needs ~${bytes(report.inferred.heapBytes)}`);
      }
      if (report?.domain === 'DP' && attribute === 'stack_bytes_requirement' && report.inferred.stackBytes !== undefined) {
        parts.push(`gets ${bytes(report.inferred.stackBytes)}`);
      }
      if (!parts.length) continue;
      const key = `${r.end.line}:${r.end.character}`;
      const entry = byRange.get(key) ?? { at: r.end, labels: new Set<string>() };
      entry.labels.add(parts.join(' · '));
      byRange.set(key, entry);
    }
  }
  const hints: InlayHint[] = [];
  for (const { at, labels } of byRange.values()) {
    if (labels.size === 1) hints.push({ position: at, label: ` ${[...labels][0]}`, kind: InlayHintKind.Type, paddingLeft: true });
  }
  return hints;
}
