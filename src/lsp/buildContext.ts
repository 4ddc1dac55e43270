// Which top-level file, -D defines, platform and firmware model an open file is analysed under.
// The target is picked by core/targets/buildTargets.ts (first target of a top-level file, last
// used or first including target of an include) unless the user chose one for the file. The
// user's picks come from the client (VS Code persists them per workspace and per file) or from
// settings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isFirmwareModel, type FirmwareModelId } from '../core/memory/models';
import { splitModuleElfArg, type WhatIfSettings } from '../core/memory/whatIfOptions';
import { CONFIG_FILE, parseRuleConfig, type RuleConfig } from '../core/report/ruleConfig';
import { asWritten, closureCandidates, pickTarget, topologyRootOf, type PickReason } from '../core/targets/buildTargets';
import { defineValue } from '../core/targets/platform';
import type { BuildContext, Selection, Target } from './ext';
import type { Settings } from './settings';

export { topologyRootOf };

const DEFAULT_PLATFORM = 'ptl';
/** Include files whose including target is searched among this many candidates at most. */
const MAX_CLOSURE_SEARCH = 24;

/**
 * SOF keeps top-level topologies in the topology2 folder itself and includes below it; a file
 * elsewhere is top-level when it declares search directories, which included files never do.
 */
export function looksTopLevel(file: string, text: string): boolean {
  return path.dirname(file) === topologyRootOf(file) || /^[ \t]*<searchdir:/m.test(text);
}

const key = (t: Target): string => `${t.input}\0${t.defines}`;

/** The user's picks, the settings, the workspace's targets and what each analysed target read. */
export class BuildContexts {
  selection: Selection = {};
  /** The target named by the sofTopology.buildTarget setting, once looked up. */
  pinned: Target | undefined;
  /** The targets of the CMake lists, in CMake order, for automatic picks. */
  targets: Target[] = [];
  /** Files each analysed target read, by target key, most recently used last. */
  private readonly closures = new Map<string, { target: Target; files: readonly string[] }>();

  constructor(private readonly settings: () => Settings) {}

  /** The target last chosen in the picker (any file): tried first for an include file. */
  get selectedTarget(): Target | undefined {
    return this.selection.target ?? this.pinned;
  }

  /** Remembers what an analysis of `target` read: the last-used and include-closure rules use it. */
  recordFiles(target: Target, files: readonly string[]): void {
    const k = key(target);
    this.closures.delete(k);
    this.closures.set(k, { target, files });
  }

  /**
   * The context for `file`: the user's choice for this file; else the first target built from it;
   * else (an include) the target last used that reads it, or the first whose include closure
   * holds it, trying one unknown candidate per analysis; else the file as written when it is a
   * top-level topology; else the last chosen target.
   */
  contextFor(file: string, text: string): BuildContext | undefined {
    const choice = this.selection.byFile?.[file];
    if (choice === null) return this.withPlatform(asWritten(file), 'chosen');
    const recent = [...this.closures.values()].reverse();
    // The target of the sofTopology.buildTarget setting counts as chosen for its own input.
    const chosen = choice ?? (this.pinned?.input === file ? this.pinned : undefined);
    const pick = pickTarget(file, { targets: this.targets, chosen, recent, closureOf: (t) => this.closures.get(key(t))?.files });
    // The file's own earlier analysis as written is still "as written", not a target last used.
    if (pick?.reason === 'last-used' && pick.target.input === file && !pick.target.list) return this.withPlatform(pick.target, 'as-written');
    if (pick) return this.withPlatform(pick.target, pick.reason);
    if (looksTopLevel(file, text)) return this.withPlatform(asWritten(file), 'as-written');
    // An include no analysis has read yet: try the next candidate whose files are unknown.
    const candidates = [this.selectedTarget, this.pinned, ...closureCandidates(this.targets)].filter((t): t is Target => !!t);
    const next = candidates.slice(0, MAX_CLOSURE_SEARCH).find((t) => !this.closures.has(key(t)));
    if (next) return this.withPlatform(next, 'includes');
    const fallback = this.selectedTarget ?? recent[0]?.target;
    return fallback && this.withPlatform(fallback, 'last-used');
  }

  withPlatform(target: Target, reason: PickReason): BuildContext {
    const cfg = this.settings();
    const fromDefine = defineValue(target.defines, 'PLATFORM');
    let platform = DEFAULT_PLATFORM;
    let platformSource: BuildContext['platformSource'] = 'default';
    if (this.selection.platform) [platform, platformSource] = [this.selection.platform, 'selected'];
    else if (cfg.platform) [platform, platformSource] = [cfg.platform, 'setting'];
    else if (fromDefine) [platform, platformSource] = [fromDefine.toLowerCase(), 'define'];
    const m = this.selection.model ?? cfg.firmwareModel;
    const model: FirmwareModelId = isFirmwareModel(m) ? m : 'current';
    return { target, reason, topologyRoot: topologyRootOf(target.input), platform, platformSource, model };
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

/** The workspace's rule configuration (.tplg-budget/config.json), as check and targets read it. */
export function workspaceRuleConfig(folders: readonly string[], log?: (line: string) => void): RuleConfig | undefined {
  for (const folder of folders) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(folder, CONFIG_FILE), 'utf8');
    } catch {
      continue;
    }
    const { config, problems } = parseRuleConfig(text, path.join(folder, CONFIG_FILE));
    for (const p of problems) log?.(p);
    return config;
  }
  return undefined;
}

/** The deep-buffer and TEXT partition what-if settings, ELF paths made absolute (first folder). */
export function whatIfSettings(cfg: Settings, folders: readonly string[]): WhatIfSettings {
  const base = folders[0] ?? '';
  return {
    deepBuffers: cfg.deepBuffers,
    deepBufferLadder: cfg.deepBufferLadder,
    moduleElfFiles: cfg.moduleElfFiles.map((entry) => {
      const { uuid, path: file } = splitModuleElfArg(entry.trim());
      const abs = path.resolve(base, file);
      return uuid ? `${uuid}=${abs}` : abs;
    }),
  };
}
