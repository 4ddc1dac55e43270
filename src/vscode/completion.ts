// Completion inside an object: the attribute names its class defines (DefineAttribute, including
// those a class pulls in with an include, like widget-common.conf), and after a name, the
// attribute's valid_values.
import * as vscode from 'vscode';
import type { Session } from './session';
import { definedAttribute, validValues, type Block } from './syntax';
import type { FileEntry, SyntaxCache } from './syntaxCache';

/** Blocks enclosing `at`, outermost first. */
function enclosing(blocks: Block[], at: number, out: Block[] = []): Block[] {
  for (const b of blocks) {
    if (b.start <= at && at < b.end) {
      out.push(b);
      return enclosing(b.children, at, out);
    }
  }
  return out;
}

/** `Object.<group>.<class>...` of the object whose body the cursor is directly in. */
function objectClass(chain: Block[]): { group: string; cls: string } | undefined {
  const inner = chain[chain.length - 1];
  const parent = chain[chain.length - 2];
  let key: string | undefined;
  if (inner?.kind === 'object') key = inner.name;
  else if (inner?.kind === 'element' && parent?.kind === 'array' && parent.name.startsWith('Object.')) key = parent.name;
  const seg = key?.split('.');
  return seg && seg.length >= 3 ? { group: seg[1], cls: seg[2] } : undefined;
}

export class AttributeCompletion implements vscode.CompletionItemProvider {
  constructor(
    private readonly cache: SyntaxCache,
    private readonly session: Session,
  ) {}

  /** Attribute name -> valid values, for a class found in the files the target reads. */
  private attributes(group: string, cls: string, current: string): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const collect = (blocks: Block[]): void => {
      for (const b of blocks) {
        const name = definedAttribute(b);
        if (name && !out.has(name)) out.set(name, validValues(b));
      }
    };
    const files = this.session.files.length ? this.session.files : [current];
    for (const f of files) {
      const e = this.cache.get(f);
      const def = e?.syntax.classes.find((c) => c.group === group && c.name === cls);
      if (!e || !def) continue;
      const block = e.syntax.blocks.find((b) => b.keyStart === def.start);
      if (!block) continue;
      collect(block.children);
      for (const site of e.syntax.includes) {
        if (site.start < block.start || site.end > block.end) continue;
        const inc = this.cache.resolveInclude(site, e.file, this.session.state?.context.target.input);
        const ie: FileEntry | undefined = inc ? this.cache.get(inc) : undefined;
        if (ie) collect(ie.syntax.blocks);
      }
      break;
    }
    return out;
  }

  provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] | undefined {
    const e = this.cache.get(doc.uri.fsPath);
    if (!e) return undefined;
    const obj = objectClass(enclosing(e.syntax.blocks, doc.offsetAt(pos)));
    if (!obj) return undefined;
    const attrs = this.attributes(obj.group, obj.cls, e.file);
    if (!attrs.size) return undefined;
    const prefix = doc.lineAt(pos.line).text.slice(0, pos.character);
    const valueOf = /^\s*([\w-]+)\s+["']?[\w-]*$/.exec(prefix);
    if (valueOf) {
      return (attrs.get(valueOf[1]) ?? []).map((v) => {
        const item = new vscode.CompletionItem(v, vscode.CompletionItemKind.EnumMember);
        item.detail = `valid value of ${valueOf[1]} (class ${obj.cls})`;
        return item;
      });
    }
    if (!/^\s*[\w-]*$/.test(prefix)) return undefined;
    return [...attrs].map(([name, values]) => {
      const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Property);
      item.detail = `attribute of class ${obj.group}.${obj.cls}`;
      if (values.length) item.documentation = `valid values: ${values.join(', ')}`;
      return item;
    });
  }
}
