// Diagnostics from resolution (parse/evaluation) and from the memory simulation, on the exact
// range that causes them, with related locations and a link to the page that explains the code.
// Also remembers which of them have an obvious fix (a value to write) for the code actions.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Command, type Diagnostic, type Range } from 'vscode-languageserver';
import type { Diagnostic as CoreDiagnostic, Finding, Severity } from '../core/model';
import { applyRules, type RuleConfig } from '../core/report/ruleConfig';
import { collapseMissingDefines, NEEDS_TARGET_CODE } from '../core/targets/missingDefines';
import { pathToUri } from './documents';
import type { AnalysisState } from './ext';
import { intersects, sameRange, toLocation, toRange } from './ranges';

export const SOURCE = 'tplg-budget';

interface ValueFix {
  /** The diagnostic's range, to match the action to it. */
  range: Range;
  code: string;
  title: string;
  /** What to replace, and with what; or a client command to run instead. */
  edit?: { uri: string; range: Range; newText: string };
  command?: Command;
}

/**
 * Client commands the quick fixes name: the VS Code extension registers them (other clients
 * show the title and have no such command, so they get only the fixes that edit text).
 */
export const SELECT_TARGET_COMMAND = 'sofTopology.selectTarget';
export const SELECT_MODEL_COMMAND = 'sofTopology.selectModel';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * The page that explains a code (docs/diagnostics.md for TPLG codes, docs/findings.md for the
 * simulator's), as a file: URI when the docs sit beside the server; none otherwise.
 */
function docsFor(): (code: string) => string | undefined {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const page = (name: string): string | undefined => {
    const file = path.join(dir, 'docs', name);
    return fs.existsSync(file) ? pathToFileURL(file).href : undefined;
  };
  const tplg = page('diagnostics.md');
  const findings = page('findings.md');
  return (code) => (code.startsWith('TPLG') ? tplg : findings);
}

export class DiagnosticsView {
  private readonly docs = docsFor();
  /** URIs that got diagnostics last time, so they can be cleared. */
  private shown = new Set<string>();
  /** Fixes of the diagnostics currently shown, by document URI. */
  private fixes = new Map<string, ValueFix[]>();

  /** What to publish for `state`; `open` answers whether a file is open in the client. */
  compute(state: AnalysisState | undefined, openOnly: boolean, open: (file: string) => boolean, rules?: RuleConfig): Map<string, Diagnostic[]> {
    const byFile = new Map<string, Diagnostic[]>();
    const fixes = new Map<string, ValueFix[]>();
    const add = (file: string, d: Diagnostic): void => {
      const list = byFile.get(file) ?? [];
      list.push(d);
      byFile.set(file, list);
    };
    const addFix = (file: string, fix: ValueFix): void => {
      const uri = pathToUri(file);
      fixes.set(uri, [...(fixes.get(uri) ?? []), fix]);
    };
    if (state) {
      const input = state.context.target.input;
      const result = state.resolved?.result;
      // A top-level file no target uses, failing only for want of defines: one "choose a target" note.
      const shown = applyRules(result && state.context.reason === 'as-written' ? collapseMissingDefines(result, input, path.basename(input)) : (result?.diagnostics ?? []), rules);
      const needsTarget = shown.some((d) => d.code === NEEDS_TARGET_CODE);
      for (const d of shown) {
        const diag = this.convert(d);
        const file = d.range?.file ?? input;
        add(file, diag);
        for (const f of d.fixes ?? []) {
          addFix(file, { range: diag.range, code: d.code, title: f.title, edit: { uri: pathToUri(f.range.file), range: toRange(f.range), newText: f.newText } });
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
          addFix(f.range.file, { range: diag.range, code: f.code, title: `Set ${f.attribute} to ${String(f.suggested)}`, edit: { uri: pathToUri(f.range.file), range: diag.range, newText: String(f.suggested) } });
        }
        // Under a model that ignores the value: the value the topology-sized design needs, and that design.
        const next = f.nextStep;
        if (next && f.range) {
          const uri = pathToUri(f.range.file);
          if (next.suggested !== undefined && f.attribute && w?.provenance[f.attribute]?.kind === 'instance') {
            addFix(f.range.file, { range: diag.range, code: f.code, title: `Set ${f.attribute} to ${next.suggested} (what ${next.model} firmware needs)`, edit: { uri, range: diag.range, newText: String(next.suggested) } });
          }
          addFix(f.range.file, { range: diag.range, code: f.code, title: `Analyse under the ${next.model} firmware model`, command: { command: SELECT_MODEL_COMMAND, title: `Analyse under ${next.model}`, arguments: [next.model] } });
        }
      }
      if (state.simulated?.problem && !needsTarget) add(input, this.make('info', 'SIM', `Memory simulation skipped: ${state.simulated.problem}`));
      if (state.error) add(input, this.make('error', 'TPLG999', `tplg-budget analysis failed: ${state.error}`));
      if (openOnly) for (const file of [...byFile.keys()]) if (file !== input && !open(file)) byFile.delete(file);
    }
    const byUri = new Map<string, Diagnostic[]>();
    for (const [file, list] of byFile) byUri.set(pathToUri(file), list);
    for (const uri of this.shown) if (!byUri.has(uri)) byUri.set(uri, []);
    this.shown = new Set([...byUri].filter(([, l]) => l.length).map(([u]) => u));
    this.fixes = fixes;
    return byUri;
  }

  /** Quick fixes for diagnostics in `range` of `uri`. */
  actions(uri: string, range: Range, diagnostics: Diagnostic[]): CodeAction[] {
    const out: CodeAction[] = [];
    const list = Array.isArray(diagnostics) ? diagnostics : [];
    for (const fix of this.fixes.get(uri) ?? []) {
      if (!intersects(fix.range, range)) continue;
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: !!fix.edit,
        diagnostics: list.filter((d) => codeOf(d) === fix.code && d.range && sameRange(d.range, fix.range)),
        ...(fix.edit ? { edit: { changes: { [fix.edit.uri]: [{ range: fix.edit.range, newText: fix.edit.newText }] } } } : {}),
        ...(fix.command ? { command: fix.command } : {}),
      });
    }
    for (const d of list) {
      if (d?.source !== SOURCE || codeOf(d) !== NEEDS_TARGET_CODE) continue;
      out.push({ title: 'Select Build Target', kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: [d], command: { command: SELECT_TARGET_COMMAND, title: 'Select Build Target' } });
    }
    return out;
  }

  private convert(d: CoreDiagnostic | Finding): Diagnostic {
    const diag = this.make(d.severity, d.code, d.message, d.range ? toRange(d.range) : undefined);
    if (d.related?.length) diag.relatedInformation = d.related.map((r) => ({ location: toLocation(r.range), message: r.message }));
    return diag;
  }

  private make(severity: Severity, code: string, message: string, range?: Range): Diagnostic {
    const href = this.docs(code);
    return {
      range: range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      message,
      severity: SEVERITY[severity],
      source: SOURCE,
      code,
      ...(href ? { codeDescription: { href } } : {}),
    };
  }
}

const codeOf = (d: Diagnostic): string | undefined => (d && (typeof d.code === 'string' || typeof d.code === 'number') ? String(d.code) : undefined);
