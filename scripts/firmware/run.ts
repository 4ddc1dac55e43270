// Runs a harness program on a batch of driver lines and splits its output per operation.
import { spawnSync } from 'node:child_process';

export interface FwResult {
  /** The driver's JSON result line for this operation. */
  r: Record<string, number | string | boolean>;
  /** Log lines the firmware printed during the operation, as the SOF logger frames them. */
  log: string[];
}

export interface FwRun {
  results: FwResult[];
  /** Set when the firmware hit an assertion or the program failed; results stop there. */
  failure?: string;
}

export function runHarness(exe: string, lines: string[]): FwRun {
  const r = spawnSync(exe, [], { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 30 });
  const results: FwResult[] = [];
  let log: string[] = [];
  let failure: string | undefined;
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('L ')) log.push(line.slice(2));
    else if (line.startsWith('R ')) {
      results.push({ r: JSON.parse(line.slice(2)) as FwResult['r'], log });
      log = [];
    } else if (line.startsWith('X ')) failure = `firmware ${line.slice(2)}`;
  }
  if (r.status !== 0 && !failure) failure = `harness exited with ${r.status ?? r.signal}: ${r.stderr}`;
  return { results, failure };
}

/** The message part of a logged line: "[time] <lvl> module: func: message" -> {lvl, module, message}. */
export function splitLogLine(line: string): { lvl: string; module: string; func: string; message: string } | undefined {
  const m = /<(err|wrn|inf|dbg)>\s+(\w+):\s+(\w+):\s(.*)$/.exec(line);
  return m ? { lvl: m[1], module: m[2], func: m[3], message: m[4] } : undefined;
}
