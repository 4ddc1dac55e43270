// `.conf` is shared by many formats, so the manifest only claims `.conf` files under a
// `topology2/` folder. Anywhere else a topology is recognised by its content when it opens.
import * as vscode from 'vscode';

export const LANGUAGE_ID = 'sof-topology';

/** Languages VS Code gives a `.conf` file by default; anything else was chosen deliberately. */
const GENERIC_LANGUAGES = new Set(['plaintext', 'properties', 'ini']);

/** Topology 2.0 constructs that other `.conf` dialects do not start a line with. */
const SIGNATURE = /^[ \t]*(?:Object\.|Class\.|DefineAttribute\.|CombineArrays\.|IncludeByKey\b|Define[ \t]*\{|<[\w./-]+\.conf>)/m;

/** Only the head is sniffed: topology files declare themselves early, and huge files stay cheap. */
const SNIFF_CHARS = 64 * 1024;

export function looksLikeTopology(text: string): boolean {
  return SIGNATURE.test(text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text);
}

export function registerLanguageDetection(context: vscode.ExtensionContext): void {
  // Each document is judged once per session: if the user then picks another language, the
  // re-open event that follows must not switch it back.
  const judged = new Set<string>();

  const consider = (doc: vscode.TextDocument): void => {
    const key = doc.uri.toString();
    if (judged.has(key)) return;
    judged.add(key);
    if (doc.languageId === LANGUAGE_ID || !GENERIC_LANGUAGES.has(doc.languageId)) return;
    if (!doc.uri.path.endsWith('.conf')) return;
    if (!vscode.workspace.getConfiguration('sofTopology', doc.uri).get<boolean>('detectByContent', true)) return;
    if (!looksLikeTopology(doc.getText())) return;
    vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID).then(undefined, () => {
      // The document closed before the switch landed; nothing to do.
    });
  };

  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(consider));
  vscode.workspace.textDocuments.forEach(consider);
}
