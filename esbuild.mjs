// Bundles the extension, the language server and the CLI. The CLI is a small entry (dist/cli.js, with a shebang so
// `npx tplg-budget` works) that loads the real bundle (dist/cli-main.js) through V8's code cache,
// named after the bundle's content hash.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';

// --production (run by `vscode:prepublish` and `prepack`): minified, no source maps, and dist/
// emptied first so no stale file or map of a development build can slip into a package.
const production = process.argv.includes('--production');
if (production) fs.rmSync('dist', { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

await Promise.all([
  // Banner and footer stamp the bundle's evaluation: activate() reports its own cost with it.
  esbuild.build({ ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], banner: { js: 'var __tplgBundleStart = performance.now();' }, footer: { js: 'var __tplgBundleEnd = performance.now();' } }),
  // The language client, loaded by the entry on the first topology document: the entry above
  // stays small, as it is evaluated in every window that shows a plain-text file.
  esbuild.build({ ...common, entryPoints: ['src/vscode/client.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The language server, a process of its own: the extension starts it (--node-ipc), so no
  // analysis can block the extension host; `tplg-budget lsp --stdio` serves the same for any editor.
  esbuild.build({ ...common, entryPoints: ['src/lsp/main.ts'], outfile: 'dist/server.js' }),
  // The server's engine thread: requests are answered from the last analysis while it runs.
  esbuild.build({ ...common, entryPoints: ['src/lsp/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' }),
  esbuild.build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli-main.js' }).then(() => {
    const buildId = crypto.createHash('sha256').update(fs.readFileSync('dist/cli-main.js')).digest('hex').slice(0, 16);
    return esbuild.build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, define: { BUILD_ID: JSON.stringify(buildId) } });
  }),
  // The memory-map webview's script: browser code, minified (it loads on every panel open).
  esbuild.build({ entryPoints: ['media/memoryMap/main.ts'], outfile: 'dist/webview/memoryMap.js', bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'warning' }),
  // `tplg-budget targets` sweeps build targets in worker threads.
  esbuild.build({ ...common, entryPoints: ['src/cli/sweep/sweepWorker.ts'], outfile: 'dist/sweepWorker.js' }),
]);
