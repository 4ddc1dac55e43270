// The per-user cache folder is bounded: when a write takes it past its size bound, the least
// recently used files go first until it is back under a low-water mark (three quarters of the
// bound), so a long series of runs does not prune on every write. "Used" is the file's mtime:
// readers touch an entry on every hit, since atime is unreliable (noatime, relatime mounts).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_CACHE_MAX_BYTES = 128 * 1024 * 1024;
const LOW_WATER = 0.75;

export interface CacheFile {
  path: string;
  size: number;
  usedMs: number;
}

/** Every regular file below `root`. */
export function cacheFiles(root: string): CacheFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(root, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  const out: CacheFile[] = [];
  for (const name of names) {
    const p = path.join(root, name);
    try {
      const st = fs.statSync(p);
      if (st.isFile()) out.push({ path: p, size: st.size, usedMs: st.mtimeMs });
    } catch {
      // removed meanwhile by another process
    }
  }
  return out;
}

export interface PruneResult {
  before: number;
  after: number;
  removed: number;
}

/**
 * Brings `root` under `maxBytes` when it is over, least recently used first; `keep` (the file
 * just written) is never removed. Files another process removes or holds are skipped.
 */
export function pruneToBound(root: string, maxBytes: number, keep?: string): PruneResult {
  const files = cacheFiles(root);
  const before = files.reduce((n, f) => n + f.size, 0);
  let after = before;
  let removed = 0;
  if (before <= maxBytes) return { before, after, removed };
  files.sort((a, b) => a.usedMs - b.usedMs);
  for (const f of files) {
    if (after <= maxBytes * LOW_WATER) break;
    if (f.path === keep) continue;
    try {
      fs.rmSync(f.path, { force: true });
      after -= f.size;
      removed++;
    } catch {
      // in use or not removable: the next write tries again
    }
  }
  removeEmptyFolders(root);
  return { before, after, removed };
}

/** Marks a cache file as just used. */
export function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // read-only cache or removed meanwhile: only the eviction order suffers
  }
}

function removeEmptyFolders(root: string): void {
  let names: fs.Dirent[];
  try {
    names = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const d of names) {
    if (!d.isDirectory()) continue;
    try {
      fs.rmdirSync(path.join(root, d.name));
    } catch {
      // not empty
    }
  }
}
