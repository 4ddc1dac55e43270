// The contract between the CLI dispatcher (main.ts) and each subcommand.

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** stderr is a terminal: progress bars go there. */
  stderrIsTTY?: boolean;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Exit code: 0 ok, 1 error-level result, 2 usage error. */
  run(args: string[], io: CliIo): Promise<number>;
}
