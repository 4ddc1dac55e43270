// Test entry of the smoke pass against the installed .vsix (scripts/vscode/run-offline.mjs,
// second phase): tplg-budget comes from the editor's extensions folder, as a user's install does,
// and only public VS Code API and the browser are used (no development folder, no test API).
import * as fs from 'node:fs';
import { runAll } from '../runner';
import './smoke.test';

export async function run(): Promise<void> {
  const report = await runAll((line) => console.log(`[tplg-installed] ${line}`));
  const out = process.env.TPLG_VSCODE_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(report, null, 2));
  if (report.failed > 0) throw new Error(`${report.failed} smoke test(s) failed`);
}
