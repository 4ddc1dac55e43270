// The client's open documents by file path, and which of them differ from the disk: only those
// are laid over the files the engine reads (an unchanged open file is read from disk like any
// other, so directory listings and the tree cache stay as they are).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';

/**
 * The real path of `file` (symbolic links resolved), the one name the server keys files by: an
 * editor may name a file by a link (VS Code: the path as opened) or by its target (Neovim: the
 * resolved path), and a topology tree reached through a link must still be one tree. A file that
 * does not exist keeps its name under its folder's real path.
 */
export function realPath(file: string): string {
  try {
    return fs.realpathSync.native(file);
  } catch {
    const dir = path.dirname(file);
    return dir === file ? file : path.join(realPath(dir), path.basename(file));
  }
}

/** Absolute real path of a `file:` URI; undefined for any other scheme or a malformed URI. */
export function uriToPath(uri: string): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return realPath(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/**
 * How the client names files, so that what the server sends (diagnostics, locations, edits) lands
 * on the client's documents: the URI of each document it opened, and its workspace folders as it
 * named them (a folder that is a link).
 */
const clientNames = new Map<string, string>();
let clientFolders: Array<{ real: string; named: string }> = [];

/** Remembers the workspace folders as the client named them; returns their real paths. */
export function useClientFolders(named: readonly string[]): string[] {
  clientFolders = named.map((n) => ({ real: realPath(n), named: path.resolve(n) })).filter((f) => f.real !== f.named);
  return named.map(realPath);
}

/** The URI the client knows `file` (a real path) by. */
export function pathToUri(file: string): string {
  const named = clientNames.get(file);
  if (named) return named;
  for (const f of clientFolders) {
    if (file.startsWith(`${f.real}/`)) return pathToFileURL(f.named + file.slice(f.real.length)).href;
  }
  return pathToFileURL(file).href;
}

interface Open {
  doc: TextDocument;
  /** Text differs from the file on disk (edited since opened or saved). */
  dirty: boolean;
}

export class Documents {
  private readonly open = new Map<string, Open>();

  /** The open document of `file`, if any. */
  get(file: string): TextDocument | undefined {
    return this.open.get(file)?.doc;
  }

  all(): TextDocument[] {
    return [...this.open.values()].map((o) => o.doc);
  }

  didOpen(file: string, uri: string, languageId: string, version: number, text: string): TextDocument {
    const doc = TextDocument.create(uri, languageId, version, text);
    clientNames.set(file, uri);
    this.open.set(file, { doc, dirty: !sameAsDisk(file, text) });
    return doc;
  }

  /** Applies edits; positions out of range are clamped to the document by TextDocument.update. */
  didChange(file: string, version: number, changes: TextDocumentContentChangeEvent[]): TextDocument | undefined {
    const o = this.open.get(file);
    if (!o) return undefined;
    o.doc = TextDocument.update(o.doc, changes, version);
    o.dirty = true;
    return o.doc;
  }

  didSave(file: string): void {
    const o = this.open.get(file);
    if (o) o.dirty = !sameAsDisk(file, o.doc.getText());
  }

  didClose(file: string): void {
    this.open.delete(file);
  }

  /** Unsaved text by path, for the engine. */
  overlays(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [file, o] of this.open) if (o.dirty) out[file] = o.doc.getText();
    return out;
  }
}

/** Files larger than this are not compared: treated as edited, the engine refuses them by size. */
const MAX_COMPARE = 8 << 20;

function sameAsDisk(file: string, text: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_COMPARE) return false;
    return fs.readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}
