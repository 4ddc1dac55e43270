// Options shared by the commands that evaluate a topology, parsed the same way everywhere:
// alsatplg's -I/-D plus the SOF build's prepended header.
import * as path from 'node:path';
import type { ResolveOptions } from '../core/resolve';
import { FIRMWARE_MODELS, isFirmwareModel, type FirmwareModelId } from '../core/memory/models';
import { usageError } from './command';

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
    const takesValue = flag === '-I' || flag === '-D' || flag === '--prepend' || flag === '--config-dir' || spec.values.includes(flag);
    if (takesValue) {
      let v: string | undefined;
      if (a.startsWith('--') && eq > 0) v = a.slice(eq + 1);
      else if (!a.startsWith('--') && a.length > 2) v = a.slice(2);
      else v = args[++i];
      if (v === undefined) return `${flag} needs a value`;
      if (flag === '-I') topology.includeDirs.push(v);
      else if (flag === '-D') topology.defines.push(v);
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
    if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    if (spec.many) {
      positionals.push(a);
      continue;
    }
    if (topology.input) return `unexpected argument ${a}`;
    topology.input = a;
  }
  return { topology, values, lists, switches, positionals };
}

export const TOPOLOGY_USAGE = `  -I <dir>             include directory, as alsatplg -I (repeatable; the last one is used
                       for IncludeByKey files; default: the folder of top.conf)
  -D <K=V,...>         defines, as alsatplg -D (repeatable, joined with ",")
  --config-dir <dir>   ALSA_CONFIG_DIR for <searchdir:...> includes (default: the include dir)
  --prepend <file>     read this file first, as SOF's build prepends its IPC4 ABI header`;

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
  if (!isFirmwareModel(model)) usageError(`unknown model "${model}"; known: ${Object.keys(FIRMWARE_MODELS).join(', ')}`);
  return model;
}
