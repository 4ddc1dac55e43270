// What `simulate` and `compare-log` share: platform profiles, the topology, the model and the
// vpage defect switches, read from the command line, then one simulation.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveTopology } from '../../core/resolve';
import { FIRMWARE_MODELS } from '../../core/memory/models';
import { loadProfiles } from '../../core/memory/profiles';
import { simulateTopology, type SimulationResult } from '../../core/memory/simulate';
import { usageError, type CliIo } from '../command';
import { displayPath, formatDiagnostic } from '../format';
import { resolveOptionsFrom, firmwareModelArg, type ParsedArgs } from '../options';
import { oneShotStore } from '../store';

export const SIMULATE_VALUES = ['--platform', '--model', '--cycles', '--profiles'];
export const SIMULATE_SWITCHES = ['--vpage-defect', '--vpage-intended', '--list-platforms'];

export const SIMULATE_USAGE = `  --platform <id>      platform profile (see --list-platforms)
  --model <id>         firmware model: ${Object.keys(FIRMWARE_MODELS).join(', ')} (default current)
  --cycles <n>         stop/start cycles after the first start (default 3)
  --profiles <file>    extra profile YAML (default: .tplg-budget/profiles.yaml if present)
  --vpage-defect       reproduce the vpage element-compaction defect of SOF main (default for --model current)
  --vpage-intended     simulate the intended vpage compaction instead (the fix; default for the other models)
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

  const given = a.values.get('--profiles');
  const profilesPath = given ? path.resolve(io.cwd, given) : path.join(io.cwd, '.tplg-budget', 'profiles.yaml');
  let extra: string | undefined;
  if (fs.existsSync(profilesPath)) extra = fs.readFileSync(profilesPath, 'utf8');
  else if (given) return usageError(`${given}: no such file`);
  const set = loadProfiles(extra, displayPath(profilesPath, io.cwd));
  for (const msg of set.problems) io.stderr(`${command}: profile: ${msg}\n`);
  if (a.switches.has('--list-platforms')) {
    for (const p of set.profiles) io.stdout(`${p.id.padEnd(10)} ${p.name} (${p.source})\n`);
    return { exit: 0 };
  }

  const t = a.topology;
  const platformId = a.values.get('--platform');
  if (!t.input) return usageError('missing <top.conf>');
  if (!platformId) return usageError('missing --platform');
  const platform = set.profiles.find((p) => p.id === platformId);
  if (!platform) return usageError(`unknown platform "${platformId}"; known: ${set.profiles.map((p) => p.id).join(', ')}`);
  const opts = resolveOptionsFrom(t, io.cwd);
  if (!fs.existsSync(opts.input)) return usageError(`${t.input}: no such file`);

  const resolved = resolveTopology({ ...opts, store: oneShotStore(io) });
  for (const d of resolved.diagnostics.filter((x) => x.severity === 'error')) io.stderr(formatDiagnostic(d, io.cwd) + '\n');
  if (resolved.failed) io.stderr(`${command}: the topology does not compile; the simulation covers what could be resolved\n`);
  const result = simulateTopology(resolved, { platform, model, cycles, vpageCompactionDefect: vpageDefectSwitch(a.switches), journal });
  return { result, failed: resolved.failed };
}
