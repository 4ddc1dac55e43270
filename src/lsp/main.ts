// Starts the language server on a transport: `--stdio` (every LSP client; `tplg-budget lsp
// --stdio`), or what vscode-languageserver detects from the arguments (`--node-ipc`, as the VS
// Code extension starts dist/server.js, `--socket=N`, `--pipe=NAME`).
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { boundedWriter } from './boundedWriter';
import { startServer } from './server';

/** Pending output at which diagnostics stop being queued for a client that does not read. */
const SOFT_BACKLOG = 8 << 20;
/** Pending output at which the client is considered gone. */
const HARD_BACKLOG = 256 << 20;

export function runLanguageServer(argv: readonly string[]): void {
  if (!argv.includes('--stdio')) {
    startServer(createConnection(ProposedFeatures.all));
    return;
  }
  // stdout carries the protocol: anything else printed there would corrupt it.
  const toStderr = (...a: unknown[]): boolean => process.stderr.write(`${a.map(String).join(' ')}\n`);
  console.log = console.info = console.warn = console.debug = toStderr;
  let republish: (() => void) | undefined;
  const writer = boundedWriter(new StreamMessageWriter(process.stdout), {
    softBytes: SOFT_BACKLOG,
    hardBytes: HARD_BACKLOG,
    onDrained: () => republish?.(),
    onGiveUp: (bytes) => {
      process.stderr.write(`tplg-budget lsp: the client has not read ${bytes} bytes of output; stopping\n`);
      process.exit(1);
    },
  });
  startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), writer), {
    onDrainedRepublish: (r) => (republish = r),
  });
  // A client that goes without `exit` (killed, crashed) closes our input: nothing left to serve.
  process.stdin.on('end', () => process.exit(0));
}

if (require.main === module) runLanguageServer(process.argv.slice(2));
