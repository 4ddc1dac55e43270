// The simulate and replay commands through their CliCommand interface, with captured output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/command';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const demo = path.join(repoRoot, 'examples', 'demo', 'top.conf');

function io(cwd = repoRoot): CliIo & { out: string; err: string } {
  const o = { out: '', err: '', cwd, env: {}, isTTY: false } as CliIo & { out: string; err: string };
  o.stdout = (s) => void (o.out += s);
  o.stderr = (s) => void (o.err += s);
  return o;
}

test('simulate: usage errors exit 2', async () => {
  for (const args of [[], ['x.conf'], [demo, '--platform', 'nope'], [demo, '--platform', 'ptl', '--model', 'x'], [demo, '--bogus']]) {
    const c = io();
    assert.equal(await main(['simulate', ...args], c), 2, args.join(' '));
    assert.match(c.err, /usage: tplg-budget simulate/);
  }
  const c = io();
  assert.equal(await main(['simulate', '--list-platforms'], c), 0);
  assert.match(c.out, /^ptl +Panther Lake/m);
});

test('simulate: the demo topology, text and JSON, exit code follows the findings', async (t) => {
  if (!fs.existsSync(demo)) {
    t.skip(`!!! SKIPPED: ${demo} not found !!!`);
    return;
  }
  const text = io();
  const code = await main(['simulate', 'examples/demo/top.conf', '--platform', 'ptl', '--model', 'topology-sized'], text);
  assert.equal(code, 1, text.err);
  assert.match(text.out, /vpage pool: base 0x[0-9a-f]+ = image end 0x[0-9a-f]+ \(estimated\) \+ 1024 KiB virtual heap; 1152 KiB up to 0x[0-9a-f]+ \(L2 end less the LLEXT region\) = 288 pages of 4096 B/);
  assert.match(text.out, /^examples\/demo\/top\.conf:\d+:\d+: error MEM012: /m);
  const json = io();
  // The demo's values are wrong on purpose (MEM014, MEM030), so even the current model exits 1.
  assert.equal(await main(['simulate', demo, '--platform', 'ptl', '--json', '--cycles', '0'], json), 1);
  const r = JSON.parse(json.out) as { platform: string; model: string; cycles: number; pool: Record<string, number>; vregions: unknown[]; widgets: unknown[]; findings: unknown[]; events: unknown[] };
  assert.deepEqual([r.platform, r.model, r.cycles], ['ptl', 'current', 0]);
  for (const k of ['pageSize', 'totalPages', 'usedPages', 'peakUsedPages', 'maxAllocs']) assert.equal(typeof r.pool[k], 'number', k);
  assert.ok(r.vregions.length > 0 && r.widgets.length > 0 && r.events.length > 0);
});

test('simulate: a workspace profiles.yaml overrides the bundled profile', async (t) => {
  if (!fs.existsSync(demo)) {
    t.skip(`!!! SKIPPED: ${demo} not found !!!`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-mem-'));
  fs.mkdirSync(path.join(dir, '.tplg-budget'));
  fs.writeFileSync(path.join(dir, '.tplg-budget', 'profiles.yaml'), 'id: ptl\nimageEnd: 0xa0200000\n');
  const c = io(dir);
  await main(['simulate', demo, '--platform', 'ptl', '--json'], c);
  assert.equal((JSON.parse(c.out) as { pool: { totalPages: number } }).pool.totalPages, 288 - 128);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('replay: the issue example as JSON, failures exit 1, bad traces exit 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-replay-'));
  const file = path.join(dir, 'trace.json');
  fs.writeFileSync(file, JSON.stringify({ pageSize: 4096, ops: [
    { op: 'create', id: 'r', bytes: 12288 },
    { op: 'alloc', region: 'r', bytes: 6000, align: 16, as: 'a' },
    { op: 'set_interim', region: 'r' },
    { op: 'free', region: 'r', ptr: 'a' },
  ] }));
  const c = io(dir);
  assert.equal(await main(['replay', 'trace.json', '--json'], c), 0);
  const out = JSON.parse(c.out) as { results: Array<{ op: string; ok: boolean; pages?: number; lifetimeUsed?: number; interimSize?: number }> };
  assert.deepEqual(out.results.map((r) => [r.op, r.ok]), [['create', true], ['alloc', true], ['set_interim', true], ['free', true]]);
  assert.equal(out.results[0].pages, 3);
  assert.deepEqual([out.results[2].lifetimeUsed, out.results[2].interimSize], [6016, 6272]);

  fs.writeFileSync(file, JSON.stringify({ totalPages: 4, compactionDefect: true, ops: [
    { op: 'vpage_alloc', pages: 1, as: 'A' }, { op: 'vpage_alloc', pages: 1, as: 'B' }, { op: 'vpage_free', ptr: 'A' },
    { op: 'vpage_alloc', pages: 1, as: 'C' }, { op: 'vpage_free', ptr: 'B' },
  ] }));
  const d = io(dir);
  assert.equal(await main(['replay', 'trace.json'], d), 1);
  assert.match(d.out, /! vpage element compaction/);
  assert.match(d.out, /invalid page pointer 0x10001000 not found/);

  fs.writeFileSync(file, '{not json');
  assert.equal(await main(['replay', 'trace.json'], io(dir)), 2);
  assert.equal(await main(['replay'], io(dir)), 2);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('replay: the firmware counter next to ours, and the default is SOF main', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-replay-'));
  const ops = [
    { op: 'create', id: 'r', bytes: 12288 }, { op: 'alloc', region: 'r', bytes: 6000 }, { op: 'alloc', region: 'r', bytes: 5000, align: 16 },
    { op: 'set_interim', region: 'r' },
  ];
  fs.writeFileSync(path.join(dir, 't.json'), JSON.stringify({ ops }));
  const c = io(dir);
  assert.equal(await main(['replay', 't.json'], c), 0);
  assert.match(c.out, /set_interim +ok +lifetime\.used 12288 \(firmware; objects 11072\)/);
  // Without "compactionDefect" the trace runs SOF main's vpage.c: C's record is lost.
  fs.writeFileSync(path.join(dir, 'v.json'), JSON.stringify({ totalPages: 8, ops: [
    { op: 'vpage_alloc', pages: 1, as: 'A' }, { op: 'vpage_alloc', pages: 1, as: 'B' }, { op: 'vpage_alloc', pages: 1, as: 'C' },
    { op: 'vpage_free', ptr: 'A' }, { op: 'vpage_alloc', pages: 1 }, { op: 'vpage_free', ptr: 'C' },
  ] }));
  const d = io(dir);
  assert.equal(await main(['replay', 'v.json'], d), 1);
  assert.match(d.out, /invalid page pointer 0x10002000 not found/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('simulate --vpage-intended and compare-log usage', async (t) => {
  if (!fs.existsSync(demo)) {
    t.skip(`!!! SKIPPED: ${demo} not found !!!`);
    return;
  }
  const a = io();
  await main(['simulate', demo, '--platform', 'ptl', '--vpage-intended', '--json'], a);
  assert.equal((JSON.parse(a.out) as { model: string }).model, 'current');
  for (const args of [[demo], [demo, 'no-such.log', '--platform', 'ptl'], [demo, demo, demo, '--platform', 'ptl']]) {
    const c = io();
    assert.equal(await main(['compare-log', ...args], c), 2, args.join(' '));
    assert.match(c.err, /usage: tplg-budget compare-log/);
  }
  // A log with no vpage/vregion lines: every simulated operation is "only in the simulation".
  const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-log-')), 'empty.log');
  fs.writeFileSync(empty, '[00:00:00.000,000] <inf> ipc: ipc_cmd: something else\n');
  const e = io();
  assert.equal(await main(['compare-log', demo, empty, '--platform', 'ptl'], e), 1);
  assert.match(e.out, /4 operations: 0 agree, 0 differ, 0 only on the device, 4 only in the simulation/);
  assert.match(e.out, /note: no vpage_init line/);
});

test('simulate: what-if flags (--deep-buffer-ladder, --deep-buffers-in-pool, --module-elf) and their usage errors', async (t) => {
  if (!fs.existsSync(demo)) {
    t.skip(`!!! SKIPPED: ${demo} not found !!!`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-whatif-'));
  const notElf = path.join(dir, 'x.llext');
  fs.writeFileSync(notElf, 'not an elf');
  for (const args of [['--deep-buffer-ladder', '100,,10'], ['--module-elf', path.join(dir, 'missing.llext')], ['--module-elf', notElf]]) {
    const c = io();
    assert.equal(await main(['simulate', demo, '--platform', 'ptl', ...args], c), 2, args.join(' '));
    assert.match(c.err, args[0] === '--deep-buffer-ladder' ? /--deep-buffer-ladder wants/ : /--module-elf/);
  }
  // A 64-bit little-endian ELF of ours: one 4097-byte .text section -> 2 pages; the demo's one DP SRC.
  const elf = Buffer.alloc(64 + 16 + 3 * 64);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  elf.writeBigUInt64LE(80n, 0x28);
  elf.writeUInt16LE(64, 0x3a);
  elf.writeUInt16LE(3, 0x3c);
  elf.writeUInt16LE(2, 0x3e);
  Buffer.from('\0.text\0.shstrtab\0', 'latin1').copy(elf, 64);
  const sh = (i: number, name: number, type: number, flags: number, offset: number, size: number) => {
    const o = 80 + i * 64;
    elf.writeUInt32LE(name, o);
    elf.writeUInt32LE(type, o + 4);
    elf.writeBigUInt64LE(BigInt(flags), o + 8);
    elf.writeBigUInt64LE(BigInt(offset), o + 0x18);
    elf.writeBigUInt64LE(BigInt(size), o + 0x20);
    elf.writeBigUInt64LE(1n, o + 0x30);
  };
  sh(1, 1, 1, 0x6, 0, 4097);
  sh(2, 7, 3, 0, 64, 16);
  const file = path.join(dir, 'src.llext');
  fs.writeFileSync(file, elf);
  const c = io();
  const uuid = '8d:b2:1b:e6:9a:14:1f:4c:b7:09:46:82:3e:f5:f5:ae';
  assert.equal(await main(['simulate', demo, '--platform', 'ptl', '--json', '--deep-buffer-ladder', 'profile', '--module-elf', `${uuid}=${file}`], c), 1, c.err);
  const r = JSON.parse(c.out) as { deepBuffers: unknown[]; dmaBuffers: { list: unknown[] }; textPartitions?: { perVregionPages: number; sharedPages: number; modules: Array<{ source: string }> } };
  assert.deepEqual(r.deepBuffers, []);
  assert.ok(r.dmaBuffers.list.length >= 2);
  assert.deepEqual([r.textPartitions?.perVregionPages, r.textPartitions?.sharedPages, r.textPartitions?.modules[0].source], [2, 2, 'src.llext']);
  const text = io();
  await main(['simulate', demo, '--platform', 'ptl', '--deep-buffers-in-pool', '--module-elf', `${uuid}=${file}`], text);
  assert.match(text.out, /TEXT partitions \(what-if\): per vregion 2 pages, shared per module type 2 pages \(saves 0\)/);
  assert.match(text.out, /DMA buffers in sof_heap, outside the pool: /);
  fs.rmSync(dir, { recursive: true, force: true });
});
