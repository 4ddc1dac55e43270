// `tplg-budget lsp --stdio`: the language server, for Neovim, Emacs, Helix, Zed and any other
// LSP client (docs/editors.md). It runs until the client sends `exit` or closes the connection.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clip, usageError, type CliCommand } from '../command';

/**
 * The server is loaded only for this command, so every other command starts without parsing the
 * protocol libraries: dist/server.js beside the CLI bundle, or src/lsp/main.js when run from tsc
 * output (tests). A require that names no literal module keeps esbuild from inlining it.
 */
function loadServer(): { runLanguageServer(argv: readonly string[]): void } {
  const candidates = [path.join(__dirname, 'server.js'), path.join(__dirname, '..', '..', 'lsp', 'main.js')];
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) throw new Error(`the language server is missing (looked for ${candidates.join(', ')})`);
  const load: NodeRequire = require;
  return load(file) as { runLanguageServer(argv: readonly string[]): void };
}

const USAGE = `usage: tplg-budget lsp --stdio
  Serves the Language Server Protocol on stdin/stdout: diagnostics, hover, go to definition,
  references, symbols, completion, rename, quick fixes, inlay hints and CodeLens for SOF
  topology 2.0 files. Settings (initializationOptions or workspace/configuration, section
  "sofTopology"): buildTarget, platform, firmwareModel, diagnostics.scope, inlayHints,
  analysisDelayMs, deepBuffers, deepBufferLadder, moduleElfFiles. Set-up for each editor:
  docs/editors.md.
`;

export const lspCommand: CliCommand = {
  name: 'lsp',
  summary: 'run the language server (LSP over stdio) for any editor',
  usage: USAGE,
  run(args: string[]): Promise<number> {
    const unknown = args.filter((a) => a !== '--stdio');
    if (unknown.length) usageError(`unknown option ${clip(unknown[0])}`);
    if (!args.includes('--stdio')) usageError('--stdio is the only transport: tplg-budget lsp --stdio');
    loadServer().runLanguageServer(['--stdio']);
    // The server ends the process itself (on `exit`, or when the client's input closes).
    return new Promise<number>(() => undefined);
  },
};
