// `tplg-budget simulate`: resolve a topology like SOF's build does, then run the memory simulator.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveTopology } from '../../core/resolve';
import { renderMemoryMap } from '../../core/memory/memoryMap';
import { FIRMWARE_MODELS, isFirmwareModel } from '../../core/memory/models';
import { loadProfiles } from '../../core/memory/profiles';
import { simulateTopology } from '../../core/memory/simulate';
import type { CliCommand, CliIo } from '../command';

const USAGE = `usage: tplg-budget simulate <top.conf> --platform <id> [options]
  -I <dir>             include directory (repeatable; default: the folder of top.conf)
  -D <K=V,...>         topology defines (repeatable, joined with ",")
  --prepend <file>     prepend this file (e.g. the IPC4 ABI header) like SOF's build
  --platform <id>      platform profile (see --list-platforms)
  --model <id>         firmware model: ${Object.keys(FIRMWARE_MODELS).join(', ')} (default current)
  --cycles <n>         stop/start cycles after the first start (default 3)
  --profiles <file>    extra profile YAML (default: .tplg-budget/profiles.yaml if present)
  --vpage-defect       reproduce the vpage element-compaction defect
  --list-platforms     list the available platform profiles
  --json               print the simulation result as JSON
exit codes: 0 ok, 1 error-level finding or unreadable topology, 2 usage error
`;

interface Parsed {
  input?: string;
  includeDirs: string[];
  defines: string[];
  prepend?: string;
  platform?: string;
  model: string;
  cycles: number;
  profiles?: string;
  defect: boolean;
  json: boolean;
  list: boolean;
  help: boolean;
}

function parse(args: string[]): Parsed | string {
  const p: Parsed = { includeDirs: [], defines: [], model: 'current', cycles: 3, defect: false, json: false, list: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string | undefined => {
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) return a.slice(eq + 1);
      if (/^-[ID]./.test(a)) return a.slice(2);
      return args[++i];
    };
    const flag = a.startsWith('--') ? a.split('=')[0] : a.slice(0, 2);
    switch (flag) {
      case '-I': case '-D': case '--prepend': case '--platform': case '--model': case '--cycles': case '--profiles': {
        const v = value();
        if (v === undefined) return `${flag} needs a value`;
        if (flag === '-I') p.includeDirs.push(v);
        else if (flag === '-D') p.defines.push(v);
        else if (flag === '--prepend') p.prepend = v;
        else if (flag === '--platform') p.platform = v;
        else if (flag === '--model') p.model = v;
        else if (flag === '--profiles') p.profiles = v;
        else {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 0 || n > 1000) return `--cycles must be an integer 0..1000`;
          p.cycles = n;
        }
        break;
      }
      case '--vpage-defect': p.defect = true; break;
      case '--json': p.json = true; break;
      case '--list-platforms': p.list = true; break;
      case '--help': case '-h': p.help = true; break;
      default:
        if (a.startsWith('-')) return `unknown option ${a}`;
        if (p.input) return `unexpected argument ${a}`;
        p.input = a;
    }
  }
  return p;
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'simulate the firmware memory (vpage pool, vregions) for a topology on a platform',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const p = parse(args);
    if (typeof p === 'string') {
      io.stderr(`simulate: ${p}\n${USAGE}`);
      return 2;
    }
    if (p.help) {
      io.stdout(USAGE);
      return 0;
    }
    const profilesPath = p.profiles ? path.resolve(io.cwd, p.profiles) : path.join(io.cwd, '.tplg-budget', 'profiles.yaml');
    let extra: string | undefined;
    if (fs.existsSync(profilesPath)) extra = fs.readFileSync(profilesPath, 'utf8');
    else if (p.profiles) {
      io.stderr(`simulate: ${p.profiles}: no such file\n`);
      return 2;
    }
    const set = loadProfiles(extra, profilesPath);
    for (const msg of set.problems) io.stderr(`simulate: profile: ${msg}\n`);
    if (p.list) {
      for (const pr of set.profiles) io.stdout(`${pr.id.padEnd(10)} ${pr.name} (${pr.source})\n`);
      return 0;
    }
    if (!p.input || !p.platform) {
      io.stderr(`simulate: ${!p.input ? 'missing <top.conf>' : 'missing --platform'}\n${USAGE}`);
      return 2;
    }
    const platform = set.profiles.find((x) => x.id === p.platform);
    if (!platform) {
      io.stderr(`simulate: unknown platform "${p.platform}"; known: ${set.profiles.map((x) => x.id).join(', ')}\n`);
      return 2;
    }
    if (!isFirmwareModel(p.model)) {
      io.stderr(`simulate: unknown model "${p.model}"; known: ${Object.keys(FIRMWARE_MODELS).join(', ')}\n`);
      return 2;
    }
    const input = path.resolve(io.cwd, p.input);
    if (!fs.existsSync(input)) {
      io.stderr(`simulate: ${p.input}: no such file\n`);
      return 2;
    }
    // Like SOF's build: -I <folder of top.conf>, and the same folder as the config dir.
    const includeDirs = p.includeDirs.length ? p.includeDirs.map((d) => path.resolve(io.cwd, d)) : [path.dirname(input)];
    const resolved = resolveTopology({
      input,
      includeDirs,
      configDir: includeDirs[includeDirs.length - 1],
      defines: p.defines.length ? p.defines.join(',') : undefined,
      prepend: p.prepend ? path.resolve(io.cwd, p.prepend) : undefined,
    });
    for (const d of resolved.diagnostics.filter((x) => x.severity === 'error')) {
      const at = d.range ? `${d.range.file}:${d.range.line}:${d.range.col}: ` : '';
      io.stderr(`${at}error ${d.code}: ${d.message}\n`);
    }
    if (resolved.failed) {
      io.stderr('simulate: the topology does not compile; results below are for what could be resolved\n');
    }
    const result = simulateTopology(resolved, { platform, model: p.model, cycles: p.cycles, vpageCompactionDefect: p.defect });
    io.stdout(p.json ? JSON.stringify(result, null, 2) + '\n' : renderMemoryMap(result));
    return resolved.failed || result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};
