// FileSyntax of the files an analysis reads, from the open buffer when there is one, else from
// disk; recomputed only when the buffer version or the file's mtime changes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { topologyRootOf } from './buildContext';
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

  get(file: string): FileEntry | undefined {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
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

export function positionAt(e: FileEntry, offset: number): vscode.Position {
  let lo = 0;
  let hi = e.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (e.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return new vscode.Position(lo, offset - e.lineStarts[lo]);
}

export function rangeAt(e: FileEntry, start: number, end: number): vscode.Range {
  return new vscode.Range(positionAt(e, start), positionAt(e, end));
}
