// Where the extension-host tests find their inputs, and how they ask the outside harness for
// things only the browser can do (screenshots). Everything is passed through environment
// variables, which reach the extension host under both harnesses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Skip } from './runner';

/** Repository root: the nearest folder above this (compiled or bundled) file with a package.json. */
export const repoRoot = ((): string => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

export const sharedDir = process.env.TPLG_SHARED ?? path.resolve(repoRoot, '../shared');
export const corpusDir = path.join(sharedDir, 'corpus', 'sof-topology2');

/** Path of a file in the SOF topology corpus; skips the calling test when the corpus is absent. */
export function corpusFile(rel: string): string {
  const file = path.join(corpusDir, rel);
  if (!fs.existsSync(file)) throw new Skip(`corpus file not found: ${file} (set TPLG_SHARED)`);
  return file;
}

let uiSeq = 0;

/** One request to the browser-side harness; undefined under a harness without a browser. */
async function uiRequest<T>(body: Record<string, unknown>, timeoutMs: number): Promise<{ value?: T; path?: string } | undefined> {
  const dir = process.env.TPLG_VSCODE_UI_DIR;
  if (!dir) return undefined;
  const seq = ++uiSeq;
  const done = path.join(dir, `done-${seq}.json`);
  // Written under a temporary name and renamed so the harness never reads half a request.
  const req = path.join(dir, `req-${seq}.json`);
  fs.writeFileSync(`${req}.tmp`, JSON.stringify({ seq, ...body }));
  fs.renameSync(`${req}.tmp`, req);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(done)) {
      const answer = JSON.parse(fs.readFileSync(done, 'utf8')) as { ok: boolean; path?: string; value?: T; error?: string };
      if (!answer.ok) throw new Error(`UI request ${JSON.stringify(body)} failed: ${answer.error}`);
      return answer;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`harness did not answer UI request ${JSON.stringify(body)} within ${timeoutMs} ms`);
}

/**
 * Asks the browser-side harness to screenshot the workbench as it is now, after `waitFor` (a CSS
 * selector) is visible when given. Returns the PNG's path, or undefined under a harness without
 * a browser (test-electron).
 */
export async function screenshot(name: string, opts: { waitFor?: string; timeoutMs?: number } = {}): Promise<string | undefined> {
  const answer = await uiRequest({ action: 'screenshot', name, waitFor: opts.waitFor }, opts.timeoutMs ?? 15_000);
  return answer?.path;
}

/**
 * Asks the browser-side harness for a user action in the workbench (`palette`: open the command
 * palette, type `text`, press Enter). False under a harness without a browser.
 */
export async function uiAction(body: { action: 'palette'; text: string }, timeoutMs = 15_000): Promise<boolean> {
  return (await uiRequest(body, timeoutMs)) !== undefined;
}

/** What the harness can do inside the webview whose document contains `marker`. */
export type WebviewOp =
  | { op: 'click'; selector: string; position?: { x: number; y: number } }
  | { op: 'select'; selector: string; value: string }
  | { op: 'press'; selector: string; key: string }
  | { op: 'text'; selector: string }
  | { op: 'evaluate'; expression: string };

/**
 * Acts in (or reads) a webview as a user would, through the browser; returns the op's value
 * (`text`: every match's text; `evaluate`: the expression's JSON value). `available` is false
 * under a harness without a browser.
 */
export async function webview<T = unknown>(marker: string, op: WebviewOp, timeoutMs = 15_000): Promise<{ available: boolean; value?: T }> {
  const answer = await uiRequest<T>({ action: 'webview', marker, ...op }, timeoutMs);
  return answer ? { available: true, value: answer.value } : { available: false };
}
