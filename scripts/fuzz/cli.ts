// The command line's own fuzz corpus: files that are not topologies (binary, compressed, empty,
// folders, NUL bytes in a real file) and arguments of the wrong form (defines without `=`, huge
// values, unknown options, missing values), through check, simulate, resolve and targets
// in-process. Properties: nothing throws, the exit code is 0, 1 or 2, a usage error (2) says
// what is wrong on its first line, no line echoes a huge argument, and the same case gives the
// same answer twice.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { CliIo } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { Rng } from './rng';

export interface CliCase {
  index: number;
  args: string[];
  /** What the case is, for the report. */
  label: string;
}

export interface CliProblem {
  case: CliCase;
  detail: string;
}

const LONG = 50_000;
/** No output line may be this long: a huge argument must be shortened when quoted. */
const MAX_LINE = 2_000;

/** Files of the corpus, written once into `dir` from `sample` (a small real topology). */
export function writeCliFiles(dir: string, sample: string): Record<string, string> {
  const text = fs.readFileSync(sample);
  const rng = new Rng(7);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => rng.int(256)));
  const files: Record<string, Buffer | string> = {
    'nul-include.conf': Buffer.from('</\0>'),
    'nul-middle.conf': Buffer.concat([text.subarray(0, text.length >> 1), Buffer.from([0]), text.subarray(text.length >> 1)]),
    'random.conf': bytes(4096),
    'gzip.conf': zlib.gzipSync(text),
    'gzip-truncated.conf': zlib.gzipSync(text).subarray(0, 20),
    'zip.conf': Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), bytes(200)]),
    'xz.conf': Buffer.concat([Buffer.from('\xfd7zXZ\0', 'latin1'), bytes(200)]),
    'zstd.conf': Buffer.concat([Buffer.from('\x28\xb5\x2f\xfd', 'latin1'), bytes(200)]),
    'bzip2.conf': Buffer.concat([Buffer.from('BZh91AY&SY', 'latin1'), bytes(200)]),
    'utf16.conf': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.toString('latin1'), 'utf16le')]),
    'empty.conf': '',
    'only-bom.conf': Buffer.from([0xef, 0xbb, 0xbf]),
    'sample.conf': text,
    'list.cmake': 'set(TPLGS "sample.conf\\;sof-x\\;PLATFORM=ptl" "\0\\;y")\n',
  };
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) {
    out[name] = path.join(dir, name);
    fs.writeFileSync(out[name], data);
  }
  out['folder'] = path.join(dir, 'folder.conf');
  fs.mkdirSync(out['folder'], { recursive: true });
  out['missing'] = path.join(dir, 'missing.conf');
  return out;
}

/** Case `index` of seed `seed`: one command, one input, zero to three odd arguments. */
export function cliCase(seed: number, index: number, files: Record<string, string>): CliCase {
  const rng = new Rng(seed, index);
  const cmd = rng.weighted([[3, 'check'], [3, 'simulate'], [2, 'resolve'], [1, 'targets']] as const);
  const names = Object.keys(files);
  const input = cmd === 'targets' ? rng.pick([files['list.cmake'], files['gzip.conf'], files['folder'], files['missing']]) : files[rng.pick(names)];
  const odd = (): string[] =>
    rng.pick<() => string[]>([
      () => ['-D', rng.pick(['PLATFORM', '', ',', '=x', 'A=1,,B=2', 'A=1,B', 'x'.repeat(LONG), `A=${'v'.repeat(LONG)}`, 'PLATFORM=\0'])],
      () => [`-D${rng.pick(['PLATFORM', 'A=1', ''])}`],
      () => ['--platform', rng.pick(['auto', 'ptl', 'nope', '', 'p'.repeat(LONG)])],
      () => ['--model', rng.pick(['current', 'x', 'm'.repeat(LONG)])],
      () => ['--format', rng.pick(['json', 'sarif', 'xml', 'f'.repeat(LONG)])],
      () => [rng.pick(['--bogus', `--${'o'.repeat(LONG)}`, '-X', '--platform', '-I', '-D'])],
      () => ['-I', rng.pick([files['folder'], files['missing'], files['gzip.conf']])],
      () => ['--prepend', rng.pick([files['gzip.conf'], files['nul-include.conf'], files['missing'], files['folder']])],
      () => [rng.pick([files['sample.conf'], 'extra-positional'])],
    ])();
  const extra = Array.from({ length: rng.int(4) }, odd).flat();
  const args = rng.chance(0.1) ? [cmd, ...extra] : [cmd, input, ...extra];
  if (cmd === 'targets') args.push('--jobs', '1');
  return { index, args, label: args.map((a) => (a.length > 40 ? `${a.slice(0, 20)}...(${a.length})` : a)).join(' ') };
}

async function runOnce(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (s) => void (out += s), stderr: (s) => void (err += s), cwd, env: {}, isTTY: false, stderrIsTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

/** Runs a case twice: its exit code, and what is wrong with it, if anything. */
export async function checkCliCase(c: CliCase, cwd: string): Promise<{ code: number; problem?: string }> {
  let a;
  try {
    a = await runOnce(c.args, cwd);
  } catch (e) {
    return { code: 3, problem: `crash: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` };
  }
  const code = a.code;
  if (![0, 1, 2].includes(code)) return { code, problem: `exit code ${code}` };
  const all = a.out + a.err;
  if (/TPLG999|internal error/i.test(all)) return { code, problem: `internal error: ${all.slice(0, 400)}` };
  const long = all.split('\n').find((l) => l.length > MAX_LINE);
  if (long) return { code, problem: `a ${long.length}-character line: ${long.slice(0, 120)}...` };
  if (code === 2 && !/^tplg-budget( \w+)?: \S/.test(a.err)) return { code, problem: `usage error without a message: ${a.err.slice(0, 200)}` };
  const b = await runOnce(c.args, cwd);
  // A sweep reports how long it took: the one part of the output that may differ.
  const same = (x: string, y: string): boolean => x.replace(/\d+\.\d s\b/g, 'N s') === y.replace(/\d+\.\d s\b/g, 'N s');
  if (b.code !== code || !same(b.out, a.out) || !same(b.err, a.err)) return { code, problem: `nondeterministic: exit ${code} then ${b.code}` };
  return { code };
}

/** `count` cases of `seed`; the problems found. */
export async function runCliFuzz(seed: number, count: number, dir: string, sample: string): Promise<{ cases: number; problems: CliProblem[]; exits: Record<number, number> }> {
  const files = writeCliFiles(dir, sample);
  const problems: CliProblem[] = [];
  const exits: Record<number, number> = {};
  for (let i = 0; i < count; i++) {
    const c = cliCase(seed, i, files);
    const v = await checkCliCase(c, dir);
    if (v.problem) problems.push({ case: c, detail: v.problem });
    exits[v.code] = (exits[v.code] ?? 0) + 1;
  }
  return { cases: count, problems, exits };
}
