// `tplg-budget simulate`: resolve a topology like SOF's build does, then run the memory simulator.
import { renderMemoryMap } from '../../core/memory/memoryMap';
import { usageError, type CliCommand, type CliIo } from '../command';
import { displayPath } from '../format';
import { TOPOLOGY_USAGE, parseArgs } from '../options';
import { SIMULATE_SWITCHES, SIMULATE_USAGE, SIMULATE_VALUES, simulateFromArgs } from './simulateSetup';

const USAGE = `usage: tplg-budget simulate <top.conf> [options]
       tplg-budget simulate [<file.conf>] --target <output-name> [options]
${TOPOLOGY_USAGE}
${SIMULATE_USAGE}
  --json               print the simulation result as JSON
exit codes: 0 ok, 1 error-level finding or a topology that does not compile, 2 usage error
`;

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'simulate the firmware memory (vpage pool, vregions) for a topology on a platform',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseArgs(args, { values: SIMULATE_VALUES, switches: [...SIMULATE_SWITCHES, '--json'] });
    if (typeof a === 'string') return usageError(a);
    const sim = simulateFromArgs(a, io, 'simulate');
    if ('exit' in sim) return sim.exit;
    const { result } = sim;
    io.stdout(
      a.switches.has('--json')
        ? JSON.stringify(result, null, 2) + '\n'
        : renderMemoryMap(result, { location: (r) => `${displayPath(r.file, io.cwd)}:${r.line}:${r.col}` }),
    );
    return sim.failed || result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};
