// A superseded analysis is cancelled, not just ignored: the engine polls a cancellation check per
// object built and stops there (core), and the language server's worker stops a resolve in
// flight when its AbortSignal fires, then serves the next request as usual.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cancelled, resolveWithOutput } from '../../src/core/resolve';
import { AnalysisCancelled, AnalysisWorker, type AnalysisInput } from '../../src/lsp/analysis';

const DEMO = path.resolve(__dirname, '../../../examples/demo');
const WORKER = path.resolve(__dirname, '../../src/lsp/analysisWorker.js');

/** The demo with its SRC playback pipeline repeated `n` times: thousands of objects to build. */
function heavyDemo(n: number): { dir: string; input: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-cancel-'));
  fs.cpSync(DEMO, dir, { recursive: true });
  const top = fs.readFileSync(path.join(dir, 'top.conf'), 'utf8');
  const block = /\n\tsrc-playback\.1 \{[\s\S]*?\n\t\}\n/.exec(top);
  assert.ok(block, 'the demo has no src-playback.1 pipeline');
  const copies = Array.from({ length: n }, (_, i) => block[0].replace('src-playback.1 {', `src-playback.${i + 10} {`).replace(/\n\t\tindex\t1\n/, `\n\t\tindex\t${i + 10}\n`));
  const input = path.join(dir, 'heavy.conf');
  fs.writeFileSync(input, top.replace(block[0], block[0] + copies.join('')));
  return { dir, input };
}

test('cancel: the engine stops at the check after it says so, long before the run would end', () => {
  const { dir, input } = heavyDemo(200);
  try {
    let full = 0;
    const done = resolveWithOutput({ input, isCancelled: () => (full++, false) });
    assert.ok(done.result.widgets.length > 400, `${done.result.widgets.length} widgets`);
    let polls = 0;
    assert.throws(() => resolveWithOutput({ input, isCancelled: () => ++polls > 10 }), Cancelled);
    assert.equal(polls, 11, 'the run went on after the check said stop');
    assert.ok(full > 100 * polls, `a full run checks ${full} times`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('cancel: the server worker stops a resolve in flight and serves the next request', async () => {
  const { dir, input } = heavyDemo(800);
  const worker = new AnalysisWorker(WORKER, () => undefined);
  const req: AnalysisInput = {
    context: { target: { name: 'heavy', input, defines: '' }, reason: 'as-written', topologyRoot: dir, platform: 'ptl', platformSource: 'default', model: 'current' },
    overlays: {},
  };
  try {
    // Twice uncancelled: the worker started and its engine warm, as in an editor session.
    const first = await worker.resolve(req);
    const t0 = performance.now();
    await worker.resolve(req);
    const fullMs = performance.now() - t0;
    // Cancelled a quarter of the way in (later again if the worker had not started it yet).
    let stoppedDuring: string | undefined;
    for (let attempt = 0; attempt < 5 && stoppedDuring !== 'resolve'; attempt++) {
      const abort = new AbortController();
      const run = worker.resolve(req, abort.signal);
      setTimeout(() => abort.abort(), fullMs / 4);
      const outcome = await run.then(
        () => 'finished',
        (e: unknown) => (e instanceof AnalysisCancelled ? e.during : `failed: ${String(e)}`),
      );
      assert.ok(outcome !== 'finished' && !outcome.startsWith('failed'), `attempt ${attempt}: ${outcome} (a full run takes ${fullMs.toFixed(0)} ms)`);
      stoppedDuring = outcome;
    }
    assert.equal(stoppedDuring, 'resolve', 'never cancelled while the engine ran');
    // A request cancelled before it was sent never reaches the engine.
    const gone = new AbortController();
    gone.abort();
    await assert.rejects(worker.resolve(req, gone.signal), (e: unknown) => e instanceof AnalysisCancelled && e.during === 'queued');
    // The worker is intact: the next analysis runs to its end with the same result.
    const after = await worker.resolve(req);
    assert.equal(after.resolved.result.widgets.length, first.resolved.result.widgets.length);
    const sim = await worker.simulate(req, after.resolvedId);
    assert.ok(sim.simulation, sim.problem);
  } finally {
    worker.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
