// Build targets from SOF's CMake target lists (tplg-targets*.cmake) in the workspace folders and
// in the topology2 folder of the open file, read in CMake order by the core.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isTargetList, readBuildTargets, targetListsUnder } from '../core/targets/buildTargets';
import type { Target } from './ext';

/** A SOF checkout holds a few dozen lists; the walk stops long before a huge tree is read. */
const MAX_LISTS = 200;
const MAX_DIRS = 20_000;
const SKIP = new Set(['node_modules', '.git', 'build', 'out', 'dist']);

/** Files under `roots` whose names match `test`, breadth first, bounded. */
export function walkFiles(roots: readonly string[], test: (name: string) => boolean, maxFiles: number): string[] {
  const out: string[] = [];
  const queue = [...roots];
  let dirs = 0;
  while (queue.length && out.length < maxFiles && dirs++ < MAX_DIRS) {
    const dir = queue.shift() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')) queue.push(path.join(dir, e.name));
      else if (e.isFile() && test(e.name) && out.length < maxFiles) out.push(path.join(dir, e.name));
    }
  }
  return out;
}

/** The targets of the lists in `folders` and in the topology2 folders `roots`, in CMake order. */
export function findTargets(folders: readonly string[], roots: readonly string[], log: (line: string) => void): Target[] {
  const lists = new Set(walkFiles(folders, isTargetList, MAX_LISTS));
  for (const root of roots) for (const f of targetListsUnder(root)) lists.add(f);
  const { targets, diagnostics } = readBuildTargets([...lists]);
  for (const d of diagnostics) log(`${d.range ? path.basename(d.range.file) : ''}:${d.range?.line ?? 0}: ${d.code} ${d.message}`);
  return targets;
}
