// The engine as the language server runs it: resolve, then simulate, over the open editors'
// unsaved text. One file store for the server's life, so unchanged files are scanned once across
// edits (the store re-reads a file only when its stamp changes).
import { EditorFileSystem } from '../core/conf/editorFileSystem';
import { FileStore } from '../core/conf/files';
import { saveConfig } from '../core/conf/save';
import type { FirmwareModelId } from '../core/memory/models';
import { loadProfiles } from '../core/memory/profiles';
import { simulateTopology } from '../core/memory/simulate';
import type { ResolveResult } from '../core/model';
import { resolveWithOutput } from '../core/resolve';
import type { BuildContext, Resolved, Simulated } from './ext';

export interface AnalysisInput {
  context: BuildContext;
  /** Unsaved editor text by absolute path; it replaces the file on disk. */
  overlays: Record<string, string>;
  /** Workspace profile overrides (YAML), merged over the bundled profiles. */
  profilesYaml?: string;
  /** Also return the `-P` text (for the resolved-topology view). */
  withPreprocessed?: boolean;
}

export class Analyzer {
  private readonly editor = new EditorFileSystem();
  private readonly store = new FileStore(this.editor.host);

  resolve(req: AnalysisInput): Resolved {
    this.editor.buffers = req.overlays;
    const t0 = performance.now();
    const { result, output } = resolveWithOutput({
      input: req.context.target.input,
      includeDirs: [req.context.topologyRoot],
      configDir: req.context.topologyRoot,
      defines: req.context.target.defines,
      store: this.store,
    });
    const preprocessed = req.withPreprocessed && output ? saveConfig(output) : undefined;
    return { result, resolveMs: performance.now() - t0, ...(preprocessed !== undefined ? { preprocessed } : {}) };
  }

  simulate(req: AnalysisInput, result: ResolveResult, platformId = req.context.platform, model: FirmwareModelId = req.context.model): Simulated {
    const t1 = performance.now();
    const profiles = loadProfiles(req.profilesYaml);
    const platform = profiles.profiles.find((p) => p.id === platformId);
    if (!platform) {
      const known = profiles.profiles.map((p) => p.id).join(', ');
      return { simulateMs: 0, problem: `unknown platform "${platformId}" (known: ${known})` };
    }
    if (result.failed) return { simulateMs: 0, problem: 'the topology does not resolve; fix the errors first' };
    const simulation = simulateTopology(result, { platform, model });
    return { simulation, simulateMs: performance.now() - t1 };
  }
}
