// Which top-level file, -D defines, platform and firmware model an open file is analysed under.
// The user's picks come from the client (VS Code persists them per workspace) or from settings;
// include files are analysed through the target that reads them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFirmwareModel, type FirmwareModelId } from '../core/memory/models';
import type { BuildContext, Selection, Target } from './ext';
import type { Settings } from './settings';

const DEFAULT_PLATFORM = 'ptl';

/** The topology2 folder above `file`: the one holding include/common/tokens.conf. */
export function topologyRootOf(file: string): string {
  let dir = path.dirname(file);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'include', 'common', 'tokens.conf'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.dirname(file);
    dir = up;
  }
}

/**
 * SOF keeps top-level topologies in the topology2 folder itself and includes below it; a file
 * elsewhere is top-level when it declares search directories, which included files never do.
 */
export function looksTopLevel(file: string, text: string): boolean {
  return path.dirname(file) === topologyRootOf(file) || /^[ \t]*<searchdir:/m.test(text);
}

export function sameTarget(a: Target, b: Target): boolean {
  return a.input === b.input && a.defines === b.defines;
}

function defineValue(defines: string, name: string): string | undefined {
  for (const part of defines.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The user's picks, the settings, and the target the buildTarget setting names, once looked up. */
export class BuildContexts {
  selection: Selection = {};
  pinned: Target | undefined;

  constructor(private readonly settings: () => Settings) {}

  get selectedTarget(): Target | undefined {
    return this.selection.target ?? this.pinned;
  }

  /**
   * The context for `file`: the selected target when it reads this file, else the target of the
   * current analysis when that reads it (an include of an ad-hoc top-level file), else the file
   * itself when it is a top-level topology, else the selected target as the best guess.
   */
  contextFor(file: string, text: string, analysed: { target: Target; files: readonly string[] } | undefined): BuildContext | undefined {
    const sel = this.selectedTarget;
    const reads = (t: Target): boolean => t.input === file || (!!analysed && sameTarget(analysed.target, t) && analysed.files.includes(file));
    let target: Target | undefined;
    if (sel && reads(sel)) target = sel;
    else if (analysed && reads(analysed.target)) target = analysed.target;
    else if (looksTopLevel(file, text)) target = { name: path.basename(file, '.conf'), input: file, defines: '' };
    else target = sel;
    return target && this.withPlatform(target);
  }

  withPlatform(target: Target): BuildContext {
    const cfg = this.settings();
    const fromDefine = defineValue(target.defines, 'PLATFORM');
    let platform = DEFAULT_PLATFORM;
    let platformSource: BuildContext['platformSource'] = 'default';
    if (this.selection.platform) [platform, platformSource] = [this.selection.platform, 'selected'];
    else if (cfg.platform) [platform, platformSource] = [cfg.platform, 'setting'];
    else if (fromDefine) [platform, platformSource] = [fromDefine.toLowerCase(), 'define'];
    const m = this.selection.model ?? cfg.firmwareModel;
    const model: FirmwareModelId = isFirmwareModel(m) ? m : 'current';
    return { target, topologyRoot: topologyRootOf(target.input), platform, platformSource, model };
  }
}

/** The workspace's platform profile overrides (.tplg-budget/profiles.yaml), if any. */
export function workspaceProfilesYaml(folders: readonly string[]): string | undefined {
  for (const folder of folders) {
    try {
      return fs.readFileSync(path.join(folder, '.tplg-budget', 'profiles.yaml'), 'utf8');
    } catch {
      // no overrides in this folder
    }
  }
  return undefined;
}
