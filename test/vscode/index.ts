// Test entry for both real-VS Code harnesses: scripts/vscode/run-offline.mjs (code-server in
// Chromium) and scripts/vscode/run-electron.mjs (@vscode/test-electron). VS Code loads this
// module in the extension host and awaits run(); a rejection marks the run failed.
import * as fs from 'node:fs';
import { runAll } from './runner';
import './language.test';
import './grammar.test';
// Before analysis.test: it chooses targets, and these tests are about what happens when nobody has.
import './autoTarget.test';
import './analysis.test';
import './navigation.test';
import './memoryMap.test';
import './hostile.test';

export async function run(): Promise<void> {
  const report = await runAll((line) => console.log(`[tplg-vscode] ${line}`));
  const out = process.env.TPLG_VSCODE_RESULTS;
  if (out) fs.writeFileSync(out, JSON.stringify(report, null, 2));
  console.log(`[tplg-vscode] ${report.passed} passed, ${report.failed} failed, ${report.skipped} skipped`);
  if (report.failed > 0) throw new Error(`${report.failed} extension-host test(s) failed`);
}
