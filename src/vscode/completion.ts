// Completion inside an object: the attribute names its class defines (DefineAttribute, including
// those a class pulls in with an include, like widget-common.conf), and after a name, the
// attribute's valid_values.
import * as vscode from 'vscode';
import { classAttributes, enclosing, objectClass } from './classInfo';
import type { Session } from './session';
import type { SyntaxCache } from './syntaxCache';

export class AttributeCompletion implements vscode.CompletionItemProvider {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] | undefined {
    const e = this.cache.get(doc.uri.fsPath);
    if (!e) return undefined;
    const obj = objectClass(enclosing(e.syntax.blocks, doc.offsetAt(pos)));
    if (!obj) return undefined;
    const attrs = classAttributes(this.cache, this.session, obj.group, obj.cls, e.file);
    if (!attrs.size) return undefined;
    const prefix = doc.lineAt(pos.line).text.slice(0, pos.character);
    const valueOf = /^\s*([\w-]+)\s+["']?[\w-]*$/.exec(prefix);
    if (valueOf) {
      return (attrs.get(valueOf[1])?.validValues ?? []).map((v) => {
        const item = new vscode.CompletionItem(v, vscode.CompletionItemKind.EnumMember);
        item.detail = `valid value of ${valueOf[1]} (class ${obj.cls})`;
        return item;
      });
    }
    if (!/^\s*[\w-]*$/.test(prefix)) return undefined;
    return [...attrs.values()].map((a) => {
      const item = new vscode.CompletionItem(a.name, vscode.CompletionItemKind.Property);
      item.detail = `attribute of class ${obj.group}.${obj.cls}` + (a.tokenRef ? ` (${a.tokenRef})` : '');
      if (a.validValues.length) item.documentation = `valid values: ${a.validValues.join(', ')}`;
      return item;
    });
  }
}
