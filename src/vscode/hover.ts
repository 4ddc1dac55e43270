// Hovers: on an object header, the widget (or pipeline) it builds with its memory budget; on an
// attribute value, the effective value and where it came from.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProvenanceKind } from '../core/model';
import { attributesAt, budgetLine, bytes, pipelinesOnLine, widgetInfo, widgetsOnLine, type WidgetInfo } from './lookup';
import type { Session } from './session';

const MAX_ITEMS = 6;

const ORIGIN: Record<ProvenanceKind, string> = {
  instance: 'written on the object',
  'class-default': 'the class default',
  inherited: 'inherited from the parent object',
  'parent-embedded': "set by the parent object's instance",
  'parent-class': "set by the parent's class",
  unique: "the object's id (the class's unique attribute)",
  define: 'a Define variable',
  'cli-define': 'a -D definition of the build target',
};

const where = (file: string, line: number): string => `${path.basename(file)}:${line}`;

function widgetMarkdown(md: vscode.MarkdownString, info: WidgetInfo): void {
  const w = info.widget;
  md.appendMarkdown(`**${w.name}** — class \`${w.className}\`, type \`${w.type}\``);
  md.appendMarkdown(w.pipeline ? `, pipeline \`${w.pipeline}\` (id ${w.index})\n\n` : ` (pipeline id ${w.index})\n\n`);
  const r = info.report;
  if (!r) return;
  md.appendMarkdown(`${budgetLine(info)}\n\n`);
  if (r.domain !== 'DP') return;
  md.appendMarkdown('| | declared | inferred |\n|---|---|---|\n');
  md.appendMarkdown(`| heap | ${bytes(r.declared.heapBytes)} | ${bytes(r.inferred.heapBytes)} |\n`);
  md.appendMarkdown(`| stack | ${bytes(r.declared.stackBytes)} | ${bytes(r.inferred.stackBytes)} |\n`);
  md.appendMarkdown(`| lifetime | | ${bytes(r.inferred.lifetimeBytes)} |\n`);
  md.appendMarkdown(`| interim peak | | ${bytes(r.inferred.interimPeakBytes)} |\n\n`);
  const v = info.vregion;
  if (v) md.appendMarkdown(`vregion #${v.id} (${v.layout}): pages ${v.firstPage}–${v.firstPage + v.pages - 1}, ${bytes(v.bytes)}; lifetime used ${bytes(v.lifetimeUsed)}, interim ${bytes(v.interimPeak)} of ${bytes(v.interimSize)}\n\n`);
  md.appendMarkdown(`_Inferred values are ${r.inferred.basis === 'model' ? 'cost-model' : 'framework-only'} estimates._\n\n`);
}

export class TopologyHoverProvider implements vscode.HoverProvider {
  constructor(private readonly session: Session) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const state = this.session.state;
    const res = state?.resolved?.result;
    if (!state || !res) return undefined;
    const file = doc.uri.fsPath;
    const sim = state.simulated?.simulation;
    const md = new vscode.MarkdownString();
    md.supportHtml = false;

    const widgets = widgetsOnLine(res, file, pos.line + 1);
    for (const w of widgets.slice(0, MAX_ITEMS)) widgetMarkdown(md, widgetInfo(w, sim));
    if (widgets.length > MAX_ITEMS) md.appendMarkdown(`…and ${widgets.length - MAX_ITEMS} more objects built here\n\n`);

    for (const p of pipelinesOnLine(res, file, pos.line + 1)) {
      md.appendMarkdown(`**${p.name}** — pipeline class \`${p.className}\`, id ${p.index}: ${p.widgets.length} widgets\n\n`);
      for (const name of p.widgets) {
        const w = res.widgets.find((x) => x.name === name);
        const line = w && budgetLine(widgetInfo(w, sim));
        if (line) md.appendMarkdown(`- \`${name}\`: ${line}\n`);
      }
      md.appendMarkdown('\n');
    }

    const hits = attributesAt(res, file, { line: pos.line + 1, col: pos.character + 1 });
    for (const h of hits.slice(0, MAX_ITEMS)) {
      const value = h.value === undefined ? 'not in the output' : `\`${String(h.value)}\``;
      md.appendMarkdown(`\`${h.attribute}\` = ${value} on \`${h.widget.name}\` — ${ORIGIN[h.provenance.kind]}`);
      const d = h.provenance.define;
      if (d) md.appendMarkdown(` \`${d.name}\`` + (d.range ? ` (${where(d.range.file, d.range.line)})` : ''));
      if (h.provenance.raw !== undefined && h.provenance.raw !== String(h.value)) md.appendMarkdown(`, written \`${h.provenance.raw}\``);
      md.appendMarkdown('\n\n');
    }
    if (hits.length > MAX_ITEMS) md.appendMarkdown(`…and ${hits.length - MAX_ITEMS} more objects use this value\n`);

    if (!md.value) return undefined;
    md.appendMarkdown(`\n---\n_${state.context.target.name} · ${state.context.platform} · ${state.context.model}_`);
    return new vscode.Hover(md);
  }
}
