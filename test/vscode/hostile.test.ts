// Hostile input in the real editor: a catastrophic IncludeByKey regex, a 100 MB include and an
// include cycle. The extension host must keep responding (analysis runs in a worker) and the
// Problems panel must say what is wrong, where. The files are made at run time in a temp folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { api, codeOf, LANGUAGE_ID, openAs, waitForDiagnostics } from './editor';
import { screenshot } from './env';
import { test } from './runner';

const TOP = `# hostile input, made by test/vscode/hostile.test.ts
<searchdir:.>
Define {
	K "${'a'.repeat(4000)}b"
}
# nested stars on a value that never matches: exponential for a backtracking matcher
IncludeByKey.K {
	"(a|aa|aaa)*(a*)*c" {
		Define { MATCHED 1 }
	}
}
<cycle-a.conf>
<huge.conf>
`;

test('hostile input: catastrophic regex key, a 100 MB include and an include cycle', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-hostile-'));
  const top = path.join(dir, 'top.conf');
  fs.writeFileSync(top, TOP);
  fs.writeFileSync(path.join(dir, 'cycle-a.conf'), '<cycle-b.conf>\n');
  fs.writeFileSync(path.join(dir, 'cycle-b.conf'), '<cycle-a.conf>\n');
  const huge = path.join(dir, 'huge.conf');
  const chunk = Buffer.alloc(1 << 20, '# padding\n');
  const fd = fs.openSync(huge, 'w');
  for (let i = 0; i < 100; i++) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  try {
    const doc = await openAs(top, LANGUAGE_ID);
    await vscode.window.showTextDocument(doc, { preview: false });
    const hasCode = (code: string) => (d: vscode.Diagnostic): boolean => d.source === 'tplg-budget' && codeOf(d) === code;
    const ds = await waitForDiagnostics(doc.uri, (list) => list.some(hasCode('TPLG010')), 30_000);
    const tooBig = ds.find(hasCode('TPLG010'))!;
    assert.equal(doc.getText(tooBig.range).trim(), '<huge.conf>');
    const cycle = vscode.languages
      .getDiagnostics()
      .flatMap(([uri, list]) => list.filter(hasCode('TPLG006')).map((d) => `${path.basename(uri.fsPath)}:${d.range.start.line + 1}`));
    assert.ok(cycle.length > 0, 'no include-cycle diagnostic');
    const a = await api();
    await a.whenIdle();
    assert.equal(a.state()?.context.target.input, top);
    await screenshot('hostile-input');
    delay.disable();
    const maxMs = delay.max / 1e6;
    // The host stays responsive: its event loop never stalls on the analysis.
    assert.ok(maxMs < 2000, `extension host event loop stalled for ${maxMs.toFixed(0)} ms`);
    return `cycle at ${cycle.join(', ')}; event loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${maxMs.toFixed(0)} ms`;
  } finally {
    delay.disable();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
