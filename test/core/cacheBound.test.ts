// The cache folder stays under its bound: filling it past the bound removes the least recently
// used files first (reads count as use), never the file just written; `tplg-budget cache` reports
// and clears it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheFiles, pruneToBound } from '../../src/core/cache/cacheBound';
import { FileStore } from '../../src/core/conf/files';
import { TreeCache } from '../../src/core/cache/treeCache';
import { resolveTopology } from '../../src/core/resolve';
import { main } from '../../src/cli/main';
import type { CliIo } from '../../src/cli/command';

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-cache-bound-'));
const total = (dir: string): number => cacheFiles(dir).reduce((n, f) => n + f.size, 0);

test('pruneToBound: oldest use first, down to the low-water mark, the kept file survives', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'trees-x'));
    const t0 = Date.now() / 1000 - 1000;
    for (let i = 0; i < 10; i++) {
      const f = path.join(dir, 'trees-x', `${i}.json`);
      fs.writeFileSync(f, Buffer.alloc(1000));
      fs.utimesSync(f, t0 + i, t0 + i);
    }
    // The oldest file, just written again: kept even though it is the least recently used.
    const keep = path.join(dir, 'trees-x', '0.json');
    assert.deepEqual(pruneToBound(dir, 20_000), { before: 10_000, after: 10_000, removed: 0 });
    const r = pruneToBound(dir, 6000, keep);
    assert.equal(r.before, 10_000);
    assert.ok(r.after <= 4500, `after ${r.after}`);
    const left = fs.readdirSync(path.join(dir, 'trees-x')).sort();
    assert.deepEqual(left, ['0.json', '7.json', '8.json', '9.json']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function topology(root: string, n: number): string {
  const file = path.join(root, `top${n}.conf`);
  const pad = '# padding so each cached tree has some size\n'.repeat(40);
  fs.writeFileSync(file, `${pad}Define { N ${n} }\nObject.Base.thing.${n} { value "$N" }\n`);
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(file, old, old);
  return file;
}

test('TreeCache: filling the cache past its bound keeps it under the bound, recently read entries first', () => {
  const dir = tempDir();
  const src = tempDir();
  try {
    const cache = new TreeCache(dir, 'bound', 0, 12_000);
    const load = (file: string): void => {
      const store = new FileStore();
      store.cacheLoads = false;
      store.treeCache = cache;
      resolveTopology({ input: file, includeDirs: [src], store });
    };
    const files = Array.from({ length: 30 }, (_, i) => topology(src, i));
    load(files[0]);
    const one = total(dir);
    assert.ok(one > 0 && one < 12_000, `one entry is ${one} bytes`);
    for (const f of files.slice(1)) {
      load(files[0]); // read often: must survive
      load(f);
    }
    assert.ok(total(dir) <= 12_000, `cache holds ${total(dir)} bytes over a 12000 bound`);
    const cached = cacheFiles(dir).map((f) => fs.readFileSync(f.path, 'utf8'));
    assert.ok(cached.length >= 2, 'the bound still leaves room for entries');
    const holds = (n: number): boolean => cached.some((text) => text.includes(JSON.stringify(files[n]).slice(1, -1)));
    assert.ok(holds(0), 'the entry read before every write was evicted');
    assert.ok(holds(29), 'the newest entry was evicted');
    assert.ok(!holds(1), 'an entry used once, long ago, survived');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(src, { recursive: true, force: true });
  }
});

test('tplg-budget cache: reports the folder against its bound and --clear removes it', async () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'trees-y'));
    fs.writeFileSync(path.join(dir, 'trees-y', 'a.json'), Buffer.alloc(2048));
    let out = '';
    const io: CliIo = { stdout: (s) => void (out += s), stderr: () => undefined, cwd: dir, env: { TPLG_BUDGET_CACHE_DIR: dir, TPLG_BUDGET_CACHE_MAX_MB: '2' }, isTTY: false };
    assert.equal(await main(['cache'], io), 0);
    assert.match(out, /1 files, 0\.0 MiB of a 2\.0 MiB bound/);
    out = '';
    assert.equal(await main(['cache', '--clear'], io), 0);
    assert.match(out, /^removed /);
    assert.equal(fs.existsSync(dir), false);
    assert.equal(await main(['cache', '--bogus'], io), 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
