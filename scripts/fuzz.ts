// `npm run fuzz`: grammar-aware and byte-level mutations of the oracle cases and the corpus, run
// through resolve, simulate and check on worker threads (see scripts/fuzz/). Problem cases are
// minimized and saved as regression inputs; the last line is the summary, and any problem fails.
//   --seed S (1)  --count N (3000)  --time SECONDS  --jobs J (cores)  --timeout MS (20000)  --first I
//   --save DIR (os.tmpdir()/tplg-fuzz-<seed>)  --no-minimize
// `--cli` runs the command line's own corpus instead (scripts/fuzz/cli.ts): --seed, --count (500).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCatalog } from './fuzz/catalog';
import { buildCase, type FuzzCase } from './fuzz/case';
import { toFixture } from './fuzz/fixture';
import { minimize } from './fuzz/minimize';
import { runPool, type ProblemCase } from './fuzz/pool';
import { CaseRunner } from './fuzz/run';
import { runCliFuzz } from './fuzz/cli';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function num(name: string, dflt: number): number {
  const v = arg(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} needs a number, got ${v}`);
  return n;
}

/** The command-line corpus: non-topology files and malformed arguments through main(). */
async function mainCli(seed: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-fuzz-cli-'));
  const sample = path.resolve(__dirname, '../../examples/demo/top.conf');
  const t0 = performance.now();
  const res = await runCliFuzz(seed, num('count', 500), dir, sample);
  for (const p of res.problems) console.log(`problem: case ${p.case.index}: tplg-budget ${p.case.label}\n  ${p.detail}`);
  const exits = Object.entries(res.exits).map(([code, n]) => `exit ${code}: ${n}`).join(', ');
  console.log(`fuzz --cli: ${res.cases} cases, ${res.problems.length} problems (${exits}) (seed ${seed}, ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  fs.rmSync(dir, { recursive: true, force: true });
  return res.problems.length ? 1 : 0;
}

async function main(): Promise<number> {
  const seed = num('seed', 1);
  if (process.argv.includes('--cli')) return mainCli(seed);
  const time = arg('time') !== undefined ? num('time', 0) : undefined;
  const count = num('count', time !== undefined ? Number.MAX_SAFE_INTEGER : 3000);
  const saveDir = arg('save') ?? path.join(os.tmpdir(), `tplg-fuzz-${seed}`);
  let lastReport = performance.now();
  const res = await runPool({
    seed,
    count,
    first: num('first', 0),
    timeSec: time,
    jobs: num('jobs', os.availableParallelism()),
    timeoutMs: num('timeout', 20_000),
    onProgress: (done) => {
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        process.stderr.write(`fuzz: ${done} cases...\n`);
      }
    },
  });
  if (res.problems.length) report(res.problems, seed, saveDir, !process.argv.includes('--no-minimize'));
  for (const s of res.slow) console.log(`slow (finished when re-run alone): case ${s.index} ${s.seed} ${(s.ms / 1000).toFixed(1)} s`);
  const top = res.slowest.slice(0, 3).map((s) => `case ${s.index} ${s.seed} ${s.ms.toFixed(0)} ms`);
  console.log(`rejected by the reference: ${res.rejected}/${res.cases}; slowest: ${top.join(', ')}; ${(res.cases / res.seconds).toFixed(0)} cases/s`);
  const n = (p: string) => res.problems.filter((x) => x.problem === p).length;
  console.log(
    `fuzz: ${res.cases} cases, ${n('crash')} crashes, ${n('hang')} hangs, ${n('nondeterministic')} nondeterministic, ` +
      `${n('no-diagnostic')} failures-without-diagnostic (seed ${seed}, ${res.seconds.toFixed(0)} s)`,
  );
  return res.problems.length ? 1 : 0;
}

/** Print each problem and save it, minimized when it reproduces in this thread, as a regression input. */
function report(problems: ProblemCase[], seed: number, saveDir: string, shrink: boolean): void {
  const cat = loadCatalog();
  const runner = new CaseRunner(cat);
  fs.mkdirSync(saveDir, { recursive: true });
  for (const p of problems) {
    const c: FuzzCase | undefined = p.case ?? (p.index !== undefined ? buildCase(cat, seed, p.index, runner.filesOf) : undefined);
    console.log(`${p.problem}: case ${p.index ?? '?'} ${c?.seed ?? p.seed} [${(c?.ops ?? p.ops).join('; ')}]\n  ${p.detail.split('\n').join('\n  ')}`);
    if (!c) continue;
    const key = firstLine(p.detail);
    const same = (x: FuzzCase) => {
      const v = runner.run(x);
      return v.problem === p.problem && firstLine(v.detail ?? '') === key;
    };
    // Only a case that finished in its worker is safe to re-run here (not a hang or a dead worker).
    const small = shrink && p.case && same(c) ? minimize(c, same) : c;
    const file = path.join(saveDir, `${p.problem}-seed${seed}-case${p.index ?? 'x'}.json`);
    fs.writeFileSync(file, JSON.stringify(toFixture(small, p.problem, `${p.detail.split('\n')[0]} [${c.ops.join('; ')}]`), null, 1) + '\n');
    console.log(`  saved ${file} (${Object.values(small.overlay).reduce((s, t) => s + t.length, 0)} bytes of mutated text)`);
  }
}

/** The message without numbers that vary (offsets, sizes), to recognise the same problem. */
function firstLine(s: string): string {
  return s.split('\n')[0].replace(/\d+/g, 'N').slice(0, 200);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(2);
  },
);
