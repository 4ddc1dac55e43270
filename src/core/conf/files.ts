// Source files as the engine sees them: bytes (latin1 strings), scanned once, with line tables for
// turning offsets into ranges. A FileStore caches scans so unchanged files are never re-scanned.
import * as fs from 'node:fs';
import type { SourceRange } from '../model';
import { scan, ScanResult } from './lexer';

export interface SourceFile {
  /** Absolute path, or a pseudo path such as `<defines>` for text that is not a file. */
  path: string;
  text: string;
  scan: ScanResult;
}

/** Where file text comes from: the disk, or an editor's unsaved buffers layered on top. */
export interface FileSystemHost {
  /** File contents as a latin1 (byte) string, or undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  isDirectory(path: string): boolean;
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
};

export class FileStore {
  private readonly cache = new Map<string, SourceFile>();
  private readonly maxEntries: number;

  constructor(readonly host: FileSystemHost = nodeFileSystem, maxEntries = 4096) {
    this.maxEntries = maxEntries;
  }

  /** The file at `path`, scanned; undefined when it cannot be read. */
  get(path: string): SourceFile | undefined {
    const text = this.host.readFile(path);
    if (text === undefined) return undefined;
    return this.fromText(path, text);
  }

  fromText(path: string, text: string): SourceFile {
    const hit = this.cache.get(path);
    if (hit && hit.text === text) return hit;
    const file: SourceFile = { path, text, scan: scan(text) };
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(path, file);
    return file;
  }
}

/** 1-based line/column range for a half-open offset span of `file`. */
export function rangeOf(file: SourceFile, start: number, end: number): SourceRange {
  const a = lineCol(file.scan.lineStarts, start);
  const b = lineCol(file.scan.lineStarts, end);
  return { file: file.path, line: a.line, col: a.col, endLine: b.line, endCol: b.col, offset: start, endOffset: end };
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
