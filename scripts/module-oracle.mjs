// `npm run module-oracle`: measures every module of the benchmark targets with SOF's host
// testbench and writes test/fixtures/module-oracle/<module>.json (see docs/module-oracle.md).
//
// Needs, from the environment:
//   SOF_DIR    a SOF tree at the corpus commit, whose tools/testbench was built with the
//              allocation trace described in docs/module-oracle.md (this script does not build it)
//   TESTBENCH  the sof-testbench4 binary (default $SOF_DIR/tools/testbench/build_testbench/install/bin/sof-testbench4)
//   ALSATPLG   the topology compiler (default: alsatplg on PATH)
//   TPLG_SHARED the shared corpus (default ../shared)
// Optional: ONLY=<regex> to measure a subset of targets.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const SOF = process.env.SOF_DIR;
if (!SOF || !existsSync(join(SOF, 'src/audio'))) {
  console.error('module-oracle: set SOF_DIR to a SOF tree at the corpus commit (docs/module-oracle.md)');
  process.exit(2);
}
const TB = process.env.TESTBENCH ?? join(SOF, 'tools/testbench/build_testbench/install/bin/sof-testbench4');
const ALSATPLG = process.env.ALSATPLG ?? 'alsatplg';
const SHARED = resolve(process.env.TPLG_SHARED ?? '../shared');
const OUT = resolve('test/fixtures/module-oracle');
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : undefined;
const sofCommit = gitHead(SOF);
const work = mkdtempSync(join(tmpdir(), 'module-oracle-'));

function gitHead(dir) {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : process.env.SOF_COMMIT ?? 'unknown';
}

// Module adapter entry points -> lifecycle phase (module_adapter.c, generic.c).
const PHASES = [
  [/^module_adapter_new|^module_init$/, 'init'],
  [/set_configuration|set_large_config|^module_set_config|^module_adapter_set_config|^set_config/, 'set_config'],
  [/^module_adapter_params|^module_params/, 'params'],
  [/^module_adapter_prepare|^module_prepare/, 'prepare'],
  [/^module_adapter_copy|^module_process|^module_adapter_sink_source_copy|_copy$/, 'process'],
  [/^module_adapter_reset|^module_reset/, 'reset'],
  [/^module_adapter_free|^module_free/, 'free'],
];
// Frames that are the allocator itself, not the code that asked for memory.
const ALLOCATOR = /src\/platform\/library\/lib\/alloc\.c|posix\/include\/rtos\/alloc\.h|src\/lib\/objpool\.c|module_adapter\/module\/generic\.c|src\/include\/sof\/audio\/module_adapter\/module\/generic\.h/;
const FRAMEWORK_DIRS = new Set(['module_adapter', 'pipeline', 'buffers', 'copier', '']);

const lineCache = new Map();
function sourceLine(file, line) {
  if (!lineCache.has(file)) lineCache.set(file, existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []);
  return (lineCache.get(file)[line - 1] ?? '').trim();
}

/** `struct`: the size is one sizeof() of a type (its bytes depend on pointer width and padding). */
function sizeKind(text) {
  const call = text.match(/\b(mod_\w*alloc\w*|rzalloc|rmalloc|rballoc\w*|sof_heap_alloc)\s*\((.*)$/);
  if (!call) return 'data';
  const args = call[2];
  if (!/sizeof/.test(args)) return 'data';
  const rest = args.replace(/sizeof\s*\([^()]*\)/g, 'S').replace(/^\s*[\w>.-]+\s*,/, '');
  return /^[\sS,)0-9A-Z_;|]*$/.test(rest) && !/\*|\+/.test(rest) ? 'struct' : 'data';
}

function symbolize(addrs) {
  const uniq = [...new Set(addrs)];
  const map = new Map();
  if (!uniq.length) return map;
  const out = execFileSync('addr2line', ['-a', '-f', '-i', '-C', '-e', TB, ...uniq], { encoding: 'utf8', maxBuffer: 1 << 26 });
  let cur;
  const lines = out.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^0x[0-9a-f]+$/.test(l)) {
      cur = [];
      map.set('0x' + BigInt(l).toString(16), cur);
      continue;
    }
    if (!cur || !l) continue;
    const fn = l;
    const loc = lines[++i] ?? '';
    const m = loc.match(/^(.*):(\d+)/);
    cur.push({ fn, file: m ? m[1] : '', line: m ? Number(m[2]) : 0 });
  }
  return map;
}

function parseTrace(stderr) {
  const allocs = [];
  const frees = new Set();
  const events = [];
  for (const l of stderr.split('\n')) {
    if (l.startsWith('@@ALLOC ')) {
      const [, fn, ptr, bytes, ...frames] = l.split(' ');
      const offs = frames.filter((f) => f.startsWith(TB + '+')).map((f) => '0x' + BigInt(f.slice(TB.length + 1)).toString(16));
      const a = { fn, ptr, bytes: Number(bytes), offs };
      allocs.push(a);
      events.push(a);
    } else if (l.startsWith('@@FREE ')) {
      frees.add(l.slice(7));
      events.push({ free: l.slice(7) });
    }
  }
  return { allocs, frees, events };
}

function moduleDir(file) {
  const m = relative(SOF, file).match(/^src\/audio\/([^/]+)\//);
  return m && !m[1].endsWith('.c') ? m[1] : '';
}

function classify(alloc, sym) {
  const frames = alloc.offs.flatMap((o) => sym.get(o) ?? []);
  let phase = 'other';
  for (const f of frames) {
    const p = PHASES.find(([re]) => re.test(f.fn));
    if (p) {
      phase = p[1];
      break;
    }
  }
  const at = frames.find((f) => !ALLOCATOR.test(f.file));
  const own = frames.find((f) => !FRAMEWORK_DIRS.has(moduleDir(f.file)));
  const viaModAlloc = frames.some((f) => /module_adapter\/module\/generic\.c/.test(f.file) && /mod_\w*alloc|mod_balloc|mod_zalloc/.test(f.fn));
  const container = frames.some((f) => /objpool\.c/.test(f.file));
  return { frames, phase, at, own, viaModAlloc, container };
}

function readTargets() {
  const all = JSON.parse(readFileSync(join(SHARED, 'corpus/targets.json'), 'utf8'));
  return all.filter((t) => t.list.endsWith('tplg-targets-bench.cmake') && (!only || only.test(t.output)));
}

/** Compile the golden -P output with the reference compiler; returns the .tplg path or an error. */
function compile(t) {
  let conf = gunzipSync(readFileSync(join(SHARED, 'corpus/golden', `${t.output}.pre.conf.gz`))).toString('utf8');
  const tplg = join(work, `${t.output}.tplg`);
  const confPath = join(work, `${t.output}.conf`);
  writeFileSync(confPath, conf);
  let r = spawnSync(ALSATPLG, ['-c', confPath, '-o', tplg], { encoding: 'utf8' });
  const unknownRate = (r.stderr ?? '').match(/unsupported stream rate (\d+)/);
  if (r.status !== 0 && unknownRate) {
    // Older alsa-lib rejects PCM capability rates it does not know; they do not reach the firmware.
    conf = conf.replace(new RegExp(`\\b${unknownRate[1]},`, 'g'), '');
    writeFileSync(confPath, conf);
    r = spawnSync(ALSATPLG, ['-c', confPath, '-o', tplg], { encoding: 'utf8' });
  }
  return r.status === 0 ? { tplg } : { error: (r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ') };
}

function benchFormat(t) {
  const bits = Number((t.defines.match(/BENCH_MODULE_FORMAT=s(\d+)/) ?? [])[1] ?? 32);
  return { bits, fmt: `S${bits}_LE`, rate: 48000, outRate: 48000, channels: 2 };
}

// Extra runs where a module's sizes depend on the stream: rate pairs for the resamplers.
const SWEEPS = {
  src: [{ rate: 44100, outRate: 48000 }, { rate: 16000, outRate: 48000 }, { rate: 96000, outRate: 48000 }],
  asrc: [{ rate: 44100, outRate: 48000 }],
};

function rawInput(f) {
  const path = join(work, `in-${f.bits}-${f.channels}-${f.rate}.raw`);
  if (!existsSync(path)) {
    const bytes = f.bits === 16 ? 2 : 4;
    const frames = Math.round(f.rate / 10); // 100 ms: enough periods for every process() path
    const buf = Buffer.alloc(frames * f.channels * bytes);
    let x = 12345;
    for (let i = 0; i < frames * f.channels; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      const v = (x % 2000) - 1000;
      if (bytes === 2) buf.writeInt16LE(v * 8, i * 2);
      else buf.writeInt32LE(v * (f.bits === 24 ? 2000 : 500000), i * 4);
    }
    writeFileSync(path, buf);
  }
  return path;
}

function measure(t, sweep) {
  const f = { ...benchFormat(t), ...sweep };
  const c = compile(t);
  if (c.error) return { target: t.output, error: `alsatplg: ${c.error}` };
  const args = ['-r', String(f.rate), '-R', String(f.outRate), '-c', String(f.channels), '-n', String(f.channels), '-b', f.fmt, '-p', '1,2', '-t', c.tplg, '-i', rawInput(f), '-o', join(work, 'out.raw')];
  const r = spawnSync(TB, args, { encoding: 'utf8', env: { ...process.env, SOF_ALLOC_TRACE: '1' }, timeout: 30000, maxBuffer: 1 << 28 });
  const command = `sof-testbench4 ${args.map((a) => (a.startsWith(work) ? a.slice(work.length + 1) : a)).join(' ')}`;
  if (r.error || r.status !== 0) return { target: t.output, command, error: r.error ? String(r.error.message) : `exit ${r.status}: ${(r.stderr ?? '').split('\n').filter((l) => !l.startsWith('@@')).slice(-3).join(' ')}` };
  const heap = [...r.stdout.matchAll(/Heap usage for module (\S+): (\d+) bytes/g)].map((m) => ({ widget: m[1], bytes: Number(m[2]) }));
  const { allocs, frees, events } = parseTrace(r.stderr);
  const sym = symbolize(allocs.flatMap((a) => a.offs));
  const records = [];
  for (const a of allocs) {
    const c2 = classify(a, sym);
    if (c2.container || !c2.own) continue;
    a.own = c2.viaModAlloc;
    const at = c2.at ?? c2.own ?? c2.frames[0];
    const rec = {
      phase: c2.phase,
      bytes: a.bytes,
      kind: sizeKind(sourceLine(at.file, at.line)),
      // mod_alloc: in the module's own heap (counted by the testbench); rmalloc: a system heap.
      api: c2.viaModAlloc ? 'mod_alloc' : 'rmalloc',
      at: `${relative(SOF, at.file)}:${at.line}`,
    };
    if (c2.own && c2.own !== at) rec.calledFrom = `${relative(SOF, c2.own.file)}:${c2.own.line}`;
    rec.freed = frees.has(a.ptr);
    records.push(rec);
  }
  const dirs = [...new Set(records.map((x) => moduleDir(join(SOF, (x.calledFrom ?? x.at).replace(/:\d+$/, '')))))].filter(Boolean);
  // Peak of the module's own live bytes, replayed in trace order (the testbench's figure is the
  // same peak plus the framework's stream params mod_alloc).
  let live = 0;
  let peak = 0;
  const liveBy = new Map();
  for (const e of events) {
    if (e.free !== undefined) {
      live -= liveBy.get(e.free) ?? 0;
      liveBy.delete(e.free);
    } else if (e.own) {
      live += e.bytes;
      liveBy.set(e.ptr, e.bytes);
      peak = Math.max(peak, live);
    }
  }
  return { target: t.output, defines: t.defines, format: f, command, moduleDirs: dirs, heapUsage: heap, modulePeakBytes: peak, allocations: records };
}

const byModule = new Map();
const rates = (sw) => `${sw.rate}->${sw.outRate}`;
for (const t of readTargets()) {
  const key = (t.defines.match(/BENCH_CONFIG=([a-z_-]+?)(\d+)?(_\d+_\d+_\d+)?(,|$)/) ?? [])[1] ?? 'unknown';
  const mod = key.replace(/_\d+_\d+$/, '');
  for (const sweep of [undefined, ...(SWEEPS[mod] ?? [])]) {
    const m = measure(t, sweep);
    if (!byModule.has(mod)) byModule.set(mod, []);
    byModule.get(mod).push(m);
    const what = m.error ? `ERROR ${m.error}` : `${m.allocations.length} allocations, module peak ${m.modulePeakBytes} bytes; testbench heap usage ${m.heapUsage.map((h) => `${h.widget} ${h.bytes}`).join(', ')}`;
    console.log(`${t.output}${sweep ? ` ${rates(sweep)}` : ''}: ${what}`);
  }
}
mkdirSync(OUT, { recursive: true });
for (const [mod, runs] of byModule) {
  runs.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : a.format.rate - b.format.rate || a.format.outRate - b.format.outRate));
  const doc = {
    about: 'Measured with SOF host testbench (sof-testbench4) by scripts/module-oracle.mjs; see docs/module-oracle.md',
    sofCommit,
    alsatplg: spawnSync(ALSATPLG, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0],
    hostPointerBytes: 8,
    module: mod,
    runs,
  };
  writeFileSync(join(OUT, `${mod}.json`), JSON.stringify(doc, null, 1) + '\n');
}
console.log(`module-oracle: wrote ${byModule.size} fixture files to ${relative(process.cwd(), OUT)}`);
