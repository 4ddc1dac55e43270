// FileSyntax of the files an analysis reads, from the open buffer when there is one, else from
// disk; recomputed only when the buffer version or the file's mtime changes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position, Range } from 'vscode-languageserver';
import { topologyRootOf } from './buildContext';
import type { Documents } from './documents';
import { fileSyntax, type FileSyntax, type IncludeSite } from '../core/syntax/fileSyntax';

export interface FileEntry {
  file: string;
  text: string;
  syntax: FileSyntax;
  lineStarts: number[];
}

interface Cached extends FileEntry {
  stamp: string;
}

export class SyntaxCache {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly documents: Documents) {}

  get(file: string): FileEntry | undefined {
    const doc = this.documents.get(file);
    let stamp: string;
    let read: () => string;
    if (doc) {
      stamp = `doc:${doc.version}`;
      read = () => doc.getText();
    } else {
      try {
        stamp = `disk:${fs.statSync(file).mtimeMs}`;
      } catch {
        return undefined;
      }
      read = () => fs.readFileSync(file, 'utf8');
    }
    const hit = this.cache.get(file);
    if (hit?.stamp === stamp) return hit;
    let text: string;
    try {
      text = read();
    } catch {
      return undefined;
    }
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
    const entry: Cached = { file, text, syntax: fileSyntax(text), lineStarts, stamp };
    this.cache.set(file, entry);
    return entry;
  }

  /** The file an include site names, searched as the SOF build does (topology2 root, searchdirs). */
  resolveInclude(site: IncludeSite, from: string, topLevel: string | undefined): string | undefined {
    const root = topologyRootOf(topLevel ?? from);
    if (site.kind === 'includeByKey') return existing(path.join(root, site.path));
    if (site.kind === 'searchdir') return undefined;
    if (path.isAbsolute(site.path)) return existing(site.path);
    const dirs = [root];
    for (const f of [from, topLevel]) {
      const e = f ? this.get(f) : undefined;
      for (const s of e?.syntax.includes ?? []) if (s.kind === 'searchdir') dirs.push(path.join(root, s.path));
    }
    for (const d of dirs) {
      const hit = existing(path.join(d, site.path));
      if (hit) return hit;
    }
    return undefined;
  }
}

function existing(p: string): string | undefined {
  try {
    return fs.statSync(p).isFile() ? p : undefined;
  } catch {
    return undefined;
  }
}

export function positionAt(e: FileEntry, offset: number): Position {
  let lo = 0;
  let hi = e.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (e.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - e.lineStarts[lo] };
}

export function rangeAt(e: FileEntry, start: number, end: number): Range {
  return { start: positionAt(e, start), end: positionAt(e, end) };
}

/** Offset of `pos` in `e`, clamped to the text (a client may send any line and character). */
export function offsetAt(e: FileEntry, pos: Position): number {
  const line = Math.max(0, Math.min(Math.floor(Number(pos?.line) || 0), e.lineStarts.length - 1));
  const lineEnd = line + 1 < e.lineStarts.length ? e.lineStarts[line + 1] - 1 : e.text.length;
  return Math.max(e.lineStarts[line], Math.min(e.lineStarts[line] + Math.max(0, Math.floor(Number(pos?.character) || 0)), lineEnd));
}

/** The text of line `line` (0-based), clamped. */
export function lineText(e: FileEntry, line: number): string {
  const l = Math.max(0, Math.min(line, e.lineStarts.length - 1));
  const end = l + 1 < e.lineStarts.length ? e.lineStarts[l + 1] - 1 : e.text.length;
  return e.text.slice(e.lineStarts[l], end).replace(/\r$/, '');
}
