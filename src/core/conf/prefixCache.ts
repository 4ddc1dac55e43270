// Each keystroke changes the top-level file, so its cached load (loadCache.ts) no longer applies.
// But edits land below the file's leading `<...>` includes, which bring in most of the text (the
// class definitions): keep the parse state after them and resume from it while the roots before
// the top-level file, every file those includes read and the top-level text up to its first
// definition are unchanged. Files are compared as the load cache compares them, by store identity.
import { FileStore, SourceFile } from './files';
import { Checkpoint, leadingDirectives } from './parser';
import { sharedOf } from './sharedClasses';

const MAX_ENTRIES = 8;

interface Entry {
  cp: Checkpoint;
  /** The files read before the checkpoint, the last root excepted (undefined there). */
  files: (SourceFile | undefined)[];
  /** The last root's text before the checkpoint. */
  prefix: string;
}

const stores = new WeakMap<FileStore, Map<string, Entry>>();

function prefixOf(last: SourceFile, pos: number): string | undefined {
  const t = last.scan.tokens[pos];
  return t && leadingDirectives(last) === pos ? last.text.slice(0, t.start) : undefined;
}

function fileAt(store: FileStore, roots: SourceFile[], p: string): SourceFile | undefined {
  return roots.find((r) => r.path === p) ?? store.get(p);
}

/** A checkpoint taken by an earlier load of `key` that still describes `roots`. */
export function findCheckpoint(store: FileStore, key: string, roots: SourceFile[]): Checkpoint | undefined {
  const e = stores.get(store)?.get(key);
  if (!e) return undefined;
  // A run wrote into the classes it shared with this checkpoint: they are not the files' any more.
  if (sharedOf(e.cp.tree)?.spoiled) return undefined;
  const last = roots[roots.length - 1];
  if (prefixOf(last, e.cp.pos) !== e.prefix) return undefined;
  for (let i = 0; i < e.files.length; i++) {
    const p = e.cp.files[i];
    if (p !== last.path && fileAt(store, roots, p) !== e.files[i]) return undefined;
  }
  return e.cp;
}

export function keepCheckpoint(store: FileStore, key: string, roots: SourceFile[], cp: Checkpoint): void {
  const last = roots[roots.length - 1];
  const prefix = prefixOf(last, cp.pos);
  if (prefix === undefined) return;
  const files = cp.files.map((p) => (p === last.path ? undefined : fileAt(store, roots, p)));
  if (files.some((f, i) => !f && cp.files[i] !== last.path)) return;
  let m = stores.get(store);
  if (!m) stores.set(store, (m = new Map()));
  if (m.size >= MAX_ENTRIES && !m.has(key)) m.delete(m.keys().next().value as string);
  m.set(key, { cp, files, prefix });
}

const written = new WeakMap<FileStore, Map<string, Set<string>>>();

/**
 * Classes (`<group>.<name>`) that runs of the load `key` wrote into: the trees kept for it copy
 * them instead of sharing them (sharedClasses.ts). Kept for as many loads as checkpoints are.
 */
export function writtenClasses(store: FileStore, key: string): Set<string> {
  let m = written.get(store);
  if (!m) written.set(store, (m = new Map()));
  let s = m.get(key);
  if (!s) {
    if (m.size >= MAX_ENTRIES * 4) m.delete(m.keys().next().value as string);
    m.set(key, (s = new Set()));
  }
  return s;
}
