// Which top-level file, -D defines, platform and firmware model an open file is analysed under.
// Choices persist per workspace; include files are analysed through the target that reads them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isFirmwareModel, type FirmwareModelId } from '../core/memory/models';
import { splitModuleElfArg, type WhatIfSettings } from '../core/memory/whatIfOptions';

export interface Target {
  /** The CMake output name (`sof-ptl-nocodec`) or, for an ad-hoc target, the file name. */
  name: string;
  /** Absolute path of the top-level topology. */
  input: string;
  defines: string;
  /** The CMake list that declares it, if any. */
  list?: string;
}

export interface BuildContext {
  target: Target;
  topologyRoot: string;
  platform: string;
  /** Why this platform: chosen by the user, taken from PLATFORM=, or the default. */
  platformSource: 'selected' | 'setting' | 'define' | 'default';
  model: FirmwareModelId;
}

const TARGET_KEY = 'sofTopology.target';
const PLATFORM_KEY = 'sofTopology.platform';
const MODEL_KEY = 'sofTopology.model';
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

export class BuildContexts {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  /** The target named by the sofTopology.buildTarget setting, once looked up. */
  private pinned: Target | undefined;

  get selectedTarget(): Target | undefined {
    return this.state.get<Target>(TARGET_KEY) ?? this.pinned;
  }

  /** Looks up the sofTopology.buildTarget setting's target (with `find`), then re-analyses. */
  async loadPinned(find: (name: string) => Promise<Target | undefined>): Promise<void> {
    const name = vscode.workspace.getConfiguration('sofTopology').get<string>('buildTarget', '');
    this.pinned = name ? await find(name) : undefined;
    this.changed.fire();
  }

  async selectTarget(t: Target | undefined): Promise<void> {
    await this.state.update(TARGET_KEY, t);
    this.changed.fire();
  }

  async selectPlatform(id: string | undefined): Promise<void> {
    await this.state.update(PLATFORM_KEY, id);
    this.changed.fire();
  }

  async selectModel(id: FirmwareModelId | undefined): Promise<void> {
    await this.state.update(MODEL_KEY, id);
    this.changed.fire();
  }

  /**
   * The context for `doc`: the selected target when it reads this file, else the target of the
   * current analysis when that reads it (an include of an ad-hoc top-level file), else the file
   * itself when it is a top-level topology, else the selected target as the best guess.
   */
  contextFor(doc: vscode.TextDocument, analysed: { target: Target; files: readonly string[] } | undefined): BuildContext | undefined {
    const file = doc.uri.fsPath;
    const sel = this.selectedTarget;
    const reads = (t: Target): boolean => t.input === file || (!!analysed && sameTarget(analysed.target, t) && analysed.files.includes(file));
    let target: Target | undefined;
    if (sel && reads(sel)) target = sel;
    else if (analysed && reads(analysed.target)) target = analysed.target;
    else if (looksTopLevel(file, doc.getText())) target = { name: path.basename(file, '.conf'), input: file, defines: '' };
    else target = sel;
    return target && this.withPlatform(target);
  }

  withPlatform(target: Target): BuildContext {
    const cfg = vscode.workspace.getConfiguration('sofTopology');
    const selected = this.state.get<string>(PLATFORM_KEY);
    const setting = cfg.get<string>('platform', '');
    const fromDefine = defineValue(target.defines, 'PLATFORM');
    let platform = DEFAULT_PLATFORM;
    let platformSource: BuildContext['platformSource'] = 'default';
    if (selected) [platform, platformSource] = [selected, 'selected'];
    else if (setting) [platform, platformSource] = [setting, 'setting'];
    else if (fromDefine) [platform, platformSource] = [fromDefine.toLowerCase(), 'define'];
    const m = this.state.get<string>(MODEL_KEY) ?? cfg.get<string>('firmwareModel', 'current');
    const model: FirmwareModelId = isFirmwareModel(m) ? m : 'current';
    return { target, topologyRoot: topologyRootOf(target.input), platform, platformSource, model };
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The workspace's platform profile overrides (.tplg-budget/profiles.yaml), if any. */
export function workspaceProfilesYaml(): string | undefined {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    try {
      return fs.readFileSync(path.join(folder.uri.fsPath, '.tplg-budget', 'profiles.yaml'), 'utf8');
    } catch {
      // no overrides in this folder
    }
  }
  return undefined;
}

/** The deep-buffer and TEXT partition what-if settings, ELF paths made absolute. */
export function whatIfSettings(): WhatIfSettings {
  const cfg = vscode.workspace.getConfiguration('sofTopology');
  const mode = cfg.get<string>('deepBuffers', 'off');
  const base = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? '';
  const elfs = cfg.get<string[]>('moduleElfFiles', []).filter((x) => typeof x === 'string' && x.trim());
  return {
    deepBuffers: mode === 'exact' || mode === 'ladder' ? mode : 'off',
    deepBufferLadder: cfg.get<string>('deepBufferLadder', 'profile'),
    moduleElfFiles: elfs.map((entry) => {
      const { uuid, path: file } = splitModuleElfArg(entry.trim());
      const abs = path.resolve(base, file);
      return uuid ? `${uuid}=${abs}` : abs;
    }),
  };
}
