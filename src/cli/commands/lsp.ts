// `tplg-budget lsp --stdio`: the language server, for Neovim, Emacs, Helix, Zed and any other
// LSP client (docs/editors.md). It runs until the client sends `exit` or closes the connection.
import { usageError, type CliCommand } from '../command';
import { runLanguageServer } from '../../lsp/main';

const USAGE = `usage: tplg-budget lsp --stdio
  Serves the Language Server Protocol on stdin/stdout: diagnostics, hover, go to definition,
  references, symbols, completion, rename, quick fixes, inlay hints and CodeLens for SOF
  topology 2.0 files. Settings (initializationOptions or workspace/configuration, section
  "sofTopology"): buildTarget, platform, firmwareModel, diagnostics.scope, inlayHints,
  analysisDelayMs. Set-up for each editor: docs/editors.md.
`;

export const lspCommand: CliCommand = {
  name: 'lsp',
  summary: 'run the language server (LSP over stdio) for any editor',
  usage: USAGE,
  run(args: string[]): Promise<number> {
    const unknown = args.filter((a) => a !== '--stdio');
    if (unknown.length) usageError(`unknown option ${unknown[0]}`);
    if (!args.includes('--stdio')) usageError('--stdio is the only transport: tplg-budget lsp --stdio');
    runLanguageServer(['--stdio']);
    // The server ends the process itself (on `exit`, or when the client's input closes).
    return new Promise<number>(() => undefined);
  },
};
