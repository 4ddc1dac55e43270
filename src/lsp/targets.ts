// Build targets from SOF's CMake target lists (tplg-targets*.cmake) in the workspace folders and
// in the topology2 folder of the open file, evaluated by the core CMake reader.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTargetList } from '../core/targets/cmakeTargets';
import { topologyRootOf } from './buildContext';
import type { Target } from './ext';

const LIST = /^tplg-targets.*\.cmake$/;
/** A SOF checkout holds a few dozen lists; the walk stops long before a huge tree is read. */
const MAX_LISTS = 200;
const MAX_DIRS = 20_000;
const SKIP = new Set(['node_modules', '.git', 'build', 'out', 'dist']);

function listsUnder(root: string): string[] {
  const out: string[] = [];
  for (const sub of ['production', 'development', '.']) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(path.join(root, sub));
    } catch {
      continue;
    }
    for (const n of names) if (LIST.test(n)) out.push(path.join(root, sub, n));
  }
  return out;
}

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

export function findTargets(folders: readonly string[], near: string | undefined, log: (line: string) => void): Target[] {
  const lists = new Set(walkFiles(folders, (n) => LIST.test(n), MAX_LISTS));
  if (near) for (const f of listsUnder(topologyRootOf(near))) lists.add(f);
  const targets: Target[] = [];
  for (const list of [...lists].sort()) {
    let text: string;
    try {
      text = fs.readFileSync(list, 'utf8');
    } catch {
      continue;
    }
    const parsed = parseTargetList(text, list);
    for (const d of parsed.diagnostics) log(`${path.basename(list)}:${d.range?.line ?? 0}: ${d.code} ${d.message}`);
    const root = topologyRootOf(list);
    for (const t of parsed.targets) {
      targets.push({ name: t.output, input: path.join(root, t.input), defines: t.defines, list: path.relative(root, list) });
    }
  }
  return targets;
}
