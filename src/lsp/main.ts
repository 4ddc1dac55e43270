// Starts the language server on a transport: `--stdio` (every LSP client; `tplg-budget lsp
// --stdio`), or what vscode-languageserver detects from the arguments (`--node-ipc`, as the VS
// Code extension starts dist/server.js, `--socket=N`, `--pipe=NAME`).
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { boundedWriter } from './boundedWriter';
import { startServer } from './server';

/** Pending output at which diagnostics stop being queued for a client that does not read. */
const SOFT_BACKLOG = 8 << 20;
/** Pending output at which the client is considered gone. */
const HARD_BACKLOG = 256 << 20;
/** How long requests still pending when the input closes may take to be answered. */
const DRAIN_MS = 30_000;

type Id = string | number;
const requestId = (m: Message): Id | undefined => {
  const o = m as { id?: unknown; method?: unknown };
  return typeof o.method === 'string' && (typeof o.id === 'number' || typeof o.id === 'string') ? o.id : undefined;
};
const responseId = (m: Message): Id | undefined => {
  const o = m as { id?: unknown; method?: unknown };
  return o.method === undefined && (typeof o.id === 'number' || typeof o.id === 'string') ? o.id : undefined;
};

/**
 * Requests read but not yet answered: when the input closes (`echo <request> | tplg-budget lsp
 * --stdio`, or a client that sends and goes), they are answered before the process ends.
 */
function trackPending(reader: MessageReader, writer: MessageWriter): { reader: MessageReader; writer: MessageWriter; whenAnswered(): Promise<void> } {
  const pending = new Set<Id>();
  let settled: (() => void) | undefined;
  const check = (): void => {
    if (pending.size === 0) settled?.();
  };
  const listen = reader.listen.bind(reader);
  reader.listen = (callback) =>
    listen((m) => {
      const id = requestId(m);
      if (id !== undefined) pending.add(id);
      callback(m);
    });
  const write = writer.write.bind(writer);
  writer.write = (m) => {
    const id = responseId(m);
    return write(m).finally(() => {
      if (id !== undefined && pending.delete(id)) check();
    });
  };
  return {
    reader,
    writer,
    whenAnswered: () => new Promise<void>((resolve) => ((settled = resolve), check())),
  };
}

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
  const io = trackPending(new StreamMessageReader(process.stdin), writer);
  startServer(createConnection(ProposedFeatures.all, io.reader, io.writer), {
    onDrainedRepublish: (r) => (republish = r),
  });
  // A client that goes without `exit` (killed, crashed, or a pipe that ends) closes our input:
  // what it asked is still answered, then nothing is left to serve.
  process.stdin.on('end', () => {
    const giveUp = setTimeout(() => {
      process.stderr.write(`tplg-budget lsp: input closed; requests still unanswered after ${DRAIN_MS} ms\n`);
      process.exit(0);
    }, DRAIN_MS);
    // The reader decodes what it has buffered asynchronously: let it hand over the last messages.
    const decoded = new Promise((r) => setTimeout(r, 20));
    void decoded.then(io.whenAnswered).then(() => {
      clearTimeout(giveUp);
      process.exit(0);
    });
  });
}

if (require.main === module) runLanguageServer(process.argv.slice(2));
