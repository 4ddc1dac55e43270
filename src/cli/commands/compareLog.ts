// `tplg-budget compare-log`: a captured DSP log against the simulation of the same topology,
// operation by operation (vpage and vregion lines).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareDeviceLog, type CompareRow } from '../../core/memory/compareLog';
import { usageError, type CliCommand, type CliIo } from '../command';
import { TOPOLOGY_USAGE, parseArgs } from '../options';
import { SIMULATE_SWITCHES, SIMULATE_USAGE, SIMULATE_VALUES, simulateFromArgs } from './simulateSetup';

const USAGE = `usage: tplg-budget compare-log <top.conf> <dsp.log> --platform <id> [options]
  Reads the vpage/vregion lines of a DSP log as the SOF logger prints them
  ("<inf> vpage: vpage_alloc: vpage_alloc ptr 0x... pages 7 free 281/288") and shows, per
  operation, where the device and the simulation of the topology agree and where they part.
  Addresses are compared as offsets from each side's vpage region base.
${TOPOLOGY_USAGE}
${SIMULATE_USAGE}
  --all                list agreeing operations too (default: only where they part, with context)
  --json               print the comparison as JSON
exit codes: 0 every operation agrees, 1 device and simulation part somewhere, 2 usage error
`;

const MARK: Record<CompareRow['status'], string> = { agree: '  ok ', differ: 'DIFF ', 'device-only': 'DEV  ', 'simulation-only': 'SIM  ' };

function renderRow(r: CompareRow, logName: string): string[] {
  const out: string[] = [];
  const dev = r.device ? `${logName}:${r.device.line}: ${r.device.text}` : '(no device line)';
  const sim = r.simulation ? `${r.simulation.step}: ${r.simulation.text}` : '(not in the simulation)';
  out.push(`${MARK[r.status]}${dev}`);
  out.push(`     simulation ${sim}`);
  for (const d of r.diffs ?? []) out.push(`     ${d.field}: device ${d.device}, simulation ${d.simulation}`);
  return out;
}

export const compareLogCommand: CliCommand = {
  name: 'compare-log',
  summary: 'compare a DSP log (vpage/vregion lines) with the simulation of the topology, per operation',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const a = parseArgs(args, { values: SIMULATE_VALUES, switches: [...SIMULATE_SWITCHES, '--json', '--all'], many: true });
    if (typeof a === 'string') return usageError(a);
    if (a.positionals.length > 2) return usageError(`unexpected argument ${a.positionals[2]}`);
    const [top, logArg] = a.positionals;
    a.topology.input = top;
    if (a.switches.has('--list-platforms')) {
      const r = simulateFromArgs(a, io, 'compare-log');
      return 'exit' in r ? r.exit : 0;
    }
    if (!logArg) return usageError('missing <dsp.log>');
    const logPath = path.resolve(io.cwd, logArg);
    if (!fs.existsSync(logPath)) return usageError(`${logArg}: no such file`);
    const sim = simulateFromArgs(a, io, 'compare-log');
    if ('exit' in sim) return sim.exit;
    const cmp = compareDeviceLog(fs.readFileSync(logPath, 'utf8'), sim.result);
    if (a.switches.has('--json')) {
      io.stdout(JSON.stringify(cmp, null, 2) + '\n');
    } else {
      const all = a.switches.has('--all');
      const lines: string[] = [];
      cmp.rows.forEach((r, i) => {
        const near = (j: number) => cmp.rows[j] && cmp.rows[j].status !== 'agree';
        if (all || r.status !== 'agree' || near(i - 1) || near(i + 1)) lines.push(...renderRow(r, logArg));
      });
      const first = cmp.rows.find((r) => r.status !== 'agree');
      const c = cmp.counts;
      lines.push(
        '',
        `${cmp.rows.length} operations: ${c.agree} agree, ${c.differ} differ, ${c['device-only']} only on the device, ${c['simulation-only']} only in the simulation` +
          (cmp.skipped.length ? `; ${cmp.skipped.length} log lines not compared (debug level or unknown message)` : ''),
      );
      if (first) {
        const where = first.device ? `${logArg}:${first.device.line}` : `simulation step ${first.simulation?.step}`;
        lines.push(`device and simulation first part at ${where}`);
      }
      for (const n of cmp.notes) lines.push(`note: ${n}`);
      io.stdout(lines.join('\n') + '\n');
    }
    return cmp.counts.agree === cmp.rows.length ? 0 : 1;
  },
};
