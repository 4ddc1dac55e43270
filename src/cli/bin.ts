// The installed `tplg-budget` command (dist/cli.js). It loads the CLI bundle (dist/cli-main.js)
// through V8's code cache: without it every one-shot run parses and compiles ~400 KB of
// JavaScript before doing any work. A missing, stale or corrupt cache only costs that compile.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { cacheDir } from './cacheDir';
import { readFileOrUndefined, writeFileAtomic } from '../core/cache/atomicFile';

/** Content hash of dist/cli-main.js, set by esbuild.mjs: names the code cache and the tree cache. */
declare const BUILD_ID: string;

interface CliMain {
  runProcess(options: { buildId: string; cacheDir?: string }): Promise<number>;
}

const file = path.join(__dirname, 'cli-main.js');
const source = fs.readFileSync(file, 'utf8');
const dir = cacheDir(process.env);
// V8 rejects code cached by another V8 or with other flags; the name keeps one per Node version.
const codeCache = dir && path.join(dir, `cli-${BUILD_ID}-${process.version}-${process.arch}.v8cache`);
const cachedData = codeCache ? readFileOrUndefined(codeCache) : undefined;
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
const mod = { exports: {} as CliMain };
(script.runInThisContext() as (...a: unknown[]) => void)(mod.exports, require, mod, file, __dirname);

void mod.exports.runProcess({ buildId: BUILD_ID, cacheDir: dir }).then((code) => {
  process.exitCode = code;
  if (!dir || !codeCache || (cachedData && !script.cachedDataRejected)) return;
  // Produced after the run, the cache also holds the functions compiled lazily on the way.
  if (!cachedData) removeOtherBuilds(dir);
  writeFileAtomic(codeCache, script.createCachedData());
});

/** A new build's first run: what older builds cached is never read again. */
function removeOtherBuilds(cache: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(cache);
  } catch {
    return;
  }
  for (const n of names) {
    if (n.includes(BUILD_ID) || !/^(cli-.*\.v8cache|trees-.*)$/.test(n)) continue;
    try {
      fs.rmSync(path.join(cache, n), { recursive: true, force: true });
    } catch {
      // in use or not ours to remove: harmless
    }
  }
}
