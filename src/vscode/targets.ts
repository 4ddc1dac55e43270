// Build targets from SOF's CMake target lists (tplg-targets*.cmake) in the workspace and in the
// topology2 folder of the open file, read in CMake order by the core.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readBuildTargets, targetListsUnder, topologyRootOf } from '../core/targets/buildTargets';
import type { Target } from './buildContext';

export async function findTargets(near: string | undefined, log: (line: string) => void): Promise<Target[]> {
  const lists = new Set<string>();
  for (const uri of await vscode.workspace.findFiles('**/tplg-targets*.cmake', '**/node_modules/**', 200)) lists.add(uri.fsPath);
  if (near) for (const f of targetListsUnder(topologyRootOf(near))) lists.add(f);
  const { targets, diagnostics } = readBuildTargets([...lists]);
  for (const d of diagnostics) log(`${d.range ? path.basename(d.range.file) : ''}:${d.range?.line ?? 0}: ${d.code} ${d.message}`);
  return targets;
}
