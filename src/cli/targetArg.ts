// `--target <output-name>`: a build target of SOF's CMake lists stands for the input file, its
// -D defines and its platform, as `targets` runs it. The lists are found in the topology2 folder
// of the named file, else of the -I folders, else of the working folder.
import * as path from 'node:path';
import { readBuildTargets, targetListsUnder, topologyRootOf, type BuildTarget } from '../core/targets/buildTargets';
import { clip, usageError } from './command';
import type { TopologyArgs } from './options';

export interface TargetArgs {
  target: BuildTarget;
  /** The topology with the target's input, defines and topology2 folder filled in. */
  topology: TopologyArgs;
}

/** Folders whose target lists are searched for `--target`, most specific first. */
function rootsFor(t: TopologyArgs, cwd: string): string[] {
  const roots: string[] = [];
  if (t.input) roots.push(topologyRootOf(path.resolve(cwd, t.input)));
  for (const d of [...t.includeDirs].reverse()) roots.push(path.resolve(cwd, d));
  roots.push(cwd);
  return [...new Set(roots)];
}

export function targetArg(name: string, t: TopologyArgs, cwd: string): TargetArgs {
  const searched: string[] = [];
  for (const root of rootsFor(t, cwd)) {
    const lists = targetListsUnder(root);
    if (!lists.length) continue;
    searched.push(root);
    const { targets } = readBuildTargets(lists);
    const target = targets.find((x) => x.name === name);
    if (!target) {
      const here = t.input ? targets.filter((x) => x.input === path.resolve(cwd, t.input as string)).map((x) => x.name) : [];
      const hint = here.length ? `; targets built from ${path.basename(t.input as string)}: ${here.slice(0, 8).join(', ')}${here.length > 8 ? ', ...' : ''}` : '';
      return usageError(`--target ${clip(name)}: no such build target in the lists of ${root}${hint}`);
    }
    const includeDirs = t.includeDirs.length ? t.includeDirs : [root];
    // Defines given on the command line come after the target's, as a later -D wins in alsatplg.
    const defines = [target.defines, ...t.defines].filter((d) => d);
    return { target, topology: { ...t, input: target.input, includeDirs, defines } };
  }
  return usageError(
    `--target ${clip(name)}: no tplg-targets*.cmake lists found (looked in ${rootsFor(t, cwd).join(', ')} and their production/ and development/ folders); give the top-level file or -I <topology2 folder>`,
  );
}

/**
 * For a file given without -D that does not compile: the build targets of SOF's lists built from
 * it, as a note naming `--target`, since those errors usually mean "no defines" (TPLG190).
 */
export function targetHint(t: TopologyArgs, cwd: string): string | undefined {
  if (!t.input || t.defines.length) return undefined;
  const input = path.resolve(cwd, t.input);
  for (const root of rootsFor(t, cwd)) {
    const lists = targetListsUnder(root);
    if (!lists.length) continue;
    const built = readBuildTargets(lists).targets.filter((x) => x.input === input).map((x) => x.name);
    if (!built.length) continue;
    const names = `${built.slice(0, 3).join(', ')}${built.length > 3 ? ', ...' : ''}`;
    const targets = built.length === 1 ? 'one build target' : `${built.length} build targets`;
    return `${path.basename(input)} is built with -D defines by ${targets} of SOF's lists (${names}); add --target ${built[0]} to use that target's defines and platform`;
  }
  return undefined;
}
