// Build targets from SOF's CMake target lists (tplg-targets*.cmake) in the workspace and in the
// topology2 folder of the open file, evaluated by the core CMake reader.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseTargetList } from '../core/targets/cmakeTargets';
import { topologyRootOf, type Target } from './buildContext';

function listsUnder(root: string): string[] {
  const out: string[] = [];
  for (const sub of ['production', 'development', '.']) {
    const dir = path.join(root, sub);
    let names: string[] = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) if (/^tplg-targets.*\.cmake$/.test(n)) out.push(path.join(dir, n));
  }
  return out;
}

export async function findTargets(near: string | undefined, log: (line: string) => void): Promise<Target[]> {
  const lists = new Set<string>();
  for (const uri of await vscode.workspace.findFiles('**/tplg-targets*.cmake', '**/node_modules/**', 200)) lists.add(uri.fsPath);
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
