// "SOF: Show Resolved Topology": a read-only virtual document with the evaluated topology in the
// reference compiler's -P form, kept current while it is open.
import * as vscode from 'vscode';
import type { Session } from './session';

export const RESOLVED_SCHEME = 'sof-topology-resolved';

export class ResolvedTopologyProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();
  private readonly subs: vscode.Disposable[];
  /** Version of the analysis whose text the view shows. */
  private shownVersion = -1;

  constructor(private readonly session: Session) {
    this.subs = [
      session.onDidChange((status) => {
        if (this.open.size && status && !status.busy && status.version !== this.shownVersion) for (const u of this.open) this.changed.fire(vscode.Uri.parse(u));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== RESOLVED_SCHEME) return;
        this.open.delete(d.uri.toString());
        if (this.open.size === 0) session.wantPreprocessed(false);
      }),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.open.add(uri.toString());
    const state = await this.session.current();
    this.shownVersion = state?.version ?? -1;
    const text = state?.resolved?.preprocessed;
    if (text !== undefined) return text;
    return `# Resolving ${state?.context.target.name ?? 'the topology'}...\n`;
  }

  /** Opens the view for the current target and waits for its first real content. */
  async show(): Promise<vscode.TextDocument | undefined> {
    this.session.wantPreprocessed(true);
    await this.session.whenIdle();
    const state = this.session.state;
    if (!state) {
      this.session.wantPreprocessed(false);
      void vscode.window.showWarningMessage('SOF: open a topology or select a build target first.');
      return undefined;
    }
    const uri = vscode.Uri.from({ scheme: RESOLVED_SCHEME, path: `/${state.context.target.name}.pre.conf` });
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'sof-topology');
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    return doc;
  }

  dispose(): void {
    this.subs.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}
