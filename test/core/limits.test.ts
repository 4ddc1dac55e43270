// Limits on hostile and huge input (docs/limits.md): each stops with a located diagnostic instead of
// a crash, a hang or a huge allocation, and each is configurable through ResolveOptions.limits.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileStore, type FileSystemHost } from '../../src/core/conf/files';
import type { Diagnostic } from '../../src/core/model';
import { ConfNode } from '../../src/core/conf/node';
import { loadConfig } from '../../src/core/conf/parser';
import { resolveWithOutput, type ResolveOptions } from '../../src/core/resolve';
import type { Limits } from '../../src/core/tplg/context';

const DIR = '/virt/topology';

/** Resolve `files` (paths relative to DIR; `top.conf` is the input) from memory only. */
function run(files: Record<string, string>, limits?: Partial<Limits>, extra?: Partial<FileSystemHost>): { diags: Diagnostic[]; failed: boolean; opts: ResolveOptions } {
  const host: FileSystemHost = {
    readFile: (p) => (p.startsWith('/virt/') ? files[p.slice(DIR.length + 1)] : undefined),
    isDirectory: (p) => p === DIR,
    ...extra,
  };
  const opts: ResolveOptions = { input: `${DIR}/top.conf`, configDir: DIR, includeDirs: [DIR], store: new FileStore(host), limits };
  const { result } = resolveWithOutput(opts);
  return { diags: result.diagnostics, failed: result.failed, opts };
}

function only(diags: Diagnostic[], code: string): Diagnostic {
  const d = diags.find((x) => x.code === code);
  assert.ok(d, `expected ${code}, got ${diags.map((x) => `${x.code} ${x.message}`).join('; ')}`);
  assert.ok(d.range && d.range.line >= 1 && d.range.col >= 1, `${code} has no source range`);
  assert.ok(!diags.some((x) => x.code === 'TPLG999'), 'internal error');
  return d;
}

test('100k nested blocks stop at maxNestingDepth (no stack overflow)', () => {
  for (const open of ['a{', 'a [', 'a{b [', 'a.']) {
    const close = open.endsWith('{') ? '}' : open.endsWith('[') ? ']' : '';
    const text = `Define { X 1 }\n${open.repeat(100_000)} x 1 ${close.repeat(100_000)}\n`;
    const r = run({ 'top.conf': text });
    assert.ok(r.failed);
    const d = only(r.diags, 'TPLG011');
    assert.equal(d.range!.line, 2);
    assert.notEqual(d.fatalInReference, true, 'our limit, not a reference failure');
  }
  const ok = run({ 'top.conf': `Define { X 1 }\n${'a{'.repeat(200)} x 1 ${'}'.repeat(200)}\n` });
  assert.ok(!ok.diags.some((d) => d.code === 'TPLG011'));
  const limited = run({ 'top.conf': `Define { X 1 }\n${'a{'.repeat(20)} x 1 ${'}'.repeat(20)}\n` }, { maxNestingDepth: 10 });
  only(limited.diags, 'TPLG011');
});

test('a 100 MB file is refused before it is read; the limit is configurable', () => {
  const huge = run(
    { 'top.conf': 'Define { X 1 }\n<big.conf>\n' },
    undefined,
    {
      size: (p) => (p.endsWith('big.conf') ? 100 * 1024 * 1024 : 20),
      readFile: (p) => {
        if (p.endsWith('big.conf')) throw new Error('read a 100 MB file');
        return p === `${DIR}/top.conf` ? 'Define { X 1 }\n<big.conf>\n' : undefined;
      },
    },
  );
  const d = only(huge.diags, 'TPLG010');
  assert.match(d.message, /100\.0 MiB, over the 16\.0 MiB file size limit/);
  assert.equal(d.range!.line, 2);
  const top = run({ 'top.conf': 'Define { X 1 }\n' + '# padding\n'.repeat(200) }, { maxFileSize: 1000 });
  assert.ok(top.failed);
  assert.equal(only(top.diags, 'TPLG010').range!.file, `${DIR}/top.conf`);
});

test('include cycles and depth stop with located errors', () => {
  const cycle = run({ 'top.conf': 'Define { X 1 }\n<a.conf>\n', 'a.conf': '<b.conf>\n', 'b.conf': '<a.conf>\n' });
  assert.equal(only(cycle.diags, 'TPLG006').range!.file, `${DIR}/b.conf`);
  const chain: Record<string, string> = { 'top.conf': 'Define { X 1 }\n<f0.conf>\n' };
  for (let i = 0; i < 100; i++) chain[`f${i}.conf`] = `<f${i + 1}.conf>\n`;
  chain['f100.conf'] = 'x 1\n';
  only(run(chain).diags, 'TPLG007');
  only(run(chain, { maxIncludeDepth: 10 }).diags, 'TPLG007');
});

test('includes outside the configuration directory are reported, not refused', () => {
  const files = { 'top.conf': `Define { X 1 }\n</virt/other/abs.conf>\n<../other/rel.conf>\n<ok.conf>\n`, 'ok.conf': 'y 1\n' };
  const host: Partial<FileSystemHost> = {
    readFile: (p) => (p === '/virt/other/abs.conf' || p === `${DIR}/../other/rel.conf` ? 'z 1\n' : p.startsWith(DIR) ? (files as Record<string, string>)[p.slice(DIR.length + 1)] : undefined),
  };
  const r = run(files, undefined, host);
  const outside = r.diags.filter((d) => d.code === 'TPLG012');
  assert.deepEqual(outside.map((d) => [d.severity, d.range!.line]), [['info', 2], ['info', 3]]);
  assert.match(outside[1].message, /reads \/virt\/other\/rel\.conf, outside the configuration directory/);
  assert.ok(!r.failed);
});

test('numbers beyond 32 and 64 bits are typed as the reference types them, in values and expressions', () => {
  const text = `Define { A 9223372036854775807 B 9223372036854775808 C 0xFFFFFFFFFFFFFFFFF D 1e400 E 2147483648 }
Class.Widget.w { DefineAttribute.v {} DefineAttribute.index {} attributes { !constructor [ "index" ] } }
Object.Widget.w.1 { index 1 v "$[$A * $A + $B / 0 - $E]" }
Object.Widget.w.2 { index 2 v "$[18446744073709551616 << 70]" }\n`;
  const r = run({ 'top.conf': text });
  assert.ok(!r.diags.some((d) => d.code === 'TPLG999'));
  const tree = ConfNode.compound('');
  const store = new FileStore();
  loadConfig(tree, [store.fromText('<numbers>', text)], { configDir: DIR }, { store, diagnostics: [], files: [] });
  const types = Object.fromEntries(['A', 'B', 'C', 'D', 'E'].map((k) => [k, tree.search(`Define.${k}`)?.type]));
  assert.deepEqual(types, { A: 'integer64', B: 'real', C: 'real', D: 'string', E: 'integer64' });
});

test('an included binary file gives at most 1000 syntax errors, then TPLG013; a binary top-level file one TPLG014', () => {
  let junk = '';
  for (let i = 0; i < 40_000; i++) junk += String.fromCharCode((i * 7919) % 256).replace(/["'<#\\]/, ' ');
  const r = run({ 'top.conf': 'Define { X 1 }\n<junk.conf>\n', 'junk.conf': junk + '{x 1}'.repeat(5000) });
  assert.ok(r.diags.length <= 1010);
  only(r.diags, 'TPLG013');
  const top = run({ 'top.conf': 'Define { X 1 }\n' + junk });
  assert.deepEqual(top.diags.map((d) => d.code), ['TPLG014']);
});

test('through the editor overlay, huge buffers and huge disk files are refused by their size', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-limits-'));
  try {
    fs.writeFileSync(path.join(dir, 'disk.conf'), 'x 1\n'.repeat(500));
    const top = path.join(dir, 'top.conf');
    const opts: ResolveOptions = {
      input: top,
      readFile: (p) => (p === top ? `Define { X 1 }\n<buffer.conf>\n<disk.conf>\n` : p === path.join(dir, 'buffer.conf') ? 'x'.repeat(2000) : undefined),
      limits: { maxFileSize: 1000 },
    };
    const { result } = resolveWithOutput(opts);
    const lines = result.diagnostics.filter((d) => d.code === 'TPLG010').map((d) => d.range?.line);
    assert.deepEqual(lines, [2, 3]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
