// `tplg-budget resolve`: evaluate a topology as alsatplg -P does and print its widgets (JSON) or
// the pre-processed text.
import { saveConfig } from '../../core/conf/save';
import { resolveWithOutput } from '../../core/resolve';
import { formatDiagnostic } from '../format';
import { inputFileArg, parseArgs, resolveOptionsFrom, TOPOLOGY_USAGE } from '../options';
import { usageError, type CliCommand, type CliIo } from '../command';
import { oneShotStore } from '../store';

const USAGE = `usage: tplg-budget resolve <top.conf> [options]
${TOPOLOGY_USAGE}
  --json               print {"widgets", "pipelines", "routes", "pcms", "diagnostics", "files", "failed"}
  --preprocessed       print the evaluated topology in alsatplg's -P text form
exit codes: 0 ok, 1 the reference compiler would fail on this input, 2 usage error
`;

export const resolveCommand: CliCommand = {
  name: 'resolve',
  summary: 'evaluate a topology like alsatplg -P and print its widgets, tuples and formats',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const p = parseArgs(args, { values: [], switches: ['--json', '--preprocessed'] });
    if (typeof p === 'string') usageError(p);
    inputFileArg(p.topology, io.cwd);
    const opts = { ...resolveOptionsFrom(p.topology, io.cwd), store: oneShotStore(io) };
    const { result, output } = resolveWithOutput(opts);
    const text = p.switches.has('--preprocessed') && output ? saveConfig(output) : '';
    if (p.switches.has('--json')) {
      io.stdout(JSON.stringify(result, null, 1) + '\n');
    } else if (p.switches.has('--preprocessed')) {
      io.stdout(text);
      for (const d of result.diagnostics) io.stderr(formatDiagnostic(d, io.cwd) + '\n');
    } else {
      for (const d of result.diagnostics) io.stderr(formatDiagnostic(d, io.cwd) + '\n');
      io.stdout(`${result.widgets.length} widgets in ${result.pipelines.length} pipelines, ${result.routes.length} routes, ${result.pcms.length} PCMs from ${result.files.length} files\n`);
      for (const w of result.widgets) {
        const word = w.tuples['comp.word'] ?? {};
        const dom = w.tuples['comp.string']?.scheduler_domain;
        io.stdout(`  ${w.name.padEnd(40)} ${w.type.padEnd(12)} pipeline ${String(w.index).padStart(3)}${dom ? `  ${String(dom)}` : ''}${word.heap_bytes_requirement !== undefined ? `  heap ${String(word.heap_bytes_requirement)}` : ''}${word.stack_bytes_requirement !== undefined ? `  stack ${String(word.stack_bytes_requirement)}` : ''}\n`);
      }
    }
    return result.failed ? 1 : 0;
  },
};
