// Worker-thread entry (bundled to dist/analysisWorker.js): resolves and simulates topologies off
// the extension host's thread. Only the newest request matters: one that is overtaken while the
// worker is busy is answered `superseded` instead of being simulated.
import { parentPort } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EditorFileSystem } from '../core/conf/editorFileSystem';
import { FileStore } from '../core/conf/files';
import { saveConfig } from '../core/conf/save';
import { loadProfiles } from '../core/memory/profiles';
import { simulateTopology } from '../core/memory/simulate';
import { whatIfFromSettings } from '../core/memory/whatIfOptions';
import { resolveWithOutput } from '../core/resolve';
import type { AnalysisRequest, AnalysisResponse } from './analysisProtocol';

const editor = new EditorFileSystem();
// One store for the worker's life, so unchanged files are scanned once across edits.
const store = new FileStore(editor.host);

let latest = 0;
const queue: AnalysisRequest[] = [];
let busy = false;

const post = (m: AnalysisResponse): void => parentPort?.postMessage(m);
/** Lets queued messages in, so a newer request can overtake the current one. */
const yieldToMessages = (): Promise<void> => new Promise((r) => setImmediate(r));

async function handle(req: AnalysisRequest): Promise<void> {
  editor.buffers = req.overlays;
  const t0 = performance.now();
  const { result, output } = resolveWithOutput({
    input: req.input,
    includeDirs: [req.topologyRoot],
    configDir: req.topologyRoot,
    defines: req.defines,
    store,
  });
  const preprocessed = req.withPreprocessed && output ? saveConfig(output) : undefined;
  post({ id: req.id, phase: 'resolved', result, resolveMs: performance.now() - t0, preprocessed });
  await yieldToMessages();
  if (req.id !== latest) {
    post({ id: req.id, phase: 'superseded' });
    return;
  }
  const t1 = performance.now();
  const profiles = loadProfiles(req.profilesYaml);
  const platform = profiles.profiles.find((p) => p.id === req.platform);
  if (!platform) {
    const known = profiles.profiles.map((p) => p.id).join(', ');
    post({ id: req.id, phase: 'simulated', simulateMs: 0, problem: `no platform profile for "${req.platform}" (known: ${known}); choose one with SOF: Select Platform, or another build target` });
    return;
  }
  if (result.failed) {
    post({ id: req.id, phase: 'simulated', simulateMs: 0, problem: 'the topology does not resolve; fix the errors first' });
    return;
  }
  const whatIf = whatIfFromSettings(req.whatIf, platform, (file) => {
    try {
      return fs.readFileSync(path.resolve(req.topologyRoot, file));
    } catch {
      return undefined;
    }
  });
  const simulation = simulateTopology(result, { platform, model: req.model, ...whatIf.options });
  post({ id: req.id, phase: 'simulated', simulation, simulateMs: performance.now() - t1, ...(whatIf.problems.length ? { whatIfProblems: whatIf.problems } : {}) });
}

async function pump(): Promise<void> {
  busy = true;
  while (queue.length) {
    const req = queue.shift() as AnalysisRequest;
    if (req.id !== latest) {
      post({ id: req.id, phase: 'superseded' });
      continue;
    }
    try {
      await handle(req);
    } catch (e) {
      post({ id: req.id, phase: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  }
  busy = false;
}

parentPort?.on('message', (req: AnalysisRequest) => {
  req.input = path.resolve(req.input);
  latest = Math.max(latest, req.id);
  queue.push(req);
  if (!busy) void pump();
});
