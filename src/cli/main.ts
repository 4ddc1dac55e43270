// The tplg-budget command line: one subcommand per job, all over the same core API.
import { clip, UsageError, type CliCommand, type CliIo } from './command';
import { resolveCommand } from './commands/resolve';
import { simulateCommand } from './commands/simulate';
import { replayCommand } from './commands/replay';
import { checkCommand } from './commands/check';
import { targetsCommand } from './commands/targets';
import { compareLogCommand } from './commands/compareLog';
import { toolVersion } from './version';
import { cacheCommand } from './commands/cache';
import { cacheMaxBytes } from './cacheDir';

const COMMANDS: CliCommand[] = [resolveCommand, simulateCommand, replayCommand, compareLogCommand, checkCommand, targetsCommand, cacheCommand];

function usage(): string {
  const width = Math.max('--version'.length, ...COMMANDS.map((c) => c.name.length));
  return `usage: tplg-budget <command> [options]   (tplg-budget <command> --help for details)

${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

  ${'--version'.padEnd(width)}  print the version and exit
`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout(`tplg-budget ${toolVersion()}\n`);
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`tplg-budget: unknown command '${clip(name)}'\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`tplg-budget ${cmd.name}: ${e.message}\n${cmd.usage}`);
    return 2;
  }
}

/** The installed command (bin.ts): the process's own streams, and caches under `cacheDir` if any. */
export async function runProcess(options: { buildId: string; cacheDir?: string }): Promise<number> {
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    isTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    cache: options.cacheDir ? { dir: options.cacheDir, buildId: options.buildId, maxBytes: cacheMaxBytes(process.env) } : undefined,
  };
  try {
    return await main(process.argv.slice(2), io);
  } catch (e) {
    process.stderr.write(`tplg-budget: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 3;
  }
}
