// Inlay hints after attribute values: what a `$VAR` or `$[...]` evaluated to, and, on a DP
// widget's heap and stack requirements, what the simulation says it needs.
import * as vscode from 'vscode';
import { attributeValue, bytes } from './lookup';
import type { Session } from './session';
import { toRange } from './ranges';

export class BudgetInlayHints implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly session: Session) {
    this.sub = session.onDidChange(() => this.changed.fire());
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!vscode.workspace.getConfiguration('sofTopology', doc.uri).get<boolean>('inlayHints', true)) return [];
    const state = this.session.state;
    const res = state?.resolved?.result;
    if (!res) return [];
    const sim = state.simulated?.simulation;
    const file = doc.uri.fsPath;
    // One hint per written value; a value shared by several widgets is hinted only if they agree.
    const byRange = new Map<string, { at: vscode.Position; labels: Set<string> }>();
    for (const w of res.widgets) {
      for (const [attribute, p] of Object.entries(w.provenance)) {
        if (p.range?.file !== file) continue;
        const r = toRange(p.range);
        if (!range.contains(r.end)) continue;
        const parts: string[] = [];
        const value = attributeValue(w, attribute);
        if (p.raw !== undefined && value !== undefined && p.raw !== String(value)) parts.push(`= ${value}`);
        const report = sim?.widgets.find((x) => x.name === w.name);
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
    const hints: vscode.InlayHint[] = [];
    for (const { at, labels } of byRange.values()) {
      if (labels.size !== 1) continue;
      const hint = new vscode.InlayHint(at, ` ${[...labels][0]}`, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
