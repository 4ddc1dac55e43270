// Layer 1 depends only on the files read, not on -D or the platform: the loaded tree of a top-level
// file is kept and copied for the next run while none of its files changed. Sweeps over many build
// targets of one topology, and re-analysis after an edit elsewhere, skip the parse. A store can
// also keep loads on disk (cache/treeCache.ts) so that the next process skips it too.
import type { CachedLoad } from '../cache/treeCache';
import { ConfNode } from './node';
import { FileStore, SourceFile } from './files';
import { Checkpoint, loadConfig, LoadContext, LoadOptions } from './parser';
import { findCheckpoint, keepCheckpoint } from './prefixCache';

const MAX_ENTRIES = 32;
/** Missing include file, missing search dir, file over the size limit. */
const UNREAD = new Set(['TPLG004', 'TPLG005', 'TPLG010']);
const caches = new WeakMap<FileStore, Map<string, CachedLoad>>();

/**
 * loadConfig into a fresh root, reusing an earlier load of the same, unchanged files: from memory
 * when `memory` (the store's cacheLoads by default), else from the store's tree cache if any.
 */
export function loadCached(roots: SourceFile[], opts: LoadOptions, ctx: LoadContext, memory = ctx.store.cacheLoads): { tree: ConfNode; ok: boolean } {
  const store = ctx.store;
  if (!memory && !store.treeCache) {
    const tree = ConfNode.compound('');
    return { tree, ok: loadConfig(tree, roots, opts, ctx) };
  }
  let cache: Map<string, CachedLoad> | undefined;
  if (memory) {
    cache = caches.get(store);
    if (!cache) caches.set(store, (cache = new Map()));
  }
  const key = JSON.stringify([roots.map((r) => r.path), opts.configDir, opts.maxIncludeDepth ?? 0, opts.maxNestingDepth ?? 0]);
  const hit = cache?.get(key);
  if (hit && hit.files.every((f, i) => (i < roots.length ? roots[i] === f : store.get(f.path) === f))) return reuse(hit, ctx, hit.tree.copy());
  const stored = store.treeCache?.get(key, store, roots);
  if (stored) {
    if (cache) remember(cache, key, { ...stored, tree: stored.tree.copy() });
    return reuse(stored, ctx, stored.tree);
  }
  // A context of its own, so that the entry lists every file the load read, even files `ctx` has
  // seen before (an IncludeByKey file including one the top level included too).
  const own: LoadContext = { store, diagnostics: [], files: [] };
  // In memory only, a load can resume after the top-level file's unchanged includes (prefixCache.ts).
  // A checkpoint costs a copy: take one only once the files of this load have changed (`hit` is
  // stale), as in an editor, never for the first load of a target in a sweep.
  const resume = cache ? findCheckpoint(store, key, roots) : undefined;
  const tree = resume ? resume.tree.copy() : ConfNode.compound('');
  const hooks = cache && (resume || hit) ? { resume, take: resume ? undefined : (cp: Checkpoint) => keepCheckpoint(store, key, roots, cp) } : undefined;
  const ok = loadConfig(tree, roots, opts, own, hooks);
  const files = own.files.map((p) => roots.find((r) => r.path === p) ?? store.get(p));
  const load = { tree, files: files as SourceFile[], diagnostics: own.diagnostics, ok };
  // A file or directory that was missing (or too large) is not among `files`: creating it must not hit.
  if (files.every((f) => !!f) && !own.diagnostics.some((d) => UNREAD.has(d.code))) {
    // A resumed load is an edit in progress: the checkpoint already saves most of the next one,
    // and a copy of the whole tree for a rerun of the same text would cost more than it saves.
    if (cache && !resume) remember(cache, key, { ...load, tree: tree.copy() });
    store.treeCache?.put(key, store, load);
  }
  return reuse(load, ctx, tree);
}

function reuse(load: CachedLoad, ctx: LoadContext, tree: ConfNode): { tree: ConfNode; ok: boolean } {
  for (const f of load.files) if (f && !ctx.files.includes(f.path)) ctx.files.push(f.path);
  ctx.diagnostics.push(...load.diagnostics);
  return { tree, ok: load.ok };
}

function remember(cache: Map<string, CachedLoad>, key: string, load: CachedLoad): void {
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(key, load);
}
