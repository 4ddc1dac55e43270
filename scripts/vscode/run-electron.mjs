// The standard harness, for machines that can download VS Code: @vscode/test-electron fetches
// desktop VS Code 1.100.3 (the version the offline harness runs, and engines.vscode's floor)
// into .vscode-test/ and runs the same extension-host tests as run-offline.mjs.
// On Linux without a display run it under `xvfb-run -a`. Exit codes: 0 passed, 1 a test failed,
// 77 VS Code could not be downloaded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildTests } from './build-tests.mjs';
import { EXIT_PREREQ, repoRoot } from './setup.mjs';

const VSCODE_VERSION = '1.100.3';
const resultsDir = path.join(repoRoot, 'test-results', 'vscode-electron');
const sharedDir = process.env.TPLG_SHARED ?? path.resolve(repoRoot, '../shared');
const corpusDir = path.join(sharedDir, 'corpus', 'sof-topology2');

async function main() {
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode(VSCODE_VERSION);
  } catch (e) {
    console.error(`\n!!! [vscode-electron] SKIPPED: cannot download VS Code ${VSCODE_VERSION}: ${e?.message ?? e}` +
      '\n!!! Without network access use `npm run test:vscode` (code-server + Chromium).\n');
    return EXIT_PREREQ;
  }
  const testsDir = await buildTests();
  fs.mkdirSync(resultsDir, { recursive: true });
  const resultsFile = path.join(resultsDir, 'results.json');
  fs.rmSync(resultsFile, { force: true });
  const folder = fs.existsSync(corpusDir) ? corpusDir : repoRoot;
  let failedRun = false;
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsDir,
      launchArgs: [folder, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { TPLG_SHARED: sharedDir, TPLG_VSCODE_RESULTS: resultsFile },
    });
  } catch {
    failedRun = true;
  }
  if (!fs.existsSync(resultsFile)) {
    console.error('[vscode-electron] VS Code exited without writing results');
    console.log('0 passed, 1 failed');
    return 1;
  }
  const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  console.log(`${report.passed} passed, ${report.failed} failed` + (report.skipped ? `, ${report.skipped} skipped` : ''));
  return failedRun || report.failed > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`[vscode-electron] harness error: ${e?.stack ?? e}`);
  process.exit(2);
});
