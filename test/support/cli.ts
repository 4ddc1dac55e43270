// Runs the tplg-budget command line in-process, capturing what it prints.
import * as path from 'node:path';
import type { CliIo } from '../../src/cli/command';
import { main } from '../../src/cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The repository root (tests run from out/test/...). */
export const REPO = path.resolve(__dirname, '../../..');

export async function runCli(args: string[], cwd = REPO): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env: {}, isTTY: false, stderrIsTTY: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** 1-based line of the first line of `text` that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not found`);
  return i + 1;
}
