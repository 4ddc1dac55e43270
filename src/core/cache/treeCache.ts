// Loaded trees kept on disk between processes, like a compiler's precompiled headers: a one-shot
// run whose top-level file and includes did not change rebuilds the tree from one JSON file
// instead of reading, scanning and parsing ~100 files. Evaluation (-D, IncludeByKey, objects)
// always runs. An entry is used only when every file it was loaded from has the same stamp (size,
// mtime, ctime, inode) and every directory searched for includes the same listing stamp; an
// unreadable, truncated or corrupt entry is ignored and rewritten.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConfNode } from '../conf/node';
import { FileStore, nodeFileSystem, SourceFile, stampChangedAt } from '../conf/files';
import type { Diagnostic } from '../model';
import { writeFileAtomic } from './atomicFile';
import { DEFAULT_CACHE_MAX_BYTES, pruneToBound, touch } from './cacheBound';
import { CorruptCache, decodeDiagnostics, decodeTree, encodeDiagnostics, encodeTree } from './treeCodec';

const FORMAT = 1;
/**
 * Files changed this recently are not cached: on a file system with coarse timestamps a second
 * edit within the same tick would keep the stamp (git's "racy clean" problem).
 */
const SETTLE_MS = 2000;

export interface CachedLoad {
  tree: ConfNode;
  /** Every file the load read, in first-open order (roots first). */
  files: SourceFile[];
  diagnostics: Diagnostic[];
  ok: boolean;
}

interface Entry {
  format: number;
  key: string;
  /** path, stamp, text length, line lengths */
  files: Array<[string, string, number, number[]]>;
  /** Directory listings consulted: path and stamp (null: there was no such directory). */
  dirs: Array<[string, string | null]>;
  /** Paths looked for and not found outside a listed directory. */
  missing: string[];
  ok: boolean;
  diagnostics: unknown;
  tree: unknown;
}

export class TreeCache {
  private readonly folder: string;
  /** The cache folder's size after this instance's last walk plus what it wrote since. */
  private knownBytes: number | undefined;

  /**
   * `buildId` names the tool build: a new build never reads trees an older one wrote. `dir` (the
   * whole cache folder) is kept under `maxBytes`, least recently used first (cacheBound.ts).
   */
  constructor(
    private readonly dir: string,
    buildId: string,
    private readonly settleMs = SETTLE_MS,
    private readonly maxBytes = DEFAULT_CACHE_MAX_BYTES,
  ) {
    this.folder = path.join(dir, `trees-${buildId}`);
  }

  /** The cached load for `key`, if still valid for the files on disk. */
  get(key: string, store: FileStore, roots: SourceFile[]): CachedLoad | undefined {
    if (store.host !== nodeFileSystem) return undefined;
    let text: string;
    try {
      text = fs.readFileSync(this.fileFor(key), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const e = JSON.parse(text) as Entry;
      if (e.format !== FORMAT || e.key !== key || !Array.isArray(e.files) || !Array.isArray(e.dirs) || !Array.isArray(e.missing)) return undefined;
      if (!this.unchanged(e, roots)) return undefined;
      const files = e.files.map(([p, stamp, size, lines], i) => (i < roots.length ? roots[i] : store.adopt(p, stamp, size, lineStarts(lines))));
      touch(this.fileFor(key));
      return { tree: decodeTree(e.tree, files), files, diagnostics: decodeDiagnostics(e.diagnostics, files), ok: e.ok === true };
    } catch (err) {
      if (err instanceof CorruptCache || err instanceof SyntaxError || err instanceof TypeError) return undefined;
      throw err;
    }
  }

  /** Whether every file, listing and missing path of the entry is as it was. */
  private unchanged(e: Entry, roots: SourceFile[]): boolean {
    const host = nodeFileSystem;
    if (e.files.length < roots.length) return false;
    for (let i = 0; i < e.files.length; i++) {
      const [p, stamp] = e.files[i];
      if (i < roots.length ? roots[i].path !== p || roots[i].stamp !== stamp : host.stamp!(p) !== stamp) return false;
    }
    for (const [d, stamp] of e.dirs) if ((host.directoryStamp!(d) ?? null) !== stamp) return false;
    for (const p of e.missing) if (host.stamp!(p) !== undefined) return false;
    return true;
  }

  /** Keep a load for the next process; silently does nothing when it cannot be kept faithfully. */
  put(key: string, store: FileStore, load: CachedLoad): void {
    if (store.host !== nodeFileSystem) return;
    const now = Date.now();
    const index = new Map(load.files.map((f, i) => [f.path, i]));
    const files: Entry['files'] = [];
    for (const f of load.files) {
      const stamp = f.stamp;
      const changed = stamp === undefined ? undefined : stampChangedAt(stamp);
      if (stamp === undefined || changed === undefined || changed > now - this.settleMs) return;
      files.push([f.path, stamp, f.size, lineLengths(f.lineStarts)]);
    }
    const lookups = store.runLookups();
    const tree = encodeTree(load.tree, index);
    const diagnostics = encodeDiagnostics(load.diagnostics, index);
    if (!tree || !diagnostics) return;
    const entry: Entry = {
      format: FORMAT,
      key,
      files,
      dirs: lookups.dirs.map(([d, s]) => [d, s ?? null]),
      missing: lookups.missing,
      ok: load.ok,
      diagnostics,
      tree,
    };
    const file = this.fileFor(key);
    const text = JSON.stringify(entry);
    if (!writeFileAtomic(file, text)) return;
    // The folder is walked only when this run's writes may have taken it past the bound (known
    // from the last walk), not on every write.
    if (this.knownBytes === undefined || this.knownBytes + text.length > this.maxBytes) this.knownBytes = pruneToBound(this.dir, this.maxBytes, file).after;
    else this.knownBytes += text.length;
  }

  private fileFor(key: string): string {
    return path.join(this.folder, `${hash(key)}.json`);
  }
}

function lineLengths(starts: number[]): number[] {
  const out = new Array<number>(starts.length - 1);
  for (let i = 1; i < starts.length; i++) out[i - 1] = starts[i] - starts[i - 1];
  return out;
}

function lineStarts(lengths: unknown): number[] {
  if (!Array.isArray(lengths)) throw new CorruptCache('lines');
  const out = new Array<number>(lengths.length + 1);
  out[0] = 0;
  for (let i = 0; i < lengths.length; i++) out[i + 1] = out[i] + (lengths[i] as number);
  return out;
}

/** 64-bit FNV-1a of the key, in hex: a file name; the key itself is checked inside. */
function hash(s: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) h = BigInt.asUintN(64, (h ^ BigInt(s.charCodeAt(i))) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}
