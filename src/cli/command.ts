// The contract between the CLI dispatcher (main.ts) and each subcommand.

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** stderr is a terminal: progress bars go there. */
  stderrIsTTY?: boolean;
  /** Keep loaded trees on disk for the next run (the installed command; tests leave it out). */
  cache?: { dir: string; buildId: string; maxBytes: number };
}

/** A usage error: the dispatcher prints it with the command's usage and exits 2. */
export class UsageError extends Error {}

/** An argument as messages quote it: a 50,000-character `-D` is not echoed back whole. */
export function clip(arg: string, max = 80): string {
  return arg.length <= max ? arg : `${arg.slice(0, max)}... (${arg.length} characters)`;
}

export function usageError(message: string): never {
  throw new UsageError(message);
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Exit code: 0 ok, 1 error-level result; usage errors are thrown (usageError). */
  run(args: string[], io: CliIo): Promise<number>;
}
