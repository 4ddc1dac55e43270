// Helpers the extension-host tests share: reach the extension's API, open files under a language.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'tplg-budget.tplg-budget';
export const LANGUAGE_ID = 'sof-topology';

/** The subset of the extension's exported API (src/vscode/extension.ts) the tests use. */
export interface Api {
  whenIdle(): Promise<void>;
  state(): {
    context: { target: { name: string; input: string; defines: string }; reason: string; platform: string; model: string };
    resolved?: { result: { failed: boolean; widgets: Array<{ name: string; range?: { file: string; line: number; col: number } }> }; resolveMs: number };
    simulated?: { simulation?: { widgets: Array<{ name: string; domain: string }> }; simulateMs: number; problem?: string };
  } | undefined;
}

export async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** Resolves with the document once it is open under `languageId` (language switches re-open it). */
export function waitForLanguage(uri: vscode.Uri, languageId: string, timeoutMs = 10_000): Promise<vscode.TextDocument> {
  const matches = (d: vscode.TextDocument): boolean => d.uri.toString() === uri.toString() && d.languageId === languageId;
  const open = vscode.workspace.textDocuments.find(matches);
  if (open) return Promise.resolve(open);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      const now = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      reject(new Error(`${uri.fsPath} is ${now?.languageId ?? 'not open'}, expected ${languageId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = vscode.workspace.onDidOpenTextDocument((d) => {
      if (!matches(d)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(d);
    });
  });
}

export async function openAs(file: string, languageId: string): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.file(file);
  const waiting = waitForLanguage(uri, languageId);
  await vscode.workspace.openTextDocument(uri);
  return waiting;
}

/** Resolves with the diagnostics of `uri` once `predicate` holds for them. */
export function waitForDiagnostics(uri: vscode.Uri, predicate: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 10_000): Promise<vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (predicate(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`diagnostics of ${uri.fsPath} did not settle within ${timeoutMs} ms: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => d.message))}`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const ds = vscode.languages.getDiagnostics(uri);
      if (!predicate(ds)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(ds);
    });
  });
}
