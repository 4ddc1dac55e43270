// Builds the firmware harness (harness/firmware/) with the system C compiler: our shim and
// driver, and the firmware's own sources compiled in place from $TPLG_SHARED/firmware-src,
// unmodified. Binaries are cached under out/firmware-harness/<hash of every input>.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const HARNESS = path.join(REPO, 'harness', 'firmware');

export function sharedDir(): string {
  return path.resolve(process.env.TPLG_SHARED ?? path.join(REPO, '..', 'shared'));
}

export function firmwareSrc(): string {
  return path.join(sharedDir(), 'firmware-src');
}

export type BuildResult = { ok: true; exe: string; compiler: string } | { ok: false; skip: boolean; why: string };

/** The first C compiler that answers: $CC, then cc, gcc, clang. */
export function findCompiler(): string | undefined {
  const candidates = [process.env.CC, 'cc', 'gcc', 'clang'].filter((c): c is string => !!c);
  return candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
}

const FLAGS = ['-std=gnu11', '-O1', '-g', '-D__ZEPHYR__=1', '-Werror=implicit-function-declaration', '-Wno-format'];

function includes(fw: string): string[] {
  return [
    path.join(HARNESS, 'include'),
    path.join(fw, 'zephyr', 'include'),
    path.join(fw, 'sof', 'zephyr', 'include'),
    path.join(fw, 'sof', 'src', 'include'),
    path.join(fw, 'sof'),
    path.join(fw, 'zephyr', 'lib', 'heap'),
    HARNESS,
  ].flatMap((d) => ['-I', d]);
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function hashOf(files: string[], extra: string): string {
  const h = crypto.createHash('sha256');
  h.update(extra);
  for (const f of files) {
    h.update(f);
    h.update(fs.readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

interface Program {
  name: string;
  sources: string[];
  defines?: string[];
  /** Extra headers included before every source (after fw_shim.h). */
  preinclude?: string[];
}

/** Compiles and links `prog` unless a binary of the same inputs is cached. */
export function buildProgram(prog: Program, fw = firmwareSrc()): BuildResult {
  if (!fs.existsSync(fw)) return { ok: false, skip: true, why: `firmware sources not found at ${fw} (set TPLG_SHARED)` };
  const cc = findCompiler();
  if (!cc) return { ok: false, skip: true, why: 'no C compiler found ($CC, cc, gcc, clang)' };
  const inputs = [...filesUnder(HARNESS), ...filesUnder(fw)];
  const pre = ['fw_shim.h', ...(prog.preinclude ?? [])].flatMap((h) => ['-include', h]);
  const args = [...FLAGS, ...(prog.defines ?? []), ...pre, ...includes(fw)];
  const dir = path.join(REPO, 'out', 'firmware-harness', hashOf(inputs, [cc, prog.name, ...args, ...prog.sources].join('\0')));
  const exe = path.join(dir, prog.name);
  if (fs.existsSync(exe)) return { ok: true, exe, compiler: cc };
  // Test files run in parallel processes: each builds in its own folder and the first to finish
  // renames it into place; the others find it there and use it.
  const tmp = `${dir}.tmp${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const objects: string[] = [];
  for (const src of prog.sources) {
    const obj = path.join(tmp, `${objects.length}-${path.basename(src, '.c')}.o`);
    const r = spawnSync(cc, [...args, '-c', src, '-o', obj], { encoding: 'utf8' });
    if (r.status !== 0) return { ok: false, skip: false, why: `${cc} failed on ${src}:\n${r.stderr}` };
    objects.push(obj);
  }
  const link = spawnSync(cc, [...objects, '-o', path.join(tmp, prog.name)], { encoding: 'utf8' });
  if (link.status !== 0) return { ok: false, skip: false, why: `${cc} failed to link ${prog.name}:\n${link.stderr}` };
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(exe)) return { ok: false, skip: false, why: `could not move the ${prog.name} build into ${dir}` };
  }
  return { ok: true, exe, compiler: cc };
}

/** vpage, vregion, sys_heap, SOF's boot tests and the driver. */
export function buildAllocatorHarness(fw = firmwareSrc()): BuildResult {
  const u = (f: string) => path.join(HARNESS, 'units', f);
  return buildProgram({
    name: 'fw-allocators',
    sources: [
      u('vpage_unit.c'), u('vregion_unit.c'), u('heap_unit.c'), u('shim.c'), u('shim_log.c'), u('ztest_vpage.c'), u('ztest_vregion.c'),
      path.join(fw, 'zephyr', 'lib', 'mem_blocks', 'mem_blocks.c'),
      path.join(fw, 'zephyr', 'lib', 'utils', 'bitarray.c'),
      path.join(HARNESS, 'driver.c'),
    ],
  }, fw);
}

/** src_common.c with one coefficient variant's tables (`std_int32`, `tiny_int16`, ...). */
export function buildSrcHarness(variant: string, fw = firmwareSrc()): BuildResult {
  const coef = `src/audio/src/coef/src_${variant}`;
  return buildProgram({
    name: `fw-src-${variant}`,
    sources: [path.join(HARNESS, 'units', 'src_unit.c'), path.join(HARNESS, 'units', 'src_tables.c'), path.join(HARNESS, 'units', 'shim_log.c'), path.join(HARNESS, 'src_driver.c')],
    defines: [`-DSRC_DEFINE_H="${coef}_define.h"`, `-DSRC_TABLE_H="${coef}_table.h"`, ...(variant.endsWith('int16') ? ['-DSRC_SHORT=1'] : [])],
    preinclude: ['src_shim.h'],
  }, fw);
}
