// Where the command line keeps what it can reuse between runs: V8's compiled code for the CLI
// bundle and loaded topology trees. Everything there may be deleted at any time.
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CACHE_MAX_BYTES } from '../core/cache/cacheBound';

/**
 * The cache directory: $TPLG_BUDGET_CACHE_DIR, else the platform's per-user cache folder plus
 * `tplg-budget`; undefined when TPLG_BUDGET_CACHE=0 turns caching off.
 */
export function cacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  const flag = env.TPLG_BUDGET_CACHE?.toLowerCase();
  if (flag === '0' || flag === 'off' || flag === 'false' || flag === 'no') return undefined;
  if (env.TPLG_BUDGET_CACHE_DIR) return path.resolve(env.TPLG_BUDGET_CACHE_DIR);
  const home = os.homedir();
  let base: string | undefined;
  if (platform === 'win32') base = env.LOCALAPPDATA;
  else if (platform === 'darwin') base = home && path.join(home, 'Library', 'Caches');
  else base = env.XDG_CACHE_HOME || (home && path.join(home, '.cache'));
  return path.join(base || os.tmpdir(), 'tplg-budget');
}

/** The cache folder's size bound: $TPLG_BUDGET_CACHE_MAX_MB (MiB), else 128 MiB. */
export function cacheMaxBytes(env: NodeJS.ProcessEnv): number {
  const mb = Number(env.TPLG_BUDGET_CACHE_MAX_MB);
  return env.TPLG_BUDGET_CACHE_MAX_MB && Number.isFinite(mb) && mb > 0 ? Math.round(mb * 1024 * 1024) : DEFAULT_CACHE_MAX_BYTES;
}
