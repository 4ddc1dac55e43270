// Hovers: on an object header, the widget (or pipeline) it builds with its memory budget; on an
// attribute, its effective value, where it came from and how its class defines it; on `$VAR`,
// its values; on an include, the file it resolves to.
import * as path from 'node:path';
import type { Hover, Position } from 'vscode-languageserver';
import { copierDmaHover } from '../core/memory/copierHover';
import type { ProvenanceKind } from '../core/model';
import { heapBreakdown, heapBreakdownLines } from '../core/memory/heapBreakdown';
import { modelUsesDeclaredHeap } from '../core/memory/models';
import type { SimulationResult } from '../core/memory/simulate';
import { costHoverLines } from '../core/memory/costModels/breakdown';
import { attributesAt, budgetLine, bytes, pipelinesOnLine, widgetInfo, widgetsOnLine, type WidgetInfo } from './lookup';
import type { Session } from './session';
import { classAttributes, enclosing, objectClass } from './classInfo';
import { lineText, offsetAt, positionAt, type FileEntry, type SyntaxCache } from './syntaxCache';

/** Markdown built piece by piece, as VS Code's MarkdownString was. */
class Markdown {
  value = '';
  appendMarkdown(s: string): void {
    this.value += s;
  }
}

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

function widgetMarkdown(md: Markdown, info: WidgetInfo, sim: SimulationResult | undefined): void {
  const w = info.widget;
  md.appendMarkdown(`**${w.name}** — class \`${w.className}\`, type \`${w.type}\``);
  md.appendMarkdown(w.pipeline ? `, pipeline \`${w.pipeline}\` (id ${w.index})\n\n` : ` (pipeline id ${w.index})\n\n`);
  const r = info.report;
  if (!r) return;
  md.appendMarkdown(`${budgetLine(info)}\n\n`);
  const dma = copierDmaHover(sim, w.name);
  if (dma) md.appendMarkdown(`${dma}\n\n`);
  md.appendMarkdown(`${costHoverLines(r.inferred.basis, r.inferred.phases).join('\n')}\n\n`);
  if (r.domain !== 'DP') return;
  // One reconciled breakdown (core/memory/heapBreakdown.ts): every sum in it adds up.
  if (sim) {
    const b = heapBreakdown(r, info.vregion, { pageSize: sim.pool.pageSize, cycles: sim.cycles, declaredUsed: modelUsesDeclaredHeap(sim.model) });
    md.appendMarkdown(heapBreakdownLines(b).map((l) => `- ${l}`).join('\n') + '\n\n');
  }
  md.appendMarkdown(`| | declared | given |\n|---|---|---|\n| heap | ${bytes(r.declared.heapBytes)} | ${info.vregion ? bytes(info.vregion.pages * (sim?.pool.pageSize ?? 0)) + ' vregion' : '-'} |\n`);
  md.appendMarkdown(`| stack | ${bytes(r.declared.stackBytes)} | ${bytes(r.inferred.stackBytes)} |\n\n`);
  const v = info.vregion;
  if (v && v.firmwareLifetimeUsed !== v.lifetimeUsed) md.appendMarkdown(`vregion #${v.id}: ${lifetimeText(v)}\n\n`);
  md.appendMarkdown(estimateNote(info, r.inferred.basis === 'model', !!r.src));
}

/**
 * Which of the numbers above are estimates and which are checked against the firmware's own
 * code (docs/firmware-harness.md), so nobody takes an estimate for a measurement.
 */
function estimateNote(info: WidgetInfo, costModel: boolean, src: boolean): string {
  const est = (info.estimates ?? []).filter((e) => e.startsWith('framework struct sizes') || e.startsWith('image end'));
  if (!costModel) est.push("this module's own allocations are not modelled: the inferred heap is a lower bound");
  else if (!src) est.push("this module's cost model is held to SOF's host testbench (docs/module-oracle.md), its struct sizes converted to the 32-bit DSP");
  const checked = `the vpage, vregion and sys_heap arithmetic${src ? ' and the SRC buffer and coefficient sizes' : ''}`;
  return `_Estimated: ${est.length ? est.join('; ') : 'nothing'}. Checked against the firmware's own code (npm run firmware-diff): ${checked}._\n\n`;
}

/** The firmware's lifetime.used, with what lifetime objects took next to it when they differ. */
function lifetimeText(v: { lifetimeUsed: number; firmwareLifetimeUsed: number }): string {
  if (v.firmwareLifetimeUsed === v.lifetimeUsed) return `lifetime used ${bytes(v.lifetimeUsed)}`;
  return `lifetime used ${bytes(v.firmwareLifetimeUsed)} (firmware counter, includes the interim heap; lifetime objects ${bytes(v.lifetimeUsed)})`;
}

/** The value a `-D` list gives `name`, if any. */
function cliDefine(defines: string, name: string): string | undefined {
  for (const part of defines.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class TopologyHover {
  constructor(
    private readonly session: Session,
    private readonly cache: SyntaxCache,
  ) {}

  /** `$NAME`: its -D value (which always wins) and its Define entries in the files read. */
  private variable(md: Markdown, e: FileEntry, pos: Position): void {
    const at = offsetAt(e, pos);
    const v = e.syntax.variables.find((x) => x.start <= at && at <= x.end);
    if (!v) return;
    const state = this.session.state;
    md.appendMarkdown(`**$${v.name}**`);
    const cli = state ? cliDefine(state.context.target.defines, v.name) : undefined;
    if (cli !== undefined) md.appendMarkdown(` = \`${cli}\` from -D of \`${state?.context.target.name}\` (a -D definition always wins)`);
    md.appendMarkdown('\n\n');
    const files = state?.resolved?.result.files ?? [e.file];
    const defs: string[] = [];
    for (const f of files) {
      const fe = this.cache.get(f);
      if (!fe) continue;
      for (const d of fe.syntax.defines) {
        if (d.name === v.name) defs.push(`- \`${d.value}\` in Define at ${where(f, positionAt(fe, d.start).line + 1)}`);
      }
    }
    if (defs.length) md.appendMarkdown(`${defs.join('\n')}\n\n` + (defs.length > 1 && cli === undefined ? '_The last definition read wins._\n\n' : ''));
    else if (cli === undefined) md.appendMarkdown('_No Define entry or -D value found in the files this target reads._\n\n');
  }

  /** `<file.conf>` and IncludeByKey file names: the file they resolve to. */
  private include(md: Markdown, e: FileEntry, pos: Position): void {
    const at = offsetAt(e, pos);
    const site = e.syntax.includes.find((x) => x.start <= at && at <= x.end);
    if (!site || site.kind === 'searchdir') return;
    const target = this.cache.resolveInclude(site, e.file, this.session.state?.context.target.input);
    md.appendMarkdown(target ? `includes \`${target}\`\n\n` : `\`${site.path}\` is not found from the topology2 folder or the searchdirs in effect\n\n`);
  }

  /** The attribute named at the start of this line, as its object's class defines it. */
  private attributeDefinition(md: Markdown, e: FileEntry, pos: Position): void {
    const key = /^\s*[!?+-]?([\w-]+)\s/.exec(lineText(e, pos.line))?.[1];
    if (!key) return;
    const obj = objectClass(enclosing(e.syntax.blocks, offsetAt(e, pos)));
    const def = obj && classAttributes(this.cache, this.session, obj.group, obj.cls, e.file).get(key);
    if (!obj || !def) return;
    const facts = [def.tokenRef && `token \`${def.tokenRef}\``, def.type && `type \`${def.type}\``,
      def.validValues.length ? `valid values ${def.validValues.map((v) => `\`${v}\``).join(', ')}` : undefined].filter(Boolean);
    md.appendMarkdown(`\`${key}\`: DefineAttribute of class \`${obj.group}.${obj.cls}\` at ${where(def.file.file, positionAt(def.file, def.block.keyStart).line + 1)}` +
      (facts.length ? ` — ${facts.join(', ')}` : '') + '\n\n');
  }

  hover(file: string, pos: Position): Hover | null {
    const e = this.cache.get(file);
    if (!e) return null;
    const state = this.session.state;
    const res = state?.resolved?.result;
    const md = new Markdown();
    const answer = (): Hover => ({ contents: { kind: 'markdown', value: md.value } });
    this.include(md, e, pos);
    this.variable(md, e, pos);
    if (!state || !res) return md.value ? answer() : null;
    const sim = state.simulated?.simulation;

    const widgets = widgetsOnLine(res, file, pos.line + 1);
    for (const w of widgets.slice(0, MAX_ITEMS)) widgetMarkdown(md, widgetInfo(w, sim), sim);
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
    this.attributeDefinition(md, e, pos);

    if (!md.value) return null;
    md.appendMarkdown(`\n---\n_${state.context.target.name} · ${state.context.platform} · ${state.context.model}_`);
    return answer();
  }
}
