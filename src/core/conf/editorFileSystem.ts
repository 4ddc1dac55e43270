// The disk as an editor's analysis sees it: unsaved buffers laid over the files. The language
// server uses it, and so do the bench and tests that measure or check re-analysis while typing.
import { nodeFileSystem, type FileSystemHost } from './files';

/** Editor text (UTF-16) as the engine reads files: its UTF-8 bytes, one char per byte (latin1). */
export function asFileText(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

export class EditorFileSystem {
  /** Unsaved editor text (UTF-16) by absolute path; replaced as a whole on every analysis. */
  buffers: Readonly<Record<string, string>> = {};

  /** Names of the open buffers directly in `dir`. */
  private openIn(dir: string): string[] {
    return Object.keys(this.buffers)
      .filter((p) => p.startsWith(`${dir}/`) && !p.slice(dir.length + 1).includes('/'))
      .map((p) => p.slice(dir.length + 1));
  }

  readonly host: FileSystemHost = {
    readFile: (p) => {
      const t = this.buffers[p];
      return t === undefined ? nodeFileSystem.readFile(p) : asFileText(t);
    },
    isDirectory: nodeFileSystem.isDirectory,
    // A buffer's length (a lower bound of its bytes) is enough to refuse a huge one unread.
    size: (p) => this.buffers[p]?.length ?? nodeFileSystem.size?.(p),
    // Files on disk are re-read only when they change; a buffer's text is its own stamp.
    stamp: (p) => (this.buffers[p] !== undefined ? `editor:${this.buffers[p]}` : nodeFileSystem.stamp?.(p)),
    // Directory listings answer include searches; open buffers count as present.
    directoryStamp: (d) => {
      const disk = nodeFileSystem.directoryStamp?.(d);
      return disk === undefined ? undefined : `${disk}|${this.openIn(d).join('|')}`;
    },
    readDirectory: (d) => [...(nodeFileSystem.readDirectory?.(d) ?? []), ...this.openIn(d)],
  };
}
