// `tplg-budget simulate`: resolve a topology like SOF's build does, then run the memory simulator.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveTopology } from '../../core/resolve';
import { renderMemoryMap } from '../../core/memory/memoryMap';
import { FIRMWARE_MODELS } from '../../core/memory/models';
import { loadProfiles } from '../../core/memory/profiles';
import { simulateTopology } from '../../core/memory/simulate';
import { moduleTextSizesFromElf, parseLadder, splitModuleElfArg, whatIfOptions, type ElfInput } from '../../core/memory/whatIfOptions';
import { usageError, type CliCommand, type CliIo } from '../command';
import { displayPath, formatDiagnostic } from '../format';
import { TOPOLOGY_USAGE, parseArgs, resolveOptionsFrom, firmwareModelArg } from '../options';
import { oneShotStore } from '../store';

const USAGE = `usage: tplg-budget simulate <top.conf> --platform <id> [options]
${TOPOLOGY_USAGE}
  --platform <id>      platform profile (see --list-platforms)
  --model <id>         firmware model: ${Object.keys(FIRMWARE_MODELS).join(', ')} (default current)
  --cycles <n>         stop/start cycles after the first start (default 3)
  --profiles <file>    extra profile YAML (default: .tplg-budget/profiles.yaml if present)
  --vpage-defect       reproduce the vpage element-compaction defect
  --deep-buffers-in-pool
                       what-if: host deep buffers take vpage pool pages, exact size or nothing
  --deep-buffer-ladder <ms,...|profile>
                       what-if: deep buffers in the pool take the largest predefined size that
                       fits (e.g. 100,50,20,10; "profile": the profile's deepBufferLadderMs)
  --module-elf [<uuid>=]<file.llext>
                       what-if: TEXT partitions sized from a loadable module's ELF (repeatable;
                       the UUID comes from its .module section unless given)
  --list-platforms     list the available platform profiles
  --json               print the simulation result as JSON
exit codes: 0 ok, 1 error-level finding or a topology that does not compile, 2 usage error
`;

const VALUES = ['--platform', '--model', '--cycles', '--profiles', '--deep-buffer-ladder', '--module-elf'];
const SWITCHES = ['--vpage-defect', '--list-platforms', '--json', '--deep-buffers-in-pool'];

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

    const t = a.topology;
    const platformId = a.values.get('--platform');
    if (!t.input) return usageError('missing <top.conf>');
    if (!platformId) return usageError('missing --platform');
    const platform = set.profiles.find((p) => p.id === platformId);
    if (!platform) return usageError(`unknown platform "${platformId}"; known: ${set.profiles.map((p) => p.id).join(', ')}`);
    const opts = resolveOptionsFrom(t, io.cwd);
    if (!fs.existsSync(opts.input)) return usageError(`${t.input}: no such file`);

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
    for (const msg of text.problems) io.stderr(`simulate: --module-elf ${msg}\n`);
    if (text.problems.length) return usageError('--module-elf: see the messages above');

    const resolved = resolveTopology({ ...opts, store: oneShotStore(io) });
    for (const d of resolved.diagnostics.filter((x) => x.severity === 'error')) io.stderr(formatDiagnostic(d, io.cwd) + '\n');
    if (resolved.failed) io.stderr('simulate: the topology does not compile; the simulation covers what could be resolved\n');
    const result = simulateTopology(resolved, { platform, model, cycles, vpageCompactionDefect: a.switches.has('--vpage-defect'), ...whatIfOptions(deep, text.sizes) });
    io.stdout(
      a.switches.has('--json')
        ? JSON.stringify(result, null, 2) + '\n'
        : renderMemoryMap(result, { location: (r) => `${displayPath(r.file, io.cwd)}:${r.line}:${r.col}` }),
    );
    return resolved.failed || result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};
