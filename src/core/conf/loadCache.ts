// Layer 1 depends only on the files read, not on -D or the platform: the loaded tree of a top-level
// file is kept and copied for the next run while none of its files changed. Sweeps over many build
// targets of one topology, and re-analysis after an edit elsewhere, skip the parse.
import type { Diagnostic } from '../model';
import { ConfNode } from './node';
import { FileStore, SourceFile } from './files';
import { loadConfig, LoadContext, LoadOptions } from './parser';

interface Entry {
  tree: ConfNode;
  files: SourceFile[];
  diagnostics: Diagnostic[];
  ok: boolean;
}

const MAX_ENTRIES = 32;
/** Missing include file, missing search dir, file over the size limit. */
const UNREAD = new Set(['TPLG004', 'TPLG005', 'TPLG010']);
const caches = new WeakMap<FileStore, Map<string, Entry>>();

/** loadConfig into a fresh root, reusing an earlier load of the same, unchanged files. */
export function loadCached(roots: SourceFile[], opts: LoadOptions, ctx: LoadContext): { tree: ConfNode; ok: boolean } {
  if (!ctx.store.cacheLoads) {
    const tree = ConfNode.compound('');
    return { tree, ok: loadConfig(tree, roots, opts, ctx) };
  }
  let cache = caches.get(ctx.store);
  if (!cache) caches.set(ctx.store, (cache = new Map()));
  const key = JSON.stringify([roots.map((r) => r.path), opts.configDir, opts.maxIncludeDepth ?? 0, opts.maxNestingDepth ?? 0]);
  const hit = cache.get(key);
  if (hit && hit.files.every((f, i) => (i < roots.length ? roots[i] === f : ctx.store.get(f.path) === f))) {
    for (const f of hit.files) if (!ctx.files.includes(f.path)) ctx.files.push(f.path);
    ctx.diagnostics.push(...hit.diagnostics);
    return { tree: hit.tree.copy(), ok: hit.ok };
  }
  const tree = ConfNode.compound('');
  const before = ctx.diagnostics.length;
  const filesBefore = ctx.files.length;
  const ok = loadConfig(tree, roots, opts, ctx);
  const files = ctx.files.slice(filesBefore).map((p) => roots.find((r) => r.path === p) ?? ctx.store.get(p));
  const diagnostics = ctx.diagnostics.slice(before);
  // A file or directory that was missing (or too large) is not among `files`: creating it must not hit.
  if (files.every((f): f is SourceFile => !!f) && !diagnostics.some((d) => UNREAD.has(d.code))) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, { tree: tree.copy(), files, diagnostics, ok });
  }
  return { tree, ok };
}
