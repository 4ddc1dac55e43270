// Platform profiles for a command: the bundled ones plus `--profiles <file>`, or
// .tplg-budget/profiles.yaml in the working folder when present.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProfiles, type ProfileSet } from '../core/memory/profiles';
import { displayPath } from './format';

/** The profile set, or a usage error message when an explicitly named file is missing. */
export function cliProfiles(cwd: string, file: string | undefined): ProfileSet | string {
  const p = file ? path.resolve(cwd, file) : path.join(cwd, '.tplg-budget', 'profiles.yaml');
  let extra: string | undefined;
  try {
    extra = fs.readFileSync(p, 'utf8');
  } catch {
    if (file) return `${file}: cannot read the profiles file`;
  }
  return loadProfiles(extra, displayPath(p, cwd));
}
