// Outline, include links, go-to-definition and `$VAR` hovers on the corpus, through the real
// VS Code provider commands.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, LANGUAGE_ID, openAs } from './editor';
import { corpusDir, corpusFile } from './env';
import { test } from './runner';

async function nocodec(): Promise<vscode.TextDocument> {
  const doc = await openAs(corpusFile('cavs-nocodec.conf'), LANGUAGE_ID);
  await vscode.window.showTextDocument(doc, { preview: false });
  await (await api()).whenIdle();
  return doc;
}

/** Position inside the first occurrence of `needle` on a line matching `line`. */
function find(doc: vscode.TextDocument, line: RegExp, needle: string, into = 1): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (line.test(text) && text.includes(needle)) return new vscode.Position(i, text.indexOf(needle) + into);
  }
  throw new Error(`no line matching ${line} with ${needle}`);
}

test('outline: Define entries and pipeline objects', async () => {
  const doc = await nocodec();
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
  const define = symbols.find((s) => s.name === 'Define');
  assert.ok(define, `top-level symbols: ${symbols.map((s) => s.name).join(', ')}`);
  assert.ok(define.children.some((c) => c.name === 'MCLK' && c.detail === '24576000'));
  const all: string[] = [];
  const walk = (ss: vscode.DocumentSymbol[]): void => ss.forEach((s) => (all.push(s.name), walk(s.children)));
  walk(symbols);
  assert.ok(all.includes('Object.Pipeline.host-copier-gain-src-mixin-playback'));
  assert.ok(all.includes('Object.Widget.src.1'));
  return `${all.length} symbols`;
});

test('include directives link to the files they name', async () => {
  const doc = await nocodec();
  const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
  const tokens = links.find((l) => l.target?.fsPath === path.join(corpusDir, 'include', 'common', 'tokens.conf'));
  assert.ok(tokens, `links: ${links.slice(0, 5).map((l) => l.target?.fsPath).join(', ')}`);
  assert.equal(doc.getText(tokens.range), '<tokens.conf>');
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, tokens.range.start.translate(0, 2));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.ok(text.includes(`includes \`${tokens.target?.fsPath}\``), text);
  return `${links.length} links`;
});

test('go to definition: class of an object, Define of a variable', async () => {
  const doc = await nocodec();
  const cls = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri,
    find(doc, /^\s*Object\.Widget\.src\.1 \{/, 'src'));
  assert.ok(cls.some((l) => l.uri.fsPath === path.join(corpusDir, 'include', 'components', 'src.conf') && l.range.start.line === 14),
    `class locations: ${cls.map((l) => `${l.uri.fsPath}:${l.range.start.line + 1}`).join(', ')}`);
  const def = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeDefinitionProvider', doc.uri,
    find(doc, /core_id \$DP_SRC_CORE_ID/, '$DP_SRC_CORE_ID', 3));
  assert.ok(def.some((l) => l.uri.fsPath === doc.uri.fsPath && doc.lineAt(l.range.start.line).text.includes('DP_SRC_CORE_ID')),
    `define locations: ${def.map((l) => `${l.uri.fsPath}:${l.range.start.line + 1}`).join(', ')}`);
});

test('hover on $VAR shows its -D value and Define entry', async () => {
  const doc = await nocodec();
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri,
    find(doc, /scheduler_domain "\$SRC_DOMAIN"/, '$SRC_DOMAIN', 3));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /\*\*\$SRC_DOMAIN\*\* = `DP` from -D/);
  assert.match(text, /`"?default"?` in Define at cavs-nocodec\.conf:99/);
});

test('completion: class attributes in an object, valid values after a name', async () => {
  const doc = await nocodec();
  const line = find(doc, /scheduler_domain "\$SRC_DOMAIN"/, 'scheduler_domain', 0);
  const names = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, line);
  const labels = names.items.filter((i) => i.kind === vscode.CompletionItemKind.Property).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  // rate_out is the src class's own; scheduler_domain comes from widget-common.conf, which it includes.
  assert.ok(labels.includes('rate_out') && labels.includes('scheduler_domain'), `attributes: ${labels.join(', ')}`);
  const quote = doc.lineAt(line.line).text.indexOf('"') + 1;
  const values = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(line.line, quote));
  const enumLabels = values.items.filter((i) => i.kind === vscode.CompletionItemKind.EnumMember).map((i) => i.label);
  assert.deepEqual([...enumLabels].sort(), ['DP', 'LL', 'default']);
  return `${labels.length} attributes`;
});

test('references: objects of a class, uses of a variable; workspace symbols', async () => {
  const doc = await nocodec();
  const objs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri,
    find(doc, /^\s*Object\.Widget\.src\.1 \{/, 'src'));
  const files = new Set(objs.map((l) => path.basename(l.uri.fsPath)));
  assert.ok(files.has('cavs-nocodec.conf') && objs.length >= 2, `src objects in: ${[...files].join(', ')}`);
  const uses = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri,
    find(doc, /core_id \$DP_SRC_CORE_ID/, '$DP_SRC_CORE_ID', 3));
  assert.ok(uses.length >= 2, `uses: ${uses.length}`);
  const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'Class.Widget.src');
  assert.ok(symbols.some((s) => s.location.uri.fsPath === path.join(corpusDir, 'include', 'components', 'src.conf')),
    `symbols: ${symbols.slice(0, 5).map((s) => s.name).join(', ')}`);
  return `${objs.length} src objects, ${uses.length} uses of $DP_SRC_CORE_ID`;
});

test('rename: a Define variable in its Define entry, every $ use and IncludeByKey key; bad names refused', async () => {
  const doc = await nocodec();
  const at = find(doc, /core_id \$DP_SRC_CORE_ID/, '$DP_SRC_CORE_ID', 3);
  const range = await vscode.commands.executeCommand<vscode.Range | { range: vscode.Range }>('vscode.prepareRename', doc.uri, at);
  const r = 'range' in range ? range.range : range;
  assert.equal(doc.getText(r), 'DP_SRC_CORE_ID', 'the name without the $');
  // The edit is only computed, never applied: the corpus stays as it is.
  const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, at, 'DP_SRC_CORE');
  const texts: string[] = [];
  for (const [uri, edits] of edit.entries()) {
    const d = await vscode.workspace.openTextDocument(uri);
    for (const e of edits) {
      assert.equal(e.newText, 'DP_SRC_CORE');
      texts.push(d.lineAt(e.range.start.line).text.trim());
      assert.equal(d.getText(e.range), 'DP_SRC_CORE_ID');
    }
  }
  assert.ok(texts.some((t) => /^DP_SRC_CORE_ID\s/.test(t)), `the Define entry is renamed: ${texts.join(' | ')}`);
  assert.ok(texts.filter((t) => t.includes('$DP_SRC_CORE_ID')).length >= 2, texts.join(' | '));
  await assert.rejects(
    Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, at, 'not a name')),
    /not a variable name/,
  );
  await assert.rejects(
    Promise.resolve(vscode.commands.executeCommand('vscode.prepareRename', doc.uri, find(doc, /^\s*Object\.Widget\.src\.1 \{/, 'src'))),
    /Only Define variables/,
  );
  return `${texts.length} edits in ${edit.entries().length} file(s)`;
});

test('SOF: Select Platform and Select Firmware Model change the analysis', async () => {
  await nocodec();
  const a = await api();
  try {
    await vscode.commands.executeCommand('sofTopology.selectPlatform', 'lnl');
    await vscode.commands.executeCommand('sofTopology.selectModel', 'per-pipeline');
    await a.whenIdle();
    assert.equal(a.state()?.context.platform, 'lnl');
    assert.equal(a.state()?.context.model, 'per-pipeline');
    assert.ok(a.state()?.simulated?.simulation, `no simulation: ${a.state()?.simulated?.problem}`);
  } finally {
    await vscode.commands.executeCommand('sofTopology.selectPlatform', '');
    await vscode.commands.executeCommand('sofTopology.selectModel', '');
  }
  await a.whenIdle();
  assert.equal(a.state()?.context.platform, 'ptl');
}, 60_000);
