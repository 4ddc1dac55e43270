// `tplg-budget simulate`: resolve a topology like SOF's build does, then run the memory simulator.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveTopology } from '../../core/resolve';
import { renderMemoryMap } from '../../core/memory/memoryMap';
import { FIRMWARE_MODELS } from '../../core/memory/models';
import { loadProfiles } from '../../core/memory/profiles';
import { simulateTopology } from '../../core/memory/simulate';
import { usageError, type CliCommand, type CliIo } from '../command';
import { displayPath, formatDiagnostic } from '../format';
import { TOPOLOGY_USAGE, parseArgs, resolveOptionsFrom, firmwareModelArg, inputFileArg } from '../options';
import { choosePlatform } from '../../core/targets/platform';
import { targetArg } from '../targetArg';
import { oneShotStore } from '../store';

const USAGE = `usage: tplg-budget simulate <top.conf> [options]
       tplg-budget simulate [<file.conf>] --target <output-name> [options]
${TOPOLOGY_USAGE}
  --target <name>      a build target of SOF's tplg-targets*.cmake lists (sof-ptl-nocodec): its
                       input, defines and platform; the lists are found from the file or -I
  --platform <id|auto> platform profile (see --list-platforms); auto (default): the PLATFORM=
                       define of -D, else ptl
  --model <id>         firmware model: ${Object.keys(FIRMWARE_MODELS).join(', ')} (default current)
  --cycles <n>         stop/start cycles after the first start (default 3)
  --profiles <file>    extra profile YAML (default: .tplg-budget/profiles.yaml if present)
  --vpage-defect       reproduce the vpage element-compaction defect
  --list-platforms     list the available platform profiles
  --json               print the simulation result as JSON
exit codes: 0 ok, 1 error-level finding or a topology that does not compile, 2 usage error
`;

const VALUES = ['--platform', '--model', '--cycles', '--profiles', '--target'];
const SWITCHES = ['--vpage-defect', '--list-platforms', '--json'];

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'simulate the firmware memory (vpage pool, vregions) for a topology on a platform',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseArgs(args, { values: VALUES, switches: SWITCHES });
    if (typeof a === 'string') return usageError(a);
    const cycles = Number(a.values.get('--cycles') ?? 3);
    if (!Number.isInteger(cycles) || cycles < 0 || cycles > 1000) return usageError('--cycles must be an integer 0..1000');
    const model = firmwareModelArg(a.values.get('--model'));

    const given = a.values.get('--profiles');
    const profilesPath = given ? path.resolve(io.cwd, given) : path.join(io.cwd, '.tplg-budget', 'profiles.yaml');
    let extra: string | undefined;
    if (fs.existsSync(profilesPath)) extra = fs.readFileSync(profilesPath, 'utf8');
    else if (given) return usageError(`${given}: no such file`);
    const set = loadProfiles(extra, displayPath(profilesPath, io.cwd));
    for (const msg of set.problems) io.stderr(`simulate: profile: ${msg}\n`);
    if (a.switches.has('--list-platforms')) {
      for (const p of set.profiles) io.stdout(`${p.id.padEnd(10)} ${p.name} (${p.source})\n`);
      return 0;
    }

    const targetName = a.values.get('--target');
    const t = targetName !== undefined ? targetArg(targetName, a.topology, io.cwd).topology : a.topology;
    inputFileArg(t, io.cwd);
    const opts = resolveOptionsFrom(t, io.cwd);
    const choice = choosePlatform(a.values.get('--platform') ?? 'auto', opts.defines ?? '', set.profiles, targetName);
    if (typeof choice === 'string') return usageError(choice);
    const platform = choice.profile;

    const resolved = resolveTopology({ ...opts, store: oneShotStore(io) });
    for (const d of resolved.diagnostics.filter((x) => x.severity === 'error')) io.stderr(formatDiagnostic(d, io.cwd) + '\n');
    // An empty map of a file that never compiled says nothing the error above does not.
    if (resolved.failed && resolved.widgets.length === 0) {
      io.stderr('simulate: nothing to simulate: the topology does not compile\n');
      return 1;
    }
    if (choice.note) io.stderr(`simulate: note: ${choice.note}\n`);
    if (!platform) return resolved.failed ? 1 : 0;
    if (resolved.failed) io.stderr('simulate: the topology does not compile; the simulation covers what could be resolved\n');
    const result = simulateTopology(resolved, { platform, model, cycles, vpageCompactionDefect: a.switches.has('--vpage-defect') });
    io.stdout(
      a.switches.has('--json')
        ? JSON.stringify(result, null, 2) + '\n'
        : renderMemoryMap(result, { location: (r) => `${displayPath(r.file, io.cwd)}:${r.line}:${r.col}` }),
    );
    return resolved.failed || result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};
