// What `simulate` and `compare-log` share: platform profiles, the topology, the model and the
// vpage defect switches, read from the command line, then one simulation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveTopology } from '../../core/resolve';
import { FIRMWARE_MODELS } from '../../core/memory/models';
import { simulateTopology, type SimulationResult } from '../../core/memory/simulate';
import { moduleTextSizesFromElf, parseLadder, splitModuleElfArg, whatIfOptions, type ElfInput } from '../../core/memory/whatIfOptions';
import { usageError, type CliIo } from '../command';
import { formatDiagnostic } from '../format';
import { resolveOptionsFrom, firmwareModelArg, inputFileArg, type ParsedArgs } from '../options';
import { choosePlatform } from '../../core/targets/platform';
import { targetArg, targetHint } from '../targetArg';
import { oneShotStore } from '../store';
import { cliProfiles } from '../profiles';

export const SIMULATE_VALUES = ['--platform', '--model', '--cycles', '--profiles', '--target', '--deep-buffer-ladder', '--module-elf'];
export const SIMULATE_SWITCHES = ['--vpage-defect', '--vpage-intended', '--list-platforms', '--deep-buffers-in-pool'];

export const SIMULATE_USAGE = `  --target <name>      a build target of SOF's tplg-targets*.cmake lists (sof-ptl-nocodec): its
                       input, defines and platform; the lists are found from the file or -I
  --platform <id|auto> platform profile (see --list-platforms); auto (default): the PLATFORM=
                       define of -D, else ptl
  --model <id>         firmware model: ${Object.keys(FIRMWARE_MODELS).join(', ')} (default current)
  --cycles <n>         stop/start cycles after the first start (default 3)
  --profiles <file>    extra profile YAML (default: .tplg-budget/profiles.yaml if present)
  --vpage-defect       reproduce the vpage element-compaction defect of SOF main (default for --model current)
  --vpage-intended     simulate the intended vpage compaction instead (the fix; default for the other models)
  --deep-buffers-in-pool
                       what-if: host deep buffers take vpage pool pages, exact size or nothing
  --deep-buffer-ladder <ms,...|profile>
                       what-if: deep buffers in the pool take the largest predefined size that
                       fits (e.g. 100,50,20,10; "profile": the profile's deepBufferLadderMs)
  --module-elf [<uuid>=]<file.llext>
                       what-if: TEXT partitions sized from a loadable module's ELF (repeatable;
                       the UUID comes from its .module section unless given)
  --list-platforms     list the available platform profiles`;

function vpageDefectSwitch(switches: Set<string>): boolean | undefined {
  if (switches.has('--vpage-intended')) return false;
  return switches.has('--vpage-defect') ? true : undefined;
}

export interface Simulated {
  result: SimulationResult;
  /** The topology did not compile; the simulation covers what could be resolved. */
  failed: boolean;
}

/** Runs the simulation the arguments describe; `exit` is set when there is nothing more to do. */
export function simulateFromArgs(a: ParsedArgs, io: CliIo, command: string, journal = false): Simulated | { exit: number } {
  const cycles = Number(a.values.get('--cycles') ?? 3);
  if (!Number.isInteger(cycles) || cycles < 0 || cycles > 1000) return usageError('--cycles must be an integer 0..1000');
  const model = firmwareModelArg(a.values.get('--model'));

  const set = cliProfiles(io.cwd, a.values.get('--profiles'));
  if (typeof set === 'string') return usageError(set);
  for (const msg of set.problems) io.stderr(`${command}: profile: ${msg}\n`);
  if (a.switches.has('--list-platforms')) {
    for (const p of set.profiles) io.stdout(`${p.id.padEnd(10)} ${p.name} (${p.source})\n`);
    return { exit: 0 };
  }

  const targetName = a.values.get('--target');
  const t = targetName !== undefined ? targetArg(targetName, a.topology, io.cwd).topology : a.topology;
  inputFileArg(t, io.cwd);
  const opts = resolveOptionsFrom(t, io.cwd);
  const choice = choosePlatform(a.values.get('--platform') ?? 'auto', opts.defines ?? '', set.profiles, targetName);
  if (typeof choice === 'string') return usageError(choice);
  const platform = choice.profile;

  let whatIf: ReturnType<typeof whatIfOptions> = {};
  if (platform) {
    const ladderArg = a.values.get('--deep-buffer-ladder');
    const ladder = ladderArg === undefined ? undefined : parseLadder(ladderArg, platform);
    if (typeof ladder === 'string') return usageError(ladder);
    const deep = ladder ? { ladderMs: ladder } : a.switches.has('--deep-buffers-in-pool') ? {} : undefined;
    const elfs: ElfInput[] = [];
    for (const arg of a.lists.get('--module-elf') ?? []) {
      const { uuid, path: file } = splitModuleElfArg(arg);
      const full = path.resolve(io.cwd, file);
      if (!fs.existsSync(full)) return usageError(`--module-elf ${file}: no such file`);
      elfs.push({ uuid, name: path.basename(file), bytes: fs.readFileSync(full) });
    }
    const text = moduleTextSizesFromElf(elfs, platform.pageSize);
    for (const msg of text.problems) io.stderr(`${command}: --module-elf ${msg}\n`);
    if (text.problems.length) return usageError('--module-elf: see the messages above');
    whatIf = whatIfOptions(deep, text.sizes);
  }

  const resolved = resolveTopology({ ...opts, store: oneShotStore(io) });
  for (const d of resolved.diagnostics.filter((x) => x.severity === 'error')) io.stderr(formatDiagnostic(d, io.cwd) + '\n');
  // An empty map of a file that never compiled says nothing the error above does not.
  const hint = targetName === undefined && resolved.failed ? targetHint(t, io.cwd) : undefined;
  if (hint) io.stderr(`${command}: note: ${hint}\n`);
  if (resolved.failed && resolved.widgets.length === 0) {
    io.stderr(`${command}: nothing to simulate: the topology does not compile\n`);
    return { exit: 1 };
  }
  if (choice.note) io.stderr(`${command}: note: ${choice.note}\n`);
  if (!platform) return { exit: resolved.failed ? 1 : 0 };
  if (resolved.failed) io.stderr(`${command}: the topology does not compile; the simulation covers what could be resolved\n`);
  const result = simulateTopology(resolved, { platform, model, cycles, vpageCompactionDefect: vpageDefectSwitch(a.switches), journal, ...whatIf });
  return { result, failed: resolved.failed };
}
