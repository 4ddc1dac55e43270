// A message writer that cannot grow without bound when the client stops reading its output:
// past a backlog it drops notifications (diagnostics and status, which the next analysis
// replaces anyway) and asks for a re-send once the client reads again; responses are never
// dropped, and a backlog no client could still be reading ends the server with a message.
import type { Message, MessageWriter } from 'vscode-languageserver/node';

const isNotification = (m: Message): boolean => 'method' in m && !('id' in m && (m as { id?: unknown }).id !== undefined);

export interface BoundedWriterOptions {
  /** Pending bytes above which notifications are dropped. */
  softBytes: number;
  /** Pending bytes at which the client is given up on. */
  hardBytes: number;
  /** Called once the backlog has drained after notifications were dropped. */
  onDrained: () => void;
  onGiveUp: (pendingBytes: number) => void;
}

export function boundedWriter(inner: MessageWriter, opts: BoundedWriterOptions): MessageWriter {
  let pending = 0;
  let dropped = false;
  return {
    onError: inner.onError,
    onClose: inner.onClose,
    end: () => inner.end(),
    dispose: () => inner.dispose(),
    write(msg: Message): Promise<void> {
      if (pending > opts.softBytes && isNotification(msg)) {
        dropped = true;
        return Promise.resolve();
      }
      // The size only bounds the backlog; the content-length header is the inner writer's job.
      const size = JSON.stringify(msg).length;
      if (pending + size > opts.hardBytes) {
        opts.onGiveUp(pending + size);
        return Promise.resolve();
      }
      pending += size;
      return inner.write(msg).finally(() => {
        pending -= size;
        if (pending === 0 && dropped) {
          dropped = false;
          opts.onDrained();
        }
      });
    },
  };
}
