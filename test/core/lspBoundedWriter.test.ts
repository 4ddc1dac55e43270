// The language server's output bound: a client that stops reading costs at most a soft backlog
// of notifications (dropped, then re-sent once it reads again), never lost responses.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Emitter, type Message, type MessageWriter } from 'vscode-languageserver/node';
import { boundedWriter } from '../../src/lsp/boundedWriter';

/** A writer whose writes complete only when the test says the client has read them. */
function stuckWriter(): { writer: MessageWriter; written: Message[]; drain: () => void } {
  const written: Message[] = [];
  const pending: Array<() => void> = [];
  const writer: MessageWriter = {
    onError: new Emitter<[Error, Message | undefined, number | undefined]>().event,
    onClose: new Emitter<void>().event,
    end: () => undefined,
    dispose: () => undefined,
    write: (m) => {
      written.push(m);
      return new Promise<void>((r) => pending.push(r));
    },
  };
  return { writer, written, drain: () => pending.splice(0).forEach((r) => r()) };
}

const notification = (i: number): Message => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: `file:///${i}`, diagnostics: [] } }) as Message;
const response = (i: number): Message => ({ jsonrpc: '2.0', id: i, result: 'x'.repeat(100) }) as Message;

test('bounded writer: notifications dropped past the soft backlog, responses kept, re-send once drained', async () => {
  const inner = stuckWriter();
  let drained = 0;
  const gaveUp: number[] = [];
  const w = boundedWriter(inner.writer, { softBytes: 1000, hardBytes: 5000, onDrained: () => drained++, onGiveUp: (b) => gaveUp.push(b) });
  const writes: Array<Promise<void>> = [];
  for (let i = 0; i < 100; i++) writes.push(w.write(notification(i)));
  const kept = inner.written.length;
  assert.ok(kept > 0 && kept < 100, `${kept} notifications queued`);
  for (let i = 0; i < 5; i++) writes.push(w.write(response(i)));
  assert.equal(inner.written.filter((m) => 'id' in m).length, 5, 'responses are never dropped');
  assert.deepEqual(gaveUp, []);
  inner.drain();
  await Promise.all(writes);
  assert.equal(drained, 1, 'the dropped state is re-sent once the client reads again');
});

test('bounded writer: a backlog past the hard bound gives the client up', () => {
  const inner = stuckWriter();
  const gaveUp: number[] = [];
  const w = boundedWriter(inner.writer, { softBytes: 100, hardBytes: 1000, onDrained: () => undefined, onGiveUp: (b) => gaveUp.push(b) });
  for (let i = 0; i < 20; i++) void w.write(response(i));
  assert.ok(gaveUp.length > 0 && gaveUp[0] > 1000);
});
