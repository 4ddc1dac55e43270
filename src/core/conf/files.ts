// Source files as the engine sees them: bytes (latin1 strings), scanned once, with line tables for
// turning offsets into ranges. A FileStore caches scans so unchanged files are never re-scanned.
import * as fs from 'node:fs';
import type { SourceRange } from '../model';
import { scan, ScanResult, Token } from './lexer';
import type { TreeCache } from '../cache/treeCache';

export interface SourceFile {
  /** Absolute path, or a pseudo path such as `<defines>` for text that is not a file. */
  path: string;
  text: string;
  scan: ScanResult;
  /** Modification stamp when read from disk, to skip re-reading unchanged files. */
  stamp?: string;
  /** Offsets where each line starts (scan.lineStarts, which a file from a tree cache has without a scan). */
  lineStarts: number[];
  /** text.length, known without reading the file. */
  size: number;
}

/** Where file text comes from: the disk, or an editor's unsaved buffers layered on top. */
export interface FileSystemHost {
  /** File contents as a latin1 (byte) string, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  isDirectory(path: string): boolean;
  /** A cheap change marker (mtime and size); files with the same stamp are not re-read. */
  stamp?(path: string): string | undefined;
  /** Size in bytes without reading the file, to refuse huge files before reading them. */
  size?(path: string): number | undefined;
  /**
   * A directory's change marker, or undefined when it is not a directory, and its names. Include
   * search tries many directories per file; a listing answers them without a stat each.
   */
  directoryStamp?(dir: string): string | undefined;
  readDirectory?(dir: string): string[] | undefined;
}

/** Files larger than this are not read (Limits.maxFileSize); the largest corpus file is ~100 KiB. */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

/**
 * When a file with a nodeFileSystem stamp last changed (the later of mtime and ctime, in ms), or
 * undefined for a stamp of another form (an editor buffer's).
 */
export function stampChangedAt(stamp: string): number | undefined {
  const m = /^([\d.]+):([\d.]+):/.exec(stamp);
  return m ? Math.max(Number(m[1]), Number(m[2])) : undefined;
}

/** No file by that name: Node throws, rather than answer, for a name with a NUL byte (`</\0>`). */
function statOrUndefined(path: string): fs.Stats | undefined {
  return path.includes('\0') ? undefined : fs.statSync(path, { throwIfNoEntry: false });
}

export const nodeFileSystem: FileSystemHost = {
  readFile(path) {
    try {
      return fs.readFileSync(path, 'latin1');
    } catch {
      return undefined;
    }
  },
  isDirectory(path) {
    try {
      return fs.statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
  stamp(path) {
    const st = statOrUndefined(path);
    // ctime too: tools can set a file's mtime back (cp -p, tar, rsync -t), never its ctime.
    return st && st.isFile() ? `${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}` : undefined;
  },
  size(path) {
    const st = statOrUndefined(path);
    return st && st.isFile() ? st.size : undefined;
  },
  directoryStamp(dir) {
    const st = statOrUndefined(dir);
    return st && st.isDirectory() ? `${st.mtimeMs}:${st.ino}` : undefined;
  },
  readDirectory(dir) {
    try {
      return fs.readdirSync(dir);
    } catch {
      return undefined;
    }
  },
};

export class FileStore {
  private readonly cache = new Map<string, SourceFile>();
  private readonly maxEntries: number;

  /**
   * When set, files already read are not re-checked on disk: for sweeps over many targets, where
   * nothing changes underneath. Editors leave it off and rely on stamps.
   */
  trustCache = false;
  /**
   * Keep loaded trees for the next run (conf/loadCache.ts). Worth it in long-lived processes;
   * a one-shot command would only pay for the extra copy.
   */
  cacheLoads = true;
  /** Opt-in: keep loaded trees on disk for other processes (cache/treeCache.ts), for one-shot commands. */
  treeCache: TreeCache | undefined;
  private readonly missing = new Set<string>();

  constructor(readonly host: FileSystemHost = nodeFileSystem, maxEntries = 4096) {
    this.maxEntries = maxEntries;
  }

  /** Lookups made since beginRun(): one run sees each file once, however often it is included. */
  private run = new Map<string, SourceFile | undefined>();
  private maxFileSize = DEFAULT_MAX_FILE_SIZE;
  /** Files refused in this run for their size, with the size. */
  private refused = new Map<string, number>();

  /** Start a new analysis: files may have changed since the last one. */
  beginRun(maxFileSize = DEFAULT_MAX_FILE_SIZE): void {
    this.run = new Map();
    this.runDirs = new Set();
    this.runMissing = new Set();
    this.refused = new Map();
    this.maxFileSize = maxFileSize;
  }

  /** Why get(path) gave nothing, when it was the size limit: a message for a diagnostic. */
  tooLarge(path: string): string | undefined {
    const size = this.refused.get(path);
    if (size === undefined) return undefined;
    const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
    return `${path} is ${mib(size)}, over the ${mib(this.maxFileSize)} file size limit (maxFileSize): not read`;
  }

  private refuse(path: string, size: number): undefined {
    this.refused.set(path, size);
    return undefined;
  }

  /** Paths found missing in this run other than through a directory listing. */
  private runMissing = new Set<string>();

  private notFound(path: string): undefined {
    this.runMissing.add(path);
    return undefined;
  }

  /** Directory listings by path, and the ones checked in this run. */
  private readonly dirs = new Map<string, { stamp: string; names: Set<string> } | undefined>();
  private runDirs = new Set<string>();

  /** False when the directory listing says `path` does not exist (no listing: unknown, true). */
  private mayExist(path: string): boolean {
    const host = this.host;
    if (!host.directoryStamp || !host.readDirectory) return true;
    const slash = path.lastIndexOf('/');
    if (slash <= 0) return true;
    const dir = path.slice(0, slash);
    if (!this.runDirs.has(dir)) {
      this.runDirs.add(dir);
      const stamp = host.directoryStamp(dir);
      const known = this.dirs.get(dir);
      if (stamp === undefined) this.dirs.set(dir, undefined);
      else if (!known || known.stamp !== stamp) {
        const names = host.readDirectory(dir);
        this.dirs.set(dir, names ? { stamp, names: new Set(names) } : undefined);
      }
    }
    const entry = this.dirs.get(dir);
    return !!entry && entry.names.has(path.slice(slash + 1));
  }

  /** The file at `path`, scanned; undefined when it cannot be read. */
  get(path: string): SourceFile | undefined {
    if (this.run.has(path)) return this.run.get(path);
    const f = this.load(path);
    this.run.set(path, f);
    return f;
  }

  private load(path: string): SourceFile | undefined {
    if (this.trustCache) {
      const known = this.cache.get(path);
      if (known) return known.size > this.maxFileSize ? this.refuse(path, known.size) : known;
      if (this.missing.has(path)) return this.notFound(path);
    }
    if (!path.includes('/../') && !path.includes('/./') && !this.mayExist(path)) return undefined;
    const stamp = this.host.stamp?.(path);
    if (this.host.stamp && stamp === undefined) {
      if (this.trustCache) this.missing.add(path);
      return this.notFound(path);
    }
    const hit = this.cache.get(path);
    if (stamp !== undefined && hit && hit.stamp === stamp) return hit.size > this.maxFileSize ? this.refuse(path, hit.size) : hit;
    const size = this.host.size?.(path);
    if (size !== undefined && size > this.maxFileSize) return this.refuse(path, size);
    const text = this.host.readFile(path);
    if (text === undefined) return this.notFound(path);
    if (text.length > this.maxFileSize) return this.refuse(path, text.length);
    const file = this.fromText(path, text);
    file.stamp = stamp;
    return file;
  }

  fromText(path: string, text: string): SourceFile {
    const hit = this.cache.get(path);
    if (hit && hit.text === text) return hit;
    const scanned = scan(text);
    const file: SourceFile = { path, text, scan: scanned, lineStarts: scanned.lineStarts, size: text.length };
    // Tokens point back at their file so the parser can hand them out without copying.
    for (const t of file.scan.tokens) (t as Token & { file?: SourceFile }).file = file;
    this.remember(file);
    return file;
  }

  /**
   * A file known from a tree cache whose stamp was just checked: later lookups in this run and
   * after it find it like a file read from disk; its text is read only if someone asks.
   */
  adopt(path: string, stamp: string, size: number, lineStarts: number[]): SourceFile {
    const file = new CachedSourceFile(path, stamp, size, lineStarts, this.host);
    this.remember(file);
    this.run.set(path, file);
    return file;
  }

  private remember(file: SourceFile): void {
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(file.path, file);
  }

  /**
   * What this run learnt about the disk besides the files it read: the directory listings it
   * consulted (undefined stamp: no such directory) and the paths it found missing without one.
   * A cache of an answer is valid while these are unchanged.
   */
  runLookups(): { dirs: Array<[string, string | undefined]>; missing: string[] } {
    return { dirs: [...this.runDirs].map((d) => [d, this.dirs.get(d)?.stamp]), missing: [...this.runMissing] };
  }
}

/** A file whose text is read on first use: its stamp and line table came from a cache. */
class CachedSourceFile implements SourceFile {
  private loaded: SourceFile | undefined;

  constructor(
    readonly path: string,
    readonly stamp: string,
    readonly size: number,
    readonly lineStarts: number[],
    private readonly host: FileSystemHost,
  ) {}

  private get contents(): SourceFile {
    if (!this.loaded) {
      const text = this.host.readFile(this.path) ?? '';
      const scanned = scan(text);
      this.loaded = { path: this.path, text, scan: scanned, lineStarts: scanned.lineStarts, size: text.length };
      for (const t of scanned.tokens) (t as Token & { file?: SourceFile }).file = this;
    }
    return this.loaded;
  }

  get text(): string {
    return this.contents.text;
  }

  get scan(): ScanResult {
    return this.contents.scan;
  }
}

/**
 * A range whose line and column are worked out only when read: the engine records a range for
 * every value it loads, and most are never looked at.
 */
class LazyRange implements SourceRange {
  private lc: { line: number; col: number; endLine: number; endCol: number } | undefined;

  constructor(
    private readonly src: SourceFile,
    readonly offset: number,
    readonly endOffset: number,
  ) {}

  get file(): string {
    return this.src.path;
  }

  private get pos() {
    if (!this.lc) {
      const a = lineCol(this.src.lineStarts, this.offset);
      const b = lineCol(this.src.lineStarts, this.endOffset);
      this.lc = { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
    }
    return this.lc;
  }

  get line(): number {
    return this.pos.line;
  }
  get col(): number {
    return this.pos.col;
  }
  get endLine(): number {
    return this.pos.endLine;
  }
  get endCol(): number {
    return this.pos.endCol;
  }

  toJSON(): SourceRange {
    return plainRange(this);
  }
}

/** 1-based line/column range for a half-open offset span of `file`. */
export function rangeOf(file: SourceFile, start: number, end: number): SourceRange {
  return new LazyRange(file, start, end);
}

/** A plain-object copy, safe to post between threads or serialize. */
export function plainRange(r: SourceRange): SourceRange {
  return { file: r.file, line: r.line, col: r.col, endLine: r.endLine, endCol: r.endCol, offset: r.offset, endOffset: r.endOffset };
}

function lineCol(starts: number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - starts[lo] + 1 };
}
