// The user's build-context picks (SOF: Select Build Target / Platform / Firmware Model), kept per
// workspace and per file and handed to the language server, which decides what each file is
// analysed under (automatically where the user chose nothing).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FirmwareModelId } from '../core/memory/models';
import { setSelection, type Selection, type Target } from '../lsp/ext';

const TARGET_KEY = 'sofTopology.target';
/** The user's choice per file: a target, or null for "analyse the file on its own". */
const BY_FILE_KEY = 'sofTopology.targetByFile';
const PLATFORM_KEY = 'sofTopology.platform';
const MODEL_KEY = 'sofTopology.model';

export class Picks {
  constructor(private readonly state: vscode.Memento) {}

  get selection(): Selection {
    const target = this.state.get<Target>(TARGET_KEY);
    const byFile = this.state.get<Record<string, Target | null>>(BY_FILE_KEY);
    const platform = this.state.get<string>(PLATFORM_KEY);
    const model = this.state.get<FirmwareModelId>(MODEL_KEY);
    return { ...(target ? { target } : {}), ...(byFile ? { byFile } : {}), ...(platform ? { platform } : {}), ...(model ? { model } : {}) };
  }

  client: LanguageClient | undefined;

  /** The platform chosen in the picker, if any. */
  get selectedPlatform(): string | undefined {
    return this.state.get<string>(PLATFORM_KEY);
  }

  private async set(key: string, value: unknown): Promise<void> {
    await this.state.update(key, value);
    await this.client?.sendNotification(setSelection, this.selection);
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
    await this.client?.sendNotification(setSelection, this.selection);
  }

  selectPlatform(id: string | undefined): Promise<void> {
    return this.set(PLATFORM_KEY, id);
  }

  selectModel(id: FirmwareModelId | undefined): Promise<void> {
    return this.set(MODEL_KEY, id);
  }
}
