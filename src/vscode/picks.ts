// The user's build-context picks (SOF: Select Build Target / Platform / Firmware Model), kept per
// workspace and handed to the language server, which decides what each file is analysed under.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FirmwareModelId } from '../core/memory/models';
import { setSelection, type Selection, type Target } from '../lsp/ext';

const TARGET_KEY = 'sofTopology.target';
const PLATFORM_KEY = 'sofTopology.platform';
const MODEL_KEY = 'sofTopology.model';

export class Picks {
  constructor(private readonly state: vscode.Memento) {}

  get selection(): Selection {
    const target = this.state.get<Target>(TARGET_KEY);
    const platform = this.state.get<string>(PLATFORM_KEY);
    const model = this.state.get<FirmwareModelId>(MODEL_KEY);
    return { ...(target ? { target } : {}), ...(platform ? { platform } : {}), ...(model ? { model } : {}) };
  }

  client: LanguageClient | undefined;

  private async set(key: string, value: unknown): Promise<void> {
    await this.state.update(key, value);
    await this.client?.sendNotification(setSelection, this.selection);
  }

  selectTarget(t: Target | undefined): Promise<void> {
    return this.set(TARGET_KEY, t);
  }

  selectPlatform(id: string | undefined): Promise<void> {
    return this.set(PLATFORM_KEY, id);
  }

  selectModel(id: FirmwareModelId | undefined): Promise<void> {
    return this.set(MODEL_KEY, id);
  }
}
