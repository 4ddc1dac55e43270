// Which top-level file, -D defines, platform and firmware model an open file is analysed under.
// The target is picked by core/targets/buildTargets.ts (first target of a top-level file, last
// used or first including target of an include) unless the user chose one for the file; choices
// persist per workspace and per file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isFirmwareModel, type FirmwareModelId } from '../core/memory/models';
import { defineValue } from '../core/targets/platform';
import { CONFIG_FILE, parseRuleConfig, type RuleConfig } from '../core/report/ruleConfig';
import { asWritten, closureCandidates, pickTarget, topologyRootOf, type BuildTarget, type PickReason } from '../core/targets/buildTargets';
import { splitModuleElfArg, type WhatIfSettings } from '../core/memory/whatIfOptions';

export { topologyRootOf };
export type Target = BuildTarget;

export interface BuildContext {
  target: Target;
  /** How the target was picked: `chosen` by the user, else automatically. */
  reason: PickReason;
  topologyRoot: string;
  platform: string;
  /** Why this platform: chosen by the user, taken from PLATFORM=, or the default. */
  platformSource: 'selected' | 'setting' | 'define' | 'default';
  model: FirmwareModelId;
}

const TARGET_KEY = 'sofTopology.target';
/** The user's choice per file: a target, or null for "analyse the file on its own". */
const BY_FILE_KEY = 'sofTopology.targetByFile';
/** Include files whose including target is searched among this many candidates at most. */
const MAX_CLOSURE_SEARCH = 24;
const PLATFORM_KEY = 'sofTopology.platform';
const MODEL_KEY = 'sofTopology.model';
const DEFAULT_PLATFORM = 'ptl';

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

const key = (t: Target): string => `${t.input}\0${t.defines}`;

export class BuildContexts {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  /** The target named by the sofTopology.buildTarget setting, once looked up. */
  private pinned: Target | undefined;
  /** The targets of the CMake lists, in CMake order (loadTargets). */
  private targets: Target[] = [];
  /** Files each analysed target read, by target key, most recently used last. */
  private readonly closures = new Map<string, { target: Target; files: readonly string[] }>();

  /** The target last chosen in the picker (any file): tried first for an include file. */
  get selectedTarget(): Target | undefined {
    return this.state.get<Target>(TARGET_KEY) ?? this.pinned;
  }

  /** Looks up the sofTopology.buildTarget setting's target (with `find`), then re-analyses. */
  async loadPinned(find: (name: string) => Promise<Target | undefined>): Promise<void> {
    const name = vscode.workspace.getConfiguration('sofTopology').get<string>('buildTarget', '');
    this.pinned = name ? await find(name) : undefined;
    this.changed.fire();
  }

  /** The targets of the workspace's CMake lists, in CMake order, for automatic picks. */
  setTargets(targets: Target[]): void {
    this.targets = targets;
    this.changed.fire();
  }

  /** Remembers what an analysis of `target` read: the last-used and include-closure rules use it. */
  recordFiles(target: Target, files: readonly string[]): void {
    const k = key(target);
    this.closures.delete(k);
    this.closures.set(k, { target, files });
  }

  /**
   * The user's choice: `t` for `file` (the open file) and for its own input; undefined for
   * "analyse the open file on its own".
   */
  async selectTarget(t: Target | undefined, file?: string): Promise<void> {
    const byFile = { ...this.state.get<Record<string, Target | null>>(BY_FILE_KEY, {}) };
    if (file) byFile[file] = t ?? null;
    if (t) byFile[t.input] = t;
    await this.state.update(BY_FILE_KEY, byFile);
    if (t) await this.state.update(TARGET_KEY, t);
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

  /** The platform chosen in the picker, if any. */
  get selectedPlatform(): string | undefined {
    return this.state.get<string>(PLATFORM_KEY);
  }

  /**
   * The context for `doc`: the user's choice for this file; else the first target built from it;
   * else (an include) the target last used that reads it, or the first whose include closure
   * holds it, trying one unknown candidate per analysis; else the file as written when it is a
   * top-level topology; else the last chosen target.
   */
  contextFor(doc: vscode.TextDocument): BuildContext | undefined {
    const file = doc.uri.fsPath;
    const byFile = this.state.get<Record<string, Target | null>>(BY_FILE_KEY, {});
    const choice = byFile[file];
    if (choice === null) return this.withPlatform(asWritten(file), 'chosen');
    const recent = [...this.closures.values()].reverse();
    // The target of the sofTopology.buildTarget setting counts as chosen for its own input.
    const chosen = choice ?? (this.pinned?.input === file ? this.pinned : undefined);
    const pick = pickTarget(file, { targets: this.targets, chosen, recent, closureOf: (t) => this.closures.get(key(t))?.files });
    // The file's own earlier analysis as written is still "as written", not a target last used.
    if (pick?.reason === 'last-used' && pick.target.input === file && !pick.target.list) return this.withPlatform(pick.target, 'as-written');
    if (pick) return this.withPlatform(pick.target, pick.reason);
    if (looksTopLevel(file, doc.getText())) return this.withPlatform(asWritten(file), 'as-written');
    // An include no analysis has read yet: try the next candidate whose files are unknown.
    const candidates = [this.selectedTarget, this.pinned, ...closureCandidates(this.targets)].filter((t): t is Target => !!t);
    const next = candidates.slice(0, MAX_CLOSURE_SEARCH).find((t) => !this.closures.has(key(t)));
    if (next) return this.withPlatform(next, 'includes');
    const fallback = this.selectedTarget ?? recent[0]?.target;
    return fallback && this.withPlatform(fallback, 'last-used');
  }

  withPlatform(target: Target, reason: PickReason): BuildContext {
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
    return { target, reason, topologyRoot: topologyRootOf(target.input), platform, platformSource, model };
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

/** The workspace's rule configuration (.tplg-budget/config.json), as check and targets read it. */
export function workspaceRuleConfig(log?: (line: string) => void): RuleConfig | undefined {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    let text: string;
    try {
      text = fs.readFileSync(path.join(folder.uri.fsPath, CONFIG_FILE), 'utf8');
    } catch {
      continue;
    }
    const { config, problems } = parseRuleConfig(text, path.join(folder.uri.fsPath, CONFIG_FILE));
    for (const p of problems) log?.(p);
    return config;
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
