// The build targets of a sweep, read from SOF's CMake target lists, each with its platform chosen
// and whether its input is present. Bad lists and platforms are usage errors (thrown).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PlatformProfile } from '../../core/memory/profiles';
import type { Diagnostic } from '../../core/model';
import { parseTargetList } from '../../core/targets/cmakeTargets';
import { topologyDirOfList } from '../../core/targets/buildTargets';
import { choosePlatform } from '../../core/targets/platform';
import { usageError } from '../command';
import type { SweepTarget } from './types';

export interface ListOptions {
  cwd: string;
  /** --topology-dir; default: the folder holding each list's production/ or development/ folder. */
  topologyDir?: string;
  filter?: RegExp;
  /** --platform: a profile id or auto. */
  platform: string;
  profiles: readonly PlatformProfile[];
}

export function readTargetLists(lists: readonly string[], o: ListOptions): { targets: SweepTarget[]; listDiagnostics: Diagnostic[] } {
  const listDiagnostics: Diagnostic[] = [];
  const targets: SweepTarget[] = [];
  for (const name of lists) {
    const file = path.resolve(o.cwd, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      return usageError(`${name}: cannot read the target list`);
    }
    const parsed = parseTargetList(text, file);
    listDiagnostics.push(...parsed.diagnostics);
    const dir = o.topologyDir ?? topologyDirOfList(file);
    for (const t of parsed.targets) {
      if (o.filter && !o.filter.test(t.output) && !o.filter.test(t.input)) continue;
      const choice = choosePlatform(o.platform, t.defines, o.profiles, t.output);
      if (typeof choice === 'string') return usageError(choice);
      const inputPath = path.resolve(dir, t.input);
      targets.push({
        output: t.output,
        input: t.input,
        inputPath,
        topologyDir: dir,
        defines: t.defines,
        list: file,
        line: t.range?.line,
        platform: choice.profile?.id,
        platformSource: choice.source,
        platformNote: choice.note,
        missing: !fs.existsSync(inputPath),
      });
    }
  }
  return { targets, listDiagnostics };
}
