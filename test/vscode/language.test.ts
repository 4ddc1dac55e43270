// The extension activates, and topology files get the sof-topology language by location and
// by content, while other `.conf` files and the user's own choice are left alone.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, LANGUAGE_ID, openAs } from './editor';
import { corpusFile, screenshot } from './env';
import { test } from './runner';

function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-vscode-'));
}

test('extension is present and activates', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  await ext.activate();
  assert.equal(ext.isActive, true);
});

test('a top-level corpus topology is recognised by content', async () => {
  const doc = await openAs(corpusFile('cavs-nocodec.conf'), LANGUAGE_ID);
  assert.equal(doc.languageId, LANGUAGE_ID);
});

test('a class include file is recognised by content', async () => {
  await openAs(corpusFile('include/components/gain.conf'), LANGUAGE_ID);
});

test('a .conf under a topology2/ folder is recognised by location alone', async () => {
  const dir = path.join(scratchDir(), 'topology2');
  fs.mkdirSync(dir);
  const file = path.join(dir, 'plain.conf');
  fs.writeFileSync(file, '# nothing topology-specific here\nname "x"\n');
  await openAs(file, LANGUAGE_ID);
});

test('an unrelated .conf keeps its default language', async () => {
  const file = path.join(scratchDir(), 'other.conf');
  fs.writeFileSync(file, '[section]\nkey=value\n');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  // A detected topology switches at once; a later open of a real topology proves the sniffer
  // has run past this document.
  await openAs(corpusFile('include/components/mixin.conf'), LANGUAGE_ID);
  assert.notEqual(vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString())?.languageId, LANGUAGE_ID);
});

test('a language the user picks is not switched back', async () => {
  const doc = await openAs(corpusFile('include/components/mixout.conf'), LANGUAGE_ID);
  await vscode.languages.setTextDocumentLanguage(doc, 'plaintext');
  await openAs(corpusFile('include/components/src.conf'), LANGUAGE_ID);
  const now = vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString());
  assert.equal(now?.languageId, 'plaintext');
});

test('screenshot: a corpus topology open in the editor', async () => {
  const doc = await openAs(corpusFile('cavs-nocodec.conf'), LANGUAGE_ID);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const target = new vscode.Position(40, 0);
  editor.revealRange(new vscode.Range(target, target), vscode.TextEditorRevealType.AtTop);
  const png = await screenshot('cavs-nocodec-editor');
  if (png) assert.ok(fs.statSync(png).size > 10_000, `${png} is suspiciously small`);
});
