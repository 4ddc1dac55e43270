// Completion inside an object: the attribute names its class defines (DefineAttribute, including
// those a class pulls in with an include, like widget-common.conf), and after a name, the
// attribute's valid_values.
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import { classAttributes, enclosing, objectClass } from './classInfo';
import type { Session } from './session';
import { lineText, offsetAt, type SyntaxCache } from './syntaxCache';

export class AttributeCompletion {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  complete(file: string, pos: Position): CompletionItem[] | null {
    const e = this.cache.get(file);
    if (!e) return null;
    const obj = objectClass(enclosing(e.syntax.blocks, offsetAt(e, pos)));
    if (!obj) return null;
    const attrs = classAttributes(this.cache, this.session, obj.group, obj.cls, e.file);
    if (!attrs.size) return null;
    const prefix = lineText(e, pos.line).slice(0, Math.max(0, pos.character));
    const valueOf = /^\s*([\w-]+)\s+["']?[\w-]*$/.exec(prefix);
    if (valueOf) {
      return (attrs.get(valueOf[1])?.validValues ?? []).map((v) => ({
        label: v,
        kind: CompletionItemKind.EnumMember,
        detail: `valid value of ${valueOf[1]} (class ${obj.cls})`,
      }));
    }
    if (!/^\s*[\w-]*$/.test(prefix)) return null;
    return [...attrs.values()].map((a) => ({
      label: a.name,
      kind: CompletionItemKind.Property,
      detail: `attribute of class ${obj.group}.${obj.cls}` + (a.tokenRef ? ` (${a.tokenRef})` : ''),
      ...(a.validValues.length ? { documentation: `valid values: ${a.validValues.join(', ')}` } : {}),
    }));
  }
}
