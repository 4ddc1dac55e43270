// The on-disk tree cache must never change a result: corpus targets give the same output from a
// cold and a warm cache as without one, and an entry is dropped as soon as anything it was loaded
// from changes, including files that did not exist, or when the cache file itself is damaged.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileStore } from '../../src/core/conf/files';
import { saveConfig } from '../../src/core/conf/save';
import { TreeCache } from '../../src/core/cache/treeCache';
import { resolveWithOutput, type ResolveOptions } from '../../src/core/resolve';
import { hasShared, SKIP_NO_SHARED, targetOptions, targets } from '../support/corpus';

/** A fresh store per run, as in a new process; `cache` undefined: no tree cache. */
function run(opts: ResolveOptions, cache: TreeCache | undefined): { text: string; json: string } {
  const store = new FileStore();
  store.cacheLoads = false;
  store.treeCache = cache;
  const r = resolveWithOutput({ ...opts, store });
  return { text: r.output ? saveConfig(r.output) : '', json: JSON.stringify(r.result) };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-tree-cache-'));
}

function entries(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
}

test('corpus targets resolve the same without a cache, from an empty one and from a warm one', (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const dir = tempDir();
  try {
    const cache = new TreeCache(dir, 'test');
    const sample = targets().filter((_, i) => i % 8 === 0);
    for (const target of sample) {
      const opts = targetOptions(target);
      const plain = run(opts, undefined);
      assert.deepEqual(run(opts, cache), plain, `${target.output}, first run`);
      assert.deepEqual(run(opts, cache), plain, `${target.output}, from the cache`);
    }
    assert.ok(entries(dir).length > 8, 'top-level and IncludeByKey loads were cached');
    t.diagnostic(`${sample.length} targets, ${entries(dir).length} cached loads`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const WIDGET_CLASS = 'Class.Widget.w { DefineAttribute.index {} DefineAttribute.type {} DefineAttribute.stream_name {} attributes { !constructor [ "index" ] unique "index" } type "mixer" }\n';

/** A widget whose stream name shows which file its definition came from. */
function widget(index: number, streamName: string): string {
  return `Object.Widget.w.${index} { stream_name "${streamName}" }\n`;
}

/** A small topology under `root`: top.conf searches lib1 then lib2 for a.conf; b.conf is included by key. */
function writeTopology(root: string): ResolveOptions {
  fs.mkdirSync(path.join(root, 'lib1'));
  fs.mkdirSync(path.join(root, 'lib2'));
  fs.writeFileSync(path.join(root, 'lib2', 'a.conf'), widget(1, 'sa1'));
  fs.writeFileSync(path.join(root, 'b.conf'), widget(2, 'sb2'));
  fs.writeFileSync(
    path.join(root, 'top.conf'),
    `${WIDGET_CLASS}<searchdir:lib1>\n<searchdir:lib2>\n<a.conf>\nDefine { KEY "b" }\nIncludeByKey.KEY { "b" "b.conf" }\n`,
  );
  return { input: path.join(root, 'top.conf'), includeDirs: [root], configDir: root };
}

test('an entry is dropped when a file it read changes, even to the same size and mtime', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'topo'));
    const opts = writeTopology(path.join(dir, 'topo'));
    const cache = new TreeCache(path.join(dir, 'cache'), 'test', 0);
    assert.match(run(opts, cache).text, /sa1[^]*sb2/);
    const cached = entries(path.join(dir, 'cache')).map((f) => path.join(dir, 'cache', f));
    assert.equal(cached.length, 2);
    // Proof that the next run reads the entry: an edit of the entry alone shows.
    for (const f of cached) fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('sa1', 'sq1'));
    assert.match(run(opts, cache).text, /sq1/);
    const a = path.join(dir, 'topo', 'lib2', 'a.conf');
    const before = fs.statSync(a);
    fs.writeFileSync(a, widget(1, 'sa7'));
    fs.utimesSync(a, before.atime, before.mtime);
    assert.equal(fs.statSync(a).size, before.size);
    assert.match(run(opts, cache).text, /sa7/);
    fs.writeFileSync(path.join(dir, 'topo', 'b.conf'), widget(2, 'sb8'));
    assert.match(run(opts, cache).text, /sb8/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an entry is dropped when a file appears earlier on the search path', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'topo'));
    const opts = writeTopology(path.join(dir, 'topo'));
    const cache = new TreeCache(path.join(dir, 'cache'), 'test', 0);
    assert.match(run(opts, cache).text, /sa1/);
    assert.match(run(opts, cache).text, /sa1/);
    fs.writeFileSync(path.join(dir, 'topo', 'lib1', 'a.conf'), widget(1, 'sa5'));
    assert.match(run(opts, cache).text, /sa5/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a load with a missing include is not cached, so the include is read once it exists', () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'top.conf'), `Define { X 1 }\n${WIDGET_CLASS}<c.conf>\n`);
    const opts = { input: path.join(dir, 'top.conf'), configDir: dir };
    const cache = new TreeCache(path.join(dir, 'cache'), 'test', 0);
    assert.deepEqual(JSON.parse(run(opts, cache).json).diagnostics.map((d: { code: string }) => d.code), ['TPLG004']);
    fs.writeFileSync(path.join(dir, 'c.conf'), widget(3, 'sc3'));
    const r = run(opts, cache);
    assert.deepEqual(JSON.parse(r.json).diagnostics, []);
    assert.match(r.text, /sc3/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a truncated, garbled or foreign cache file is ignored and rewritten', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'topo'));
    const opts = writeTopology(path.join(dir, 'topo'));
    const cacheDir = path.join(dir, 'cache');
    const cache = new TreeCache(cacheDir, 'test', 0);
    const plain = run(opts, undefined);
    assert.deepEqual(run(opts, cache), plain);
    const files = entries(cacheDir).map((f) => path.join(cacheDir, f));
    const damage = [
      (s: string) => s.slice(0, s.length >> 1),
      (s: string) => s.replace(/"tree":\[/, '"tree":[1,'),
      (s: string) => s.replace(/"tree":\[.*\]\}$/, '"tree":[]}'),
      (s: string) => s.replace(/"files":\[\[/, '"files":[[1,'),
      () => '\0\0\0',
      () => 'null',
    ];
    for (const d of damage) {
      for (const f of files) fs.writeFileSync(f, d(fs.readFileSync(f, 'utf8')));
      assert.deepEqual(run(opts, cache), plain);
      assert.deepEqual(run(opts, cache), plain, 'rewritten');
    }
    assert.deepEqual(run(opts, new TreeCache(cacheDir, 'other build', 0)), plain);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('files changed within the settle time are not cached', () => {
  const dir = tempDir();
  try {
    fs.mkdirSync(path.join(dir, 'topo'));
    const opts = writeTopology(path.join(dir, 'topo'));
    const cacheDir = path.join(dir, 'cache');
    run(opts, new TreeCache(cacheDir, 'test'));
    assert.equal(fs.existsSync(cacheDir) ? entries(cacheDir).length : 0, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
