// A plain LSP client over stdio (vscode-languageserver-protocol, no editor): starts the server
// as `tplg-budget lsp --stdio` would run it, and records what it pushes.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

/** The server entry as tsc compiles it (tests run from out/test/...). */
export const SERVER = path.resolve(__dirname, '../../src/lsp/main.js');

export const uri = (file: string): string => pathToFileURL(file).href;

export interface LspSession {
  conn: ProtocolConnection;
  proc: ChildProcess;
  stderr: () => string;
  /** Latest diagnostics by URI. */
  diagnostics: Map<string, Diagnostic[]>;
  /** Resolves once diagnostics for `u` satisfy `ok`. */
  waitDiagnostics(u: string, ok: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  close(): Promise<void>;
}

export async function startLsp(opts: { root: string; initializationOptions?: unknown }): Promise<LspSession> {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (b: Buffer) => (err += b.toString()));
  const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const waiters: Array<() => void> = [];
  conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
    diagnostics.set(p.uri, p.diagnostics);
    waiters.splice(0).forEach((w) => w());
  });
  conn.onRequest('workspace/configuration', () => [null]);
  conn.listen();
  await conn.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: uri(opts.root),
    workspaceFolders: [{ uri: uri(opts.root), name: path.basename(opts.root) }],
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } } },
    initializationOptions: opts.initializationOptions,
  });
  await conn.sendNotification('initialized', {});
  const waitDiagnostics = (u: string, ok: (d: Diagnostic[]) => boolean, timeoutMs = 60_000): Promise<Diagnostic[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${u} within ${timeoutMs} ms: ${JSON.stringify(diagnostics.get(u)?.map((d) => d.message))}\n${err}`)), timeoutMs);
      const check = (): void => {
        const d = diagnostics.get(u);
        if (d && ok(d)) {
          clearTimeout(timer);
          resolve(d);
        } else waiters.push(check);
      };
      check();
    });
  const close = async (): Promise<void> => {
    try {
      await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await conn.sendNotification('exit');
    } catch {
      // the server may be gone already
    }
    await new Promise<void>((r) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return r();
      const t = setTimeout(() => (proc.kill(), r()), 3000);
      proc.on('exit', () => (clearTimeout(t), r()));
    });
    conn.dispose();
  };
  return { conn, proc, stderr: () => err, diagnostics, waitDiagnostics, close };
}
