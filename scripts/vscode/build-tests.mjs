// Bundles the extension-host tests (test/vscode/index.ts) into out/vscode-tests/index.js, so the
// real-VS Code harnesses do not depend on the whole project type-checking (`npm test` does that).
import * as esbuild from 'esbuild';
import * as path from 'node:path';
import { repoRoot } from './setup.mjs';

export const testsDir = path.join(repoRoot, 'out', 'vscode-tests');

export async function buildTests() {
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'test', 'vscode', 'index.ts')],
    outfile: path.join(testsDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'error',
  });
  return testsDir;
}

export const installedTestsDir = path.join(repoRoot, 'out', 'vscode-installed-tests');

/** The smoke pass against the installed .vsix (test/vscode/installed/index.ts). */
export async function buildInstalledTests() {
  await esbuild.build({
    entryPoints: [path.join(repoRoot, 'test', 'vscode', 'installed', 'index.ts')],
    outfile: path.join(installedTestsDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'error',
  });
  return installedTestsDir;
}
