// Bundles the extension-host tests into out/: the whole suite (test/vscode/index.ts) and the smoke
// pass against the installed .vsix (test/vscode/installed/index.ts), so the real-VS Code harnesses
// do not depend on the whole project type-checking (`npm test` does that).
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { repoRoot } from './setup.mjs';

export const testsDir = path.join(repoRoot, 'out', 'vscode-tests');
export const installedTestsDir = path.join(repoRoot, 'out', 'vscode-installed-tests');

async function bundle(entry, outDir) {
  await esbuild.build({
    entryPoints: [path.join(repoRoot, entry)],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'error',
  });
  return outDir;
}

export const buildTests = () => bundle('test/vscode/index.ts', testsDir);
export const buildInstalledTests = () => bundle('test/vscode/installed/index.ts', installedTestsDir);
