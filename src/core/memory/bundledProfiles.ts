// Finds the bundled profiles/*.yaml next to the installed code. The same lookup works from the
// compiled tree (out/src/core/memory), the esbuild bundle (dist/) and a packaged extension,
// because all of them sit below the package root that ships profiles/.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ProfileText {
  name: string;
  text: string;
}

let cache: ProfileText[] | undefined;

function profilesDir(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'profiles');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

export function bundledProfileTexts(): ProfileText[] {
  if (cache) return cache;
  const dir = profilesDir();
  cache = dir
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => ({ name: `profiles/${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') }))
    : [];
  return cache;
}
