// Rename a Define variable everywhere it is written: Define entries, `$NAME` uses and
// IncludeByKey keys, in every topology file of the workspace and of the current analysis (other
// top-level files share the same includes, so the analysed target alone is not enough).
import * as vscode from 'vscode';
import { VARIABLE_NAME, variableAt, variableSites } from '../core/syntax/variableSites';
import type { Session } from './session';
import { rangeAt, type SyntaxCache } from './syntaxCache';

const MAX_WORKSPACE_FILES = 20_000;

export class DefineRename implements vscode.RenameProvider {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  prepareRename(doc: vscode.TextDocument, pos: vscode.Position): vscode.Range {
    const e = this.cache.get(doc.uri.fsPath);
    const hit = e && variableAt(e.text, e.syntax, doc.offsetAt(pos));
    if (!e || !hit) throw new Error('Only Define variables can be renamed here: place the cursor on a $NAME use, a Define entry or an IncludeByKey key.');
    return rangeAt(e, hit.span.start, hit.span.end);
  }

  async provideRenameEdits(doc: vscode.TextDocument, pos: vscode.Position, newName: string, token: vscode.CancellationToken): Promise<vscode.WorkspaceEdit> {
    const e = this.cache.get(doc.uri.fsPath);
    const hit = e && variableAt(e.text, e.syntax, doc.offsetAt(pos));
    if (!e || !hit) throw new Error('Only Define variables can be renamed here.');
    if (!VARIABLE_NAME.test(newName)) throw new Error(`"${newName}" is not a variable name: use letters, digits and _ only, as $NAME needs.`);
    const name = hit.name;
    if (newName === name) return new vscode.WorkspaceEdit();

    const files = new Set([e.file, ...this.session.files]);
    for (const uri of await vscode.workspace.findFiles('**/*.conf', '**/node_modules/**', MAX_WORKSPACE_FILES, token)) {
      if (uri.scheme === 'file') files.add(uri.fsPath);
    }
    // -D values come from the build target, which this edit cannot see into: ask before applying.
    const target = this.session.state?.context.target;
    const setByTarget = target?.defines?.split(',').some((d) => d.split('=')[0] === name);
    const confirm: vscode.WorkspaceEditEntryMetadata | undefined = setByTarget
      ? { needsConfirmation: true, label: `${name} is also set by -D of ${target?.name ?? 'the build target'}`, description: 'change the target list too' }
      : undefined;

    const edit = new vscode.WorkspaceEdit();
    for (const file of files) {
      if (token.isCancellationRequested) break;
      const f = this.cache.get(file);
      if (!f || (!f.text.includes(name) && !f.text.includes(newName))) continue;
      if (variableSites(f.text, f.syntax, newName).length) {
        throw new Error(`${newName} is already a variable in ${vscode.workspace.asRelativePath(file)}: renaming ${name} to it would merge the two.`);
      }
      const uri = vscode.Uri.file(file);
      for (const s of variableSites(f.text, f.syntax, name)) edit.replace(uri, rangeAt(f, s.start, s.end), newName, confirm);
    }
    return edit;
  }
}
