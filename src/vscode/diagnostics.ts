// Problems-panel entries from resolution (parse/evaluation) and from the memory simulation, on
// the exact range that causes them, with related locations. Also remembers which of them have
// an obvious fix (a value to write) for the quick-fix provider.
import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic, Finding, RelatedInfo, Severity } from '../core/model';
import * as path from 'node:path';
import { collapseMissingDefines, NEEDS_TARGET_CODE } from '../core/targets/missingDefines';
import { applyRules } from '../core/report/ruleConfig';
import { workspaceRuleConfig } from './buildContext';
import type { AnalysisState } from './session';
import { toLocation, toRange } from './ranges';

export const SOURCE = 'tplg-budget';

export interface ValueFix {
  uri: string;
  /** The diagnostic's range, to match the action to it. */
  range: vscode.Range;
  code: string;
  title: string;
  /** What to replace, and with what; or a command to run instead. */
  edit?: { uri: vscode.Uri; range: vscode.Range; newText: string };
  command?: vscode.Command;
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class DiagnosticsView implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('sof-topology');
  /** Fixes of the diagnostics currently shown. */
  fixes: ValueFix[] = [];

  show(state: AnalysisState | undefined): void {
    this.collection.clear();
    this.fixes = [];
    if (!state) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const add = (file: string, d: vscode.Diagnostic): void => {
      const list = byFile.get(file) ?? [];
      list.push(d);
      byFile.set(file, list);
    };
    const openOnly = vscode.workspace.getConfiguration('sofTopology').get<string>('diagnostics.scope', 'target') === 'openFiles';
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.fsPath));
    const input = state.context.target.input;

    const result = state.resolved?.result;
    // A top-level file no target uses, failing only for want of defines: one "choose a target" note.
    const rules = workspaceRuleConfig();
    const shown = applyRules(result && state.context.reason === 'as-written' ? collapseMissingDefines(result, input, path.basename(input)) : (result?.diagnostics ?? []), rules);
    const needsTarget = shown.some((d) => d.code === NEEDS_TARGET_CODE);
    for (const d of shown) {
      const diag = this.convert(d);
      add(d.range?.file ?? input, diag);
      for (const f of d.fixes ?? []) {
        const uri = vscode.Uri.file(f.range.file);
        this.fixes.push({ uri: vscode.Uri.file(d.range?.file ?? input).toString(), range: diag.range, code: d.code, title: f.title, edit: { uri, range: toRange(f.range), newText: f.newText } });
      }
    }
    const widgets = new Map((state.resolved?.result.widgets ?? []).map((w) => [w.name, w]));
    for (const f of applyRules(state.simulated?.simulation?.findings ?? [], rules)) {
      const diag = this.convert(f);
      add(f.range?.file ?? input, diag);
      // Only a value written on the object itself is safe to rewrite: a class default or an
      // inherited value would change every other object that shares it.
      const w = f.widget ? widgets.get(f.widget) : undefined;
      if (f.suggested !== undefined && f.attribute && f.range && w?.provenance[f.attribute]?.kind === 'instance') {
        const uri = vscode.Uri.file(f.range.file);
        this.fixes.push({ uri: uri.toString(), range: diag.range, code: f.code, title: `Set ${f.attribute} to ${String(f.suggested)}`, edit: { uri, range: diag.range, newText: String(f.suggested) } });
      }
      // Under a model that ignores the value: the value the topology-sized design needs, and that design.
      const next = f.nextStep;
      if (next && f.range) {
        const uri = vscode.Uri.file(f.range.file);
        if (next.suggested !== undefined && f.attribute && w?.provenance[f.attribute]?.kind === 'instance') {
          this.fixes.push({ uri: uri.toString(), range: diag.range, code: f.code, title: `Set ${f.attribute} to ${next.suggested} (what ${next.model} firmware needs)`, edit: { uri, range: diag.range, newText: String(next.suggested) } });
        }
        this.fixes.push({ uri: uri.toString(), range: diag.range, code: f.code, title: `Analyse under the ${next.model} firmware model`, command: { command: 'sofTopology.selectModel', title: `Analyse under ${next.model}`, arguments: [next.model] } });
      }
    }
    if (state.simulated?.problem && !needsTarget) {
      add(input, this.make('info', 'SIM', `Memory simulation skipped: ${state.simulated.problem}`));
    }
    if (state.error) add(input, this.make('error', 'TPLG999', `tplg-budget analysis failed: ${state.error}`));

    for (const [file, list] of byFile) {
      if (openOnly && file !== input && !open.has(file)) continue;
      this.collection.set(vscode.Uri.file(file), list);
    }
  }

  private convert(d: CoreDiagnostic | Finding): vscode.Diagnostic {
    const diag = this.make(d.severity, d.code, d.message, d.range ? toRange(d.range) : undefined);
    const related: RelatedInfo[] = d.related ?? [];
    if (related.length) diag.relatedInformation = related.map((r) => new vscode.DiagnosticRelatedInformation(toLocation(r.range), r.message));
    return diag;
  }

  private make(severity: Severity, code: string, message: string, range?: vscode.Range): vscode.Diagnostic {
    const d = new vscode.Diagnostic(range ?? new vscode.Range(0, 0, 0, 0), message, SEVERITY[severity]);
    d.source = SOURCE;
    d.code = code;
    return d;
  }

  dispose(): void {
    this.collection.dispose();
  }
}

/** Offers the fixes that findings (a value to write) and engine diagnostics (a word to change) carry. */
export class ValueFixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly view: DiagnosticsView) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const uri = doc.uri.toString();
    const out: vscode.CodeAction[] = [];
    for (const fix of this.view.fixes) {
      if (fix.uri !== uri || !fix.range.intersection(range)) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      if (fix.edit) {
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(fix.edit.uri, fix.edit.range, fix.edit.newText);
      }
      if (fix.command) action.command = fix.command;
      action.diagnostics = ctx.diagnostics.filter((d) => d.code === fix.code && d.range.isEqual(fix.range));
      action.isPreferred = !!fix.edit;
      out.push(action);
    }
    for (const d of ctx.diagnostics) {
      if (d.source !== SOURCE || d.code !== NEEDS_TARGET_CODE) continue;
      const action = new vscode.CodeAction('Select Build Target', vscode.CodeActionKind.QuickFix);
      action.command = { command: 'sofTopology.selectTarget', title: 'Select Build Target' };
      action.diagnostics = [d];
      action.isPreferred = true;
      out.push(action);
    }
    return out;
  }
}
