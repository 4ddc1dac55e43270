// `tplg-budget cache`: where the command line keeps its caches, how big they are against their
// bound, and `--clear` to remove them (always safe: they only make runs faster).
import * as fs from 'node:fs';
import { cacheFiles } from '../../core/cache/cacheBound';
import { cacheDir, cacheMaxBytes } from '../cacheDir';
import { clip, usageError, type CliCommand, type CliIo } from '../command';

const USAGE = `usage: tplg-budget cache [--clear]
  Prints the cache folder, its size and its bound; --clear removes it.
  TPLG_BUDGET_CACHE_DIR moves the folder, TPLG_BUDGET_CACHE_MAX_MB sets the bound (default 128),
  TPLG_BUDGET_CACHE=0 turns caching off. Least recently used entries go first past the bound.
exit codes: 0 ok, 1 the folder could not be removed, 2 usage error
`;

const mib = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MiB`;

export const cacheCommand: CliCommand = {
  name: 'cache',
  summary: 'show the on-disk caches (folder, size, bound) or --clear them',
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    const unknown = args.filter((a) => a !== '--clear');
    if (unknown.length) usageError(`unknown argument ${clip(unknown[0])}`);
    const dir = cacheDir(io.env);
    if (!dir) {
      io.stdout('caching is off (TPLG_BUDGET_CACHE=0)\n');
      return 0;
    }
    const files = cacheFiles(dir);
    const bytes = files.reduce((n, f) => n + f.size, 0);
    if (args.includes('--clear')) {
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch (e) {
        io.stderr(`tplg-budget cache: cannot remove ${dir}: ${(e as Error).message}\n`);
        return 1;
      }
      io.stdout(`removed ${dir} (${files.length} files, ${mib(bytes)})\n`);
      return 0;
    }
    io.stdout(`${dir}\n  ${files.length} files, ${mib(bytes)} of a ${mib(cacheMaxBytes(io.env))} bound\n`);
    return 0;
  },
};
