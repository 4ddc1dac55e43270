// Layer 1 depends only on the files read, not on -D or the platform: the loaded tree of a top-level
// file is kept and copied for the next run while none of its files changed. Sweeps over many build
// targets of one topology, and re-analysis after an edit elsewhere, skip the parse. IncludeByKey
// files are kept the same way (a copy costs a fraction of a parse). A store can also keep loads on
// disk (cache/treeCache.ts) so that the next process skips it too.
import type { CachedLoad } from '../cache/treeCache';
import { ConfNode } from './node';
import { FileStore, SourceFile } from './files';
import { Checkpoint, loadConfig, LoadContext, LoadOptions } from './parser';
import { findCheckpoint, keepCheckpoint, writtenClasses } from './prefixCache';
import { SharedClasses, sharedOf, shareWith } from './sharedClasses';

/** A top-level load (with its leading includes) or the load of one IncludeByKey file. */
export type LoadKind = 'top' | 'included';
/** Top-level trees hold every class (thousands of nodes); IncludeByKey trees are small. */
const MAX_ENTRIES: Record<LoadKind, number> = { top: 32, included: 256 };
/** Missing include file, missing search dir, file over the size limit. */
const UNREAD = new Set(['TPLG004', 'TPLG005', 'TPLG010']);
const caches = new WeakMap<FileStore, Record<LoadKind, Map<string, CachedLoad>>>();

/**
 * loadConfig into a fresh root, reusing an earlier load of the same, unchanged files: from memory
 * when `memory` (the store's cacheLoads by default), else from the store's tree cache if any.
 */
export interface Loaded {
  tree: ConfNode;
  ok: boolean;
  /**
   * Set when the tree shares its classes with a checkpoint (sharedClasses.ts): the caller checks
   * `intact()` after the stages that may write into the input and before reading classes.
   */
  shared?: SharedClasses;
}

export function loadCached(roots: SourceFile[], opts: LoadOptions, ctx: LoadContext, kind: LoadKind = 'top', memory = ctx.store.cacheLoads): Loaded {
  const store = ctx.store;
  if (!memory && !store.treeCache) {
    const tree = ConfNode.compound('');
    return { tree, ok: loadConfig(tree, roots, opts, ctx) };
  }
  let cache: Map<string, CachedLoad> | undefined;
  if (memory) {
    let both = caches.get(store);
    if (!both) caches.set(store, (both = { top: new Map(), included: new Map() }));
    cache = both[kind];
  }
  const key = JSON.stringify([roots.map((r) => r.path), opts.configDir, opts.maxIncludeDepth ?? 0, opts.maxNestingDepth ?? 0]);
  const hit = cache?.get(key);
  // Top-level trees keep their classes shared with the runs that use them (sharedClasses.ts).
  const hitShared = hit && sharedOf(hit.tree);
  if (hit && !hitShared?.spoiled && hit.files.every((f, i) => (i < roots.length ? roots[i] === f : store.get(f.path) === f))) {
    return withShared(reuse(hit, ctx, hitShared ? hitShared.copy(hit.tree) : hit.tree.copy()), hitShared);
  }
  const stored = store.treeCache?.get(key, store, roots);
  if (stored) {
    if (cache) remember(cache, MAX_ENTRIES[kind], key, { ...stored, tree: stored.tree.copy() });
    return reuse(stored, ctx, stored.tree);
  }
  // A context of its own, so that the entry lists every file the load read, even files `ctx` has
  // seen before (an IncludeByKey file including one the top level included too).
  const own: LoadContext = { store, diagnostics: [], files: [] };
  // In memory only, a load can resume after the top-level file's unchanged includes (prefixCache.ts).
  // A checkpoint costs a copy (of what is not a class): take one only once the files of this load
  // have changed (`hit` is stale), as in an editor, never for the first load of a target in a sweep.
  const top = cache && kind === 'top';
  const written = top ? writtenClasses(store, key) : undefined;
  const resume = top ? findCheckpoint(store, key, roots) : undefined;
  let shared = resume ? sharedOf(resume.tree) : undefined;
  const tree = resume ? (shared ? shared.copy(resume.tree) : resume.tree.copy()) : ConfNode.compound('');
  const take = (cp: Checkpoint): void => {
    // `cp.tree` is the tree being loaded: the checkpoint keeps a copy sharing its classes.
    shared = new SharedClasses(cp.tree, written!);
    const kept = { ...cp, tree: shared.copy(cp.tree, false) };
    shareWith(kept.tree, shared);
    keepCheckpoint(store, key, roots, kept);
  };
  // While someone types in an included file (a class file), each run changes a file read before
  // the checkpoint, so a tree kept now would never be used: keep none, and let the run's tree die
  // young. Typing in the top-level file again keeps them again from its first run.
  const typingInIncluded = top && !resume && includedChanged(store, key, roots);
  const hooks = top && (resume || hit) && !typingInIncluded ? { resume, take: resume ? undefined : take } : undefined;
  const ok = loadConfig(tree, roots, opts, own, hooks);
  const files = own.files.map((p) => roots.find((r) => r.path === p) ?? store.get(p));
  if (top) lastRun(store).set(key, files);
  const load = { tree, files: files as SourceFile[], diagnostics: own.diagnostics, ok };
  // A file or directory that was missing (or too large) is not among `files`: creating it must not hit.
  if (files.every((f) => !!f) && !own.diagnostics.some((d) => UNREAD.has(d.code))) {
    // A resumed load is an edit in progress: the checkpoint already saves most of the next one,
    // and a copy of the whole tree for a rerun of the same text would cost more than it saves.
    if (cache && !resume && !typingInIncluded) {
      if (top && !shared) shared = new SharedClasses(tree, written!);
      const kept = shared ? shared.copy(tree, false) : tree.copy();
      if (shared) shareWith(kept, shared);
      remember(cache, MAX_ENTRIES[kind], key, { ...load, tree: kept });
    }
    store.treeCache?.put(key, store, load);
  }
  return withShared(reuse(load, ctx, tree), shared);
}

/** The files each top-level load read in its last run, by store and key. */
const lastRuns = new WeakMap<FileStore, Map<string, (SourceFile | undefined)[]>>();

function lastRun(store: FileStore): Map<string, (SourceFile | undefined)[]> {
  let m = lastRuns.get(store);
  if (!m) lastRuns.set(store, (m = new Map()));
  if (m.size > MAX_ENTRIES.top) m.delete(m.keys().next().value as string);
  return m;
}

/** Whether a file the last run of `key` read, other than the top-level file, has changed since. */
function includedChanged(store: FileStore, key: string, roots: SourceFile[]): boolean {
  const before = lastRuns.get(store)?.get(key);
  const last = roots[roots.length - 1].path;
  return !!before?.some((f) => f && f.path !== last && (roots.find((r) => r.path === f.path) ?? store.get(f.path)) !== f);
}

function withShared(loaded: Loaded, shared: SharedClasses | undefined): Loaded {
  if (shared) loaded.shared = shared;
  return loaded;
}

function reuse(load: CachedLoad, ctx: LoadContext, tree: ConfNode): Loaded {
  for (const f of load.files) if (f && !ctx.files.includes(f.path)) ctx.files.push(f.path);
  ctx.diagnostics.push(...load.diagnostics);
  return { tree, ok: load.ok };
}

function remember(cache: Map<string, CachedLoad>, bound: number, key: string, load: CachedLoad): void {
  if (cache.size >= bound) cache.delete(cache.keys().next().value as string);
  cache.set(key, load);
}
