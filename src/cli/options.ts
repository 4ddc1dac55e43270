// Options shared by the commands that evaluate a topology, parsed the same way everywhere:
// alsatplg's -I/-D plus the SOF build's prepended header.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ResolveOptions } from '../core/resolve';
import { FIRMWARE_MODELS, isFirmwareModel, type FirmwareModelId } from '../core/memory/models';
import { closest } from '../core/tplg/unusedAttributes';
import { clip, usageError } from './command';

export interface TopologyArgs {
  input?: string;
  includeDirs: string[];
  defines: string[];
  prepend?: string;
  configDir?: string;
}

export interface FlagSpec {
  /** Flags that take a value, e.g. `--platform`. */
  values: string[];
  /** Flags without a value, e.g. `--json`. */
  switches: string[];
  /** Take any number of positional arguments (into `positionals`) instead of one input file. */
  many?: boolean;
}

export interface ParsedArgs {
  topology: TopologyArgs;
  values: Map<string, string>;
  /** Every value of each value flag, in order (for repeatable flags). */
  lists: Map<string, string[]>;
  switches: Set<string>;
  positionals: string[];
}

const TOPOLOGY_FLAGS = ['-I', '-D', '--prepend', '--config-dir'];

/** `check` and `targets` take `--format json`, `resolve` and `simulate` a `--json` switch. */
function optionHint(flag: string, spec: FlagSpec): string {
  if (flag === '--format' && spec.switches.includes('--json')) return ': this command prints JSON with --json';
  const near = closest(flag, [...TOPOLOGY_FLAGS, ...spec.values, ...spec.switches]);
  return near ? ` (did you mean ${near}?)` : '';
}

/** Parse `args`; returns an error message for usage errors. */
export function parseArgs(args: string[], spec: FlagSpec): ParsedArgs | string {
  const topology: TopologyArgs = { includeDirs: [], defines: [] };
  const values = new Map<string, string>();
  const lists = new Map<string, string[]>();
  const switches = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') ? (eq > 0 ? a.slice(0, eq) : a) : /^-[ID]/.test(a) ? a.slice(0, 2) : a;
    const takesValue = TOPOLOGY_FLAGS.includes(flag) || spec.values.includes(flag);
    if (takesValue) {
      let v: string | undefined;
      if (a.startsWith('--') && eq > 0) v = a.slice(eq + 1);
      else if (!a.startsWith('--') && a.length > 2) v = a.slice(2);
      else v = args[++i];
      if (v === undefined) return `${flag} needs a value`;
      if (flag === '-I') topology.includeDirs.push(v);
      else if (flag === '-D') {
        const bad = defineProblem(v);
        if (bad) return bad;
        topology.defines.push(v);
      }
      else if (flag === '--prepend') topology.prepend = v;
      else if (flag === '--config-dir') topology.configDir = v;
      else {
        values.set(flag, v);
        lists.set(flag, [...(lists.get(flag) ?? []), v]);
      }
      continue;
    }
    if (spec.switches.includes(flag) || flag === '--help' || flag === '-h') {
      switches.add(flag === '-h' ? '--help' : flag);
      continue;
    }
    if (a.startsWith('-') && a !== '-') return `unknown option ${clip(a)}${optionHint(flag, spec)}`;
    if (spec.many) {
      positionals.push(a);
      continue;
    }
    if (topology.input) return `unexpected argument ${clip(a)}`;
    topology.input = a;
  }
  return { topology, values, lists, switches, positionals };
}

/**
 * alsatplg splits -D at commas into NAME=value pairs and stops at a pair without `=` with an
 * error that does not say what it wanted; we say it before anything runs.
 */
function defineProblem(value: string): string | undefined {
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim()) continue;
    if (!part.trim()) return `-D ${clip(value)}: an empty define; the form is -D NAME=value[,NAME=value...]`;
    return `-D ${clip(part)}: a define is NAME=value (e.g. -D PLATFORM=ptl); for several, -D A=1,B=2`;
  }
  return undefined;
}

export const TOPOLOGY_USAGE = `  -I <dir>             include directory, as alsatplg -I (repeatable; the last one is used
                       for IncludeByKey files; default: the folder of top.conf)
  -D <K=V,...>         defines, as alsatplg -D (repeatable, joined with ",")
  --config-dir <dir>   ALSA_CONFIG_DIR for <searchdir:...> includes (default: the include dir)
  --prepend <file>     read this file first, as SOF's build prepends its IPC4 ABI header`;

/**
 * The absolute path of the input file named on the command line; a usage error when it is
 * missing, absent or not a file (a folder is not a topology: name its top-level .conf).
 */
export function inputFileArg(t: TopologyArgs, cwd: string): string {
  if (!t.input) return usageError('no input file: give the top-level topology (.conf)');
  const file = path.resolve(cwd, t.input);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    st = undefined;
  }
  if (!st) return usageError(`${clip(t.input)}: no such file`);
  if (st.isDirectory()) {
    let confs: string[] = [];
    try {
      confs = fs.readdirSync(file).filter((n) => n.endsWith('.conf')).sort();
    } catch {
      // unreadable folder: nothing to suggest
    }
    const holds = confs.length ? ` (it holds ${confs.slice(0, 3).join(', ')}${confs.length > 3 ? ', ...' : ''})` : '';
    return usageError(`${clip(t.input)} is a directory; give a top-level topology file${holds}`);
  }
  return file;
}

export function resolveOptionsFrom(t: TopologyArgs, cwd: string): ResolveOptions {
  return {
    input: path.resolve(cwd, t.input ?? ''),
    includeDirs: t.includeDirs.map((d) => path.resolve(cwd, d)),
    configDir: t.configDir ? path.resolve(cwd, t.configDir) : undefined,
    defines: t.defines.length ? t.defines.join(',') : undefined,
    prepend: t.prepend ? path.resolve(cwd, t.prepend) : undefined,
  };
}

/** `--model`: one of the firmware models, else a usage error. */
export function firmwareModelArg(value: string | undefined): FirmwareModelId {
  const model = value ?? 'current';
  if (!isFirmwareModel(model)) usageError(`unknown model "${clip(model)}"; known: ${Object.keys(FIRMWARE_MODELS).join(', ')}`);
  return model;
}
