// The build targets of a topology2 folder, in the order SOF's CMake runs them, and which one a
// file is analysed under when nobody chose: the same rules for the editor and the command line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../model';
import { parseTargetList } from './cmakeTargets';

/** A SOF CMake target list, by file name (`tplg-targets-ace3.cmake`). */
export const isTargetList = (name: string): boolean => /^tplg-targets.*\.cmake$/.test(name);

export interface BuildTarget {
  /** The CMake output name (`sof-ptl-nocodec`) or, for a file analysed as written, its name. */
  name: string;
  /** Absolute path of the top-level topology. */
  input: string;
  defines: string;
  /** The list that declares it, relative to its topology2 folder (`production/tplg-targets-ace3.cmake`). */
  list?: string;
}

/**
 * The lists in the order SOF's build includes them: topology2/CMakeLists.txt adds development/
 * then production/, and each folder's CMakeLists.txt includes its lists in this order (SOF
 * 12dd7265). Lists not named here come after, by name.
 */
export const CMAKE_LIST_ORDER = [
  'development/tplg-targets.cmake',
  'development/tplg-targets-bench.cmake',
  'production/tplg-targets-hda-generic.cmake',
  'production/tplg-targets-sdca-generic.cmake',
  'production/tplg-targets-cavs25.cmake',
  'production/tplg-targets-ace1.cmake',
  'production/tplg-targets-ace2.cmake',
  'production/tplg-targets-ace3.cmake',
  'production/tplg-targets-ace4.cmake',
  'production/tplg-targets-imx8.cmake',
];

/** The topology2 folder above `file`: the one holding include/common/tokens.conf. */
export function topologyRootOf(file: string): string {
  let dir = path.dirname(file);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'include', 'common', 'tokens.conf'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.dirname(file);
    dir = up;
  }
}

/** The topology2 folder of a list: the parent of its production/ or development/ folder. */
export function topologyDirOfList(list: string): string {
  const dir = path.dirname(list);
  return ['production', 'development'].includes(path.basename(dir)) ? path.dirname(dir) : dir;
}

/** The target lists of a topology2 folder, in CMake order. */
export function targetListsUnder(root: string): string[] {
  const out: string[] = [];
  for (const sub of ['development', 'production', '.']) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(path.join(root, sub));
    } catch {
      continue;
    }
    for (const n of names) if (isTargetList(n)) out.push(path.join(root, sub, n));
  }
  return sortLists(out);
}

/** Lists in CMake order: the known ones as SOF includes them, then the others by path. */
export function sortLists(lists: readonly string[]): string[] {
  const rank = (l: string): number => {
    const rel = path.relative(topologyDirOfList(l), l).split(path.sep).join('/');
    const i = CMAKE_LIST_ORDER.indexOf(rel);
    return i < 0 ? CMAKE_LIST_ORDER.length : i;
  };
  return [...new Set(lists)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Every target of `lists` (read in CMake order), inputs made absolute against each list's topology2 folder. */
export function readBuildTargets(lists: readonly string[]): { targets: BuildTarget[]; diagnostics: Diagnostic[] } {
  const targets: BuildTarget[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const list of sortLists(lists)) {
    let text: string;
    try {
      text = fs.readFileSync(list, 'utf8');
    } catch {
      continue;
    }
    const parsed = parseTargetList(text, list);
    diagnostics.push(...parsed.diagnostics);
    const root = topologyDirOfList(list);
    for (const t of parsed.targets) targets.push({ name: t.output, input: path.join(root, t.input), defines: t.defines, list: path.relative(root, list) });
  }
  return { targets, diagnostics };
}

/** How a file's target was chosen; the status bar says "(auto)" for all but `chosen`. */
export type PickReason =
  | 'chosen' // the user chose it for this file
  | 'input' // the first target, in CMake order, built from this file
  | 'last-used' // an include file: the target last analysed that reads it
  | 'includes' // an include file: the first target whose include closure holds it
  | 'as-written'; // no target uses the file: analysed with its own defines only

export interface TargetPick {
  target: BuildTarget;
  reason: PickReason;
}

export interface PickInputs {
  /** The targets, in CMake order. */
  targets: readonly BuildTarget[];
  /** The user's choice for this file, if any (remembered per file). */
  chosen?: BuildTarget;
  /** Targets analysed before, most recent first, with the files each read. */
  recent?: ReadonlyArray<{ target: BuildTarget; files: readonly string[] }>;
  /** The files a target reads (its include closure), when known; undefined to skip it. */
  closureOf?: (t: BuildTarget) => readonly string[] | undefined;
}

/**
 * The target `file` is analysed under: the user's choice; else, for a top-level file, the first
 * target built from it; else, for an include, the target last used that reads it, then the first
 * target whose closure holds it; else undefined (the caller decides between "as written" for a
 * top-level file and waiting for closures).
 */
export function pickTarget(file: string, o: PickInputs): TargetPick | undefined {
  if (o.chosen) return { target: o.chosen, reason: 'chosen' };
  const built = o.targets.find((t) => t.input === file);
  if (built) return { target: built, reason: 'input' };
  const recent = o.recent?.find((r) => r.target.input === file || r.files.includes(file));
  if (recent) return { target: recent.target, reason: 'last-used' };
  if (o.closureOf) {
    for (const t of closureCandidates(o.targets)) {
      if (o.closureOf(t)?.includes(file)) return { target: t, reason: 'includes' };
    }
  }
  return undefined;
}

/**
 * The targets worth resolving to find an include file's first including target: the first of
 * each distinct input and defines, in CMake order (later ones read the same files).
 */
export function closureCandidates(targets: readonly BuildTarget[]): BuildTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const k = `${t.input}\0${t.defines}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A file analysed as written: its own name, no defines. */
export function asWritten(file: string): BuildTarget {
  return { name: path.basename(file, '.conf'), input: file, defines: '' };
}

/** Why this target, in a sentence for a tooltip or a notification. */
export function pickReasonText(reason: PickReason): string {
  switch (reason) {
    case 'chosen':
      return 'chosen for this file';
    case 'input':
      return 'picked automatically: the first build target, in CMake order, built from this file';
    case 'last-used':
      return 'picked automatically: the build target last analysed that reads this file';
    case 'includes':
      return 'picked automatically: the first build target, in CMake order, that includes this file';
    case 'as-written':
      return 'no build target uses this file: analysed as written, with no defines';
  }
}
