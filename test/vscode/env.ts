// Where the extension-host tests find their inputs, and how they ask the outside harness for
// things only the browser can do (screenshots). Everything is passed through environment
// variables, which reach the extension host under both harnesses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Skip } from './runner';

/** Repository root: this file runs from out/test/vscode/. */
export const repoRoot = path.resolve(__dirname, '../../..');

export const sharedDir = process.env.TPLG_SHARED ?? path.resolve(repoRoot, '../shared');
export const corpusDir = path.join(sharedDir, 'corpus', 'sof-topology2');

/** Path of a file in the SOF topology corpus; skips the calling test when the corpus is absent. */
export function corpusFile(rel: string): string {
  const file = path.join(corpusDir, rel);
  if (!fs.existsSync(file)) throw new Skip(`corpus file not found: ${file} (set TPLG_SHARED)`);
  return file;
}

let uiSeq = 0;

/**
 * Asks the browser-side harness to screenshot the workbench as it is now, after `waitFor` (a CSS
 * selector) is visible when given. Returns the PNG's path, or undefined under a harness without
 * a browser (test-electron).
 */
export async function screenshot(name: string, opts: { waitFor?: string; timeoutMs?: number } = {}): Promise<string | undefined> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const dir = process.env.TPLG_VSCODE_UI_DIR;
  if (!dir) return undefined;
  const seq = ++uiSeq;
  const done = path.join(dir, `done-${seq}.json`);
  // Written under a temporary name and renamed so the harness never reads half a request.
  const req = path.join(dir, `req-${seq}.json`);
  fs.writeFileSync(`${req}.tmp`, JSON.stringify({ seq, action: 'screenshot', name, waitFor: opts.waitFor }));
  fs.renameSync(`${req}.tmp`, req);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(done)) {
      const answer = JSON.parse(fs.readFileSync(done, 'utf8')) as { ok: boolean; path?: string; error?: string };
      if (!answer.ok) throw new Error(`screenshot ${name} failed: ${answer.error}`);
      return answer.path;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`harness did not take screenshot ${name} within ${timeoutMs} ms`);
}
