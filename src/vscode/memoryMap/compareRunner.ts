// The second side of compare mode: the session's target under another platform or firmware
// model. It runs in its own analysis worker, so it never overtakes the session's analysis.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isFirmwareModel } from '../../core/memory/models';
import { AnalysisClient } from '../analysisClient';
import { whatIfSettings, workspaceProfilesYaml, type BuildContext } from '../buildContext';
import { buildMapModel, type MapModel } from './mapData';
import type { CompareWith } from './protocol';

/** Unsaved topology buffers, which replace the files on disk (as the session sends them). */
function overlays(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of vscode.workspace.textDocuments) {
    if (d.isDirty && d.uri.scheme === 'file' && path.extname(d.uri.fsPath) === '.conf') out[d.uri.fsPath] = d.getText();
  }
  return out;
}

export class CompareRunner implements vscode.Disposable {
  private client: AnalysisClient | undefined;

  constructor(
    private readonly workerPath: string,
    private readonly log: (line: string) => void,
  ) {}

  /** The map of `context` under `other`; undefined when a newer run overtook this one. */
  async run(context: BuildContext, other: CompareWith, contextId: number): Promise<{ model?: MapModel; status: string } | undefined> {
    if (!isFirmwareModel(other.model)) return { status: `unknown firmware model ${other.model}` };
    this.client ??= new AnalysisClient(this.workerPath, this.log);
    const pending = this.client.analyze({
      input: context.target.input,
      topologyRoot: context.topologyRoot,
      defines: context.target.defines,
      platform: other.platform,
      model: other.model,
      overlays: overlays(),
      profilesYaml: workspaceProfilesYaml(),
      whatIf: { ...whatIfSettings(), ...(other.deepBuffers ? { deepBuffers: other.deepBuffers } : {}) },
    });
    const [resolved, simulated] = await Promise.all([pending.resolved, pending.simulated]);
    if (!resolved || !simulated) return undefined;
    if (!simulated.simulation) return { status: simulated.problem ?? 'no simulation' };
    const deep = other.deepBuffers ? ` · deep buffers ${other.deepBuffers}` : '';
    return { model: buildMapModel(contextId, context.target.name, resolved.result, simulated.simulation), status: `${other.platform} · ${other.model}${deep}` };
  }

  dispose(): void {
    this.client?.dispose();
    this.client = undefined;
  }
}
