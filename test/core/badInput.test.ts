// What the command line says about input that is not a topology or arguments of the wrong form:
// one clear message naming the file or the argument, a usage error (2) or a failed check (1),
// never a crash (3) or pages of junk diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { runCli, REPO } from '../support/cli';

const demo = path.join(REPO, 'examples', 'demo', 'top.conf');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-bad-input-'));
const write = (name: string, data: string | Buffer): string => {
  const f = path.join(scratch, name);
  fs.writeFileSync(f, data);
  return f;
};

for (const cmd of ['check', 'simulate', 'resolve']) {
  test(`${cmd}: a NUL byte (an include name '</\\0>') is a binary file: one error naming it, exit 1`, async () => {
    const f = write('nul.conf', Buffer.from('</\0>'));
    const r = await runCli([cmd, f]);
    assert.equal(r.code, 1, r.stderr);
    const all = r.stdout + r.stderr;
    assert.doesNotMatch(all, /TPLG999|internal error/i);
    assert.match(all, /nul\.conf:1:1: error TPLG014: nul\.conf is a binary file, not topology text \(a NUL byte at offset 2\)/);
    assert.equal(all.match(/error TPLG/g)?.length, 1, all);
  });

  test(`${cmd}: a gzip file says to decompress it first, exit 1`, async () => {
    const f = write('top.conf.gz', zlib.gzipSync(fs.readFileSync(demo)));
    const r = await runCli([cmd, f]);
    assert.equal(r.code, 1);
    const all = r.stdout + r.stderr;
    assert.match(all, /top\.conf\.gz:1:1: error TPLG014: top\.conf\.gz is a gzip-compressed file, not topology text: decompress it first \(e\.g\. gunzip -k\)/);
    assert.ok(all.split('\n').length < 6, all);
  });

  test(`${cmd}: a directory is a usage error, exit 2, and nothing is simulated`, async () => {
    const r = await runCli([cmd, path.join(REPO, 'examples', 'demo')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /examples\/demo is a directory; give a top-level topology file \(it holds top\.conf\)/);
    assert.equal(r.stdout, '');
  });

  test(`${cmd}: -D without = says the form is NAME=value, exit 2`, async () => {
    const r = await runCli([cmd, demo, '-D', 'PLATFORM']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-D PLATFORM: a define is NAME=value \(e\.g\. -D PLATFORM=ptl\)/);
    assert.doesNotMatch(r.stderr, /TPLG130/);
  });

  test(`${cmd}: a 50,000-character argument is shortened in the message`, async () => {
    const long = 'a'.repeat(50_000);
    for (const args of [['-D', long], [`--${long}`], [long]]) {
      const r = await runCli([cmd, ...(args[0] === long ? [] : [demo]), ...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /\.\.\. \(5000\d characters\)/);
      assert.ok(r.stderr.split('\n')[0].length < 300, `${r.stderr.split('\n')[0].length} characters`);
    }
  });
}

test('simulate: --platform defaults to auto like check (the PLATFORM= define, else ptl with a note)', async () => {
  const r = await runCli(['simulate', demo]);
  assert.match(r.stderr, /simulate: note: no PLATFORM= define; simulated on ptl/);
  assert.match(r.stdout, /^platform ptl, model current/);
  const mtl = await runCli(['simulate', demo, '-D', 'PLATFORM=mtl']);
  assert.match(mtl.stdout, /^platform mtl, /);
  assert.doesNotMatch(mtl.stderr, /note:/);
});

test('simulate and resolve take --json; --format there says so instead of only "unknown option"', async () => {
  for (const cmd of ['simulate', 'resolve']) {
    const r = await runCli([cmd, demo, '--format', 'json']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`${cmd}: unknown option --format: this command prints JSON with --json`));
  }
});

test('a target without DP modules says why there are no vregions instead of "peak 0 of 0"', async () => {
  const sim = await runCli(['simulate', demo, '-D', 'SRC_DOMAIN=LL', '--platform', 'ptl']);
  assert.match(sim.stdout, /^no vregions: this target has no DP modules under current$/m);
  const check = await runCli(['check', demo, '-D', 'SRC_DOMAIN=LL', '--platform', 'ptl']);
  assert.match(check.stdout, /0 DP\); no vregions: this target has no DP modules under current; on ptl, model current/);
  assert.doesNotMatch(check.stdout, /peak 0 of/);
});

test('simulate: one line relates the image end, the pool base and the pool size', async () => {
  const r = await runCli(['simulate', demo, '--platform', 'ptl']);
  const line = r.stdout.split('\n').find((l) => l.startsWith('vpage pool:')) ?? '';
  const m = /base (0x[0-9a-f]+) = image end (0x[0-9a-f]+) \(estimated\) \+ (\d+) KiB virtual heap; (\d+) KiB up to (0x[0-9a-f]+) .* = (\d+) pages of (\d+) B/.exec(line);
  assert.ok(m, line);
  const [base, end, vh, size, top, pages, page] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7])];
  assert.equal(base, end + vh * 1024);
  assert.equal(top, base + size * 1024);
  assert.equal(pages, Math.floor((size * 1024) / page));
});

test('a file that is not there, and no input at all, are usage errors naming what is missing', async () => {
  const missing = await runCli(['check', 'nope.conf']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /nope\.conf: no such file/);
  const none = await runCli(['simulate']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no input file: give the top-level topology \(\.conf\)/);
});
