// The tool's version, from the package.json above the running code (dist/ bundle or out/ tree).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

export function toolVersion(): string {
  if (cached) return cached;
  cached = 'unknown';
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tplg-budget' && pkg.version) {
        cached = pkg.version;
        break;
      }
    } catch {
      // no package.json at this level: look further up
    }
  }
  return cached;
}
