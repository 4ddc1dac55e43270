// The first hour with no settings at all: a top-level file opens under its first build target in
// CMake order, marked automatic; a file no target uses, failing only for want of defines, gets one
// information diagnostic whose quick fix is Select Build Target; and none of SOF's top-level files
// shows an error that the reference compiler would not give for its target.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readBuildTargets, targetListsUnder } from '../../src/core/targets/buildTargets';
import { api, codeOf, LANGUAGE_ID, openAs, waitForDiagnostics } from './editor';
import { corpusDir, corpusFile, screenshot } from './env';
import { test } from './runner';

const FIVE = ['cavs-nocodec.conf', 'cavs-sdw.conf', 'cavs-rt5682.conf', 'sof-hda-generic.conf', 'cavs-mixin-mixout-hda.conf'];

const ours = (d: vscode.Diagnostic): boolean => d.source === 'tplg-budget';
const count = (sev: vscode.DiagnosticSeverity): number =>
  vscode.languages.getDiagnostics().reduce((n, [, list]) => n + list.filter((d) => ours(d) && d.severity === sev).length, 0);

async function openAndSettle(file: string): Promise<vscode.TextDocument> {
  const doc = await openAs(file, LANGUAGE_ID);
  await vscode.window.showTextDocument(doc, { preview: false });
  const a = await api();
  await a.whenIdle();
  return doc;
}

test('a top-level file opens under its first build target in CMake order, picked automatically', async () => {
  const file = corpusFile('cavs-sdw.conf');
  await openAndSettle(file);
  const first = readBuildTargets(targetListsUnder(corpusDir)).targets.find((t) => t.input === file);
  const s = (await api()).state();
  assert.equal(s?.context.target.name, first?.name);
  assert.equal(s?.context.reason, 'input');
  assert.equal(s?.context.target.defines, first?.defines);
  assert.equal(s?.resolved?.result.failed, false);
  await screenshot('auto-picked-target');
  return `${path.basename(file)} -> ${first?.name}`;
}, 60_000);

test('a top-level file no target uses shows one "choose a build target" information diagnostic, fixed by Select Build Target', async () => {
  const file = corpusFile('cavs-mixin-mixout-hda.conf');
  const doc = await openAndSettle(file);
  const ds = await waitForDiagnostics(doc.uri, (list) => list.some((d) => ours(d) && codeOf(d) === 'TPLG190'), 30_000);
  const mine = ds.filter(ours);
  assert.equal(mine.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, 0, mine.map((d) => d.message).join('\n'));
  const info = mine.filter((d) => codeOf(d) === 'TPLG190');
  assert.equal(info.length, 1);
  assert.equal(info[0].severity, vscode.DiagnosticSeverity.Information);
  assert.match(info[0].message, /DEEPBUFFER_FW_DMA_MS.*Select Build Target/);
  assert.equal((await api()).state()?.context.reason, 'as-written');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, info[0].range);
  const select = actions.find((x) => x.title === 'Select Build Target');
  assert.equal(select?.command?.command, 'sofTopology.selectTarget');
}, 60_000);

test('the five top-level files of the corpus: auto-picked targets, no error the reference compiler would not give', async () => {
  const rows: string[] = [];
  for (const name of FIVE) {
    const file = corpusFile(name);
    await openAndSettle(file);
    const s = (await api()).state();
    const errors = count(vscode.DiagnosticSeverity.Error);
    const row = `${name}: ${s?.context.target.name} (${s?.context.reason}): ${errors} errors, ${count(vscode.DiagnosticSeverity.Warning)} warnings, ${count(vscode.DiagnosticSeverity.Information)} infos`;
    rows.push(row);
    // Memory findings are whatever the model says; no topology error on a target SOF builds.
    const topologyErrors = vscode.languages
      .getDiagnostics()
      .flatMap(([, list]) => list.filter((d) => ours(d) && d.severity === vscode.DiagnosticSeverity.Error && !String(d.code).startsWith('MEM')));
    assert.deepEqual(topologyErrors.map((d) => `${d.code}: ${d.message}`), [], row);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }
  return rows.join('; ');
}, 180_000);
