// Keystroke re-analysis as the language server's worker runs it (src/lsp/analysis.ts `Analyzer`):
// one FileStore for the worker's life over an EditorFileSystem holding the unsaved text, resolve
// then simulate after each edit. On one fixed heavy target, so runs compare, for typing in the
// top-level file and in a class file the target instantiates. `npm run bench` runs it as
// `node out/bench/keystroke.js`, in a process of its own (KEYSTROKE_EDITS sets the number of edits).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { EditorFileSystem } from '../src/core/conf/editorFileSystem';
import { FileStore } from '../src/core/conf/files';
import { loadProfiles } from '../src/core/memory/profiles';
import { simulateTopology } from '../src/core/memory/simulate';
import { resolveWithOutput } from '../src/core/resolve';
import { hasShared, sharedDir, targets, topologyDir } from '../test/support/corpus';
import { pct } from './stats';

/** The heaviest `cavs-sdw.conf` target of SOF's ace lists (largest `-P` output, 67 widgets). */
export const KEYSTROKE_TARGET = 'sof-ptl-rt722-l0-rt1320-l23-4ch';
/** A class every SOF pipeline instantiates; edits go inside its `Class.Widget."gain"` body. */
export const CLASS_FILE = 'include/components/gain.conf';
const CLASS_OPEN = 'Class.Widget."gain" {\n';

type Line = (label: string, value: string, goal?: string) => void;

interface Figures {
  times: number[];
  /** CPU time of the process (all threads, GC helpers included): less moved by other load than wall time. */
  cpu: number[];
  gc: number[];
}

const ms = (t: number): string => `${t.toFixed(1)} ms`;

/** GC pauses (start, duration) as V8 reports them; read after an await so the observer has run. */
class GcLog {
  readonly pauses: { start: number; duration: number }[] = [];
  private readonly obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.pauses.push({ start: e.startTime, duration: e.duration });
  });
  constructor() {
    this.obs.observe({ entryTypes: ['gc'] });
  }
  within(t0: number, t1: number): number {
    let sum = 0;
    for (const p of this.pauses) if (p.start >= t0 && p.start < t1) sum += p.duration;
    return sum;
  }
  stop(): void {
    this.obs.disconnect();
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function typeInto(file: string, edit: (i: number) => string, n: number, run: () => void, editor: EditorFileSystem, gc: GcLog): Promise<Figures> {
  const windows: [number, number][] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    editor.buffers = { [file]: edit(i) };
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    windows.push([t0, performance.now()]);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    await tick();
  }
  await tick();
  return { times: windows.map(([a, b]) => b - a), cpu, gc: windows.map(([a, b]) => gc.within(a, b)) };
}

export async function keystrokeSection(line: Line, edits = Number(process.env.KEYSTROKE_EDITS ?? 80)): Promise<void> {
  const t = targets().find((x) => x.output === KEYSTROKE_TARGET);
  console.log(`\nkeystroke re-analysis (resolve + simulate, as the language server's worker), ${KEYSTROKE_TARGET} (cavs-sdw.conf), ${edits} edits each, load average ${os.loadavg()[0].toFixed(1)}`);
  if (!t) {
    console.log(`  target ${KEYSTROKE_TARGET} is not in corpus/targets.json: not measured`);
    return;
  }
  const dir = topologyDir();
  const input = path.join(dir, t.input);
  const classFile = path.join(dir, CLASS_FILE);
  const prepend = path.join(sharedDir(), 'corpus', 'abi-ipc4.conf');
  const top = fs.readFileSync(input, 'utf8');
  const cls = fs.readFileSync(classFile, 'utf8');
  const at = cls.indexOf(CLASS_OPEN) + CLASS_OPEN.length;
  const editor = new EditorFileSystem();
  const store = new FileStore(editor.host);
  const run = (): void => {
    // As Analyzer.resolve and Analyzer.simulate: the profiles are read for each simulation.
    const { result } = resolveWithOutput({ input, includeDirs: [dir], configDir: dir, defines: t.defines, prepend, store });
    if (result.failed) throw new Error(`${KEYSTROKE_TARGET} does not resolve`);
    const profiles = loadProfiles().profiles;
    const platform = profiles.find((p) => p.id === 'ptl') ?? profiles[0];
    simulateTopology(result, { platform, model: 'current' });
  };
  const gc = new GcLog();
  try {
    // A worker has analysed the file before the user types: warm up the same way.
    for (let i = 0; i < 5; i++) run();
    const warmup = 10;
    const typing = (base: string, at: number, prefix: string) => (i: number) => `${base.slice(0, at)}${prefix}${'x'.repeat(i)}\n${base.slice(at)}`;
    const topFigures = await typeInto(input, typing(top, top.length, '\n# typing '), edits + warmup, run, editor, gc);
    editor.buffers = {};
    run();
    const classFigures = await typeInto(classFile, typing(cls, at, '\t# typing '), edits + warmup, run, editor, gc);
    const report = (what: string, f: Figures): void => {
      const times = f.times.slice(warmup);
      const cpu = f.cpu.slice(warmup);
      const gcs = f.gc.slice(warmup);
      const mean = gcs.reduce((a, b) => a + b, 0) / gcs.length;
      line(`${what}: p50`, ms(pct(times, 0.5)));
      line(`${what}: p95`, ms(pct(times, 0.95)), '<= 50 ms');
      line(`${what}: CPU time per run, p50 / p95`, `${pct(cpu, 0.5).toFixed(1)} / ${pct(cpu, 0.95).toFixed(1)} ms`);
      line(`${what}: GC per run, mean / p95`, `${mean.toFixed(1)} / ${pct(gcs, 0.95).toFixed(1)} ms`);
    };
    report('top-level file edit', topFigures);
    report(`class file edit (${path.basename(CLASS_FILE)})`, classFigures);
  } finally {
    gc.stop();
  }
}

if (require.main === module) {
  if (!hasShared()) console.log(`SKIPPED: ../shared not found at ${sharedDir()} (set TPLG_SHARED)`);
  else
    void keystrokeSection((label, value, goal) => console.log(`  ${label.padEnd(46)} ${value.padStart(12)}${goal ? `   goal ${goal}` : ''}`));
}
