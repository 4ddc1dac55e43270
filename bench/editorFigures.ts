// The real-editor figures: measured inside VS Code by the installed-.vsix smoke pass of
// `npm run test:vscode` (test/vscode/installed/smoke.test.ts), which writes them to
// test-results/editor-figures.json. The bench reports the last run's figures next to their goals;
// it does not start an editor itself.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface EditorFigures {
  measuredAt: string;
  loadAverage?: number[];
  activationOwnMs?: number;
  activationWallMs?: number;
  clientLoadMs?: number;
  firstDiagnosticsMs?: number;
  firstDiagnosticsFile?: string;
  firstDiagnosticsLanguageMs?: number;
  firstDiagnosticsResolveMs?: number;
  typingP95Ms?: number;
  typingMedianMs?: number;
  typingSamples?: number[];
  targetSwitchMs?: number;
  targetSwitchMaxMs?: number;
  targetSwitchTargets?: string[];
  largestMemoryMapMs?: number;
  largestMemoryMapTarget?: string;
  largestMemoryMapWidgets?: number;
  largestMemoryMapPanel?: { paletteToCommandMs?: number; webviewReadyMs?: number; modelMs?: number; firstRenderMs?: number };
  secondFileDiagnosticsMs?: number;
  secondFile?: string;
  secondFileLanguageMs?: number;
  secondFileResolveMs?: number;
  demoMemoryMapMs?: number;
}

export function editorSection(repo: string, line: (label: string, value: string, goal?: string) => void): void {
  const file = path.join(repo, 'test-results', 'editor-figures.json');
  console.log('\nreal editor: installed .vsix in VS Code 1.100 (from the last `npm run test:vscode`)');
  if (!fs.existsSync(file)) {
    console.log('  no figures yet: run `npm run test:vscode` first');
    return;
  }
  const f = JSON.parse(fs.readFileSync(file, 'utf8')) as EditorFigures;
  const show = (v: number | undefined): string => (v === undefined ? 'not measured' : `${v} ms`);
  console.log(`  measured ${f.measuredAt}${f.loadAverage ? `, load average ${f.loadAverage.map((x) => x.toFixed(2)).join(' ')} (2 cores)` : ''}`);
  line('activation, our code (entry bundle + activate())', show(f.activationOwnMs), '< 100 ms');
  line('activation, wall (host log line to return)', show(f.activationWallMs));
  line('language client load (after activation)', show(f.clientLoadMs));
  line(`typing to updated Problems, p95 of ${f.typingSamples?.length ?? 0} keystrokes (median ${show(f.typingMedianMs)})`, show(f.typingP95Ms), '<= 300 ms');
  const parts = f.firstDiagnosticsLanguageMs !== undefined ? ` (opened, shown and switched to SOF Topology ${f.firstDiagnosticsLanguageMs} ms; resolve ${f.firstDiagnosticsResolveMs ?? "?"} ms)` : '';
  line(`first diagnostics, ${f.firstDiagnosticsFile ?? 'largest top-level file'}${parts}`, show(f.firstDiagnosticsMs), '<= 1000 ms');
  console.log("    (a fresh window's first topology: the client's load, the server's start and the cold engine included)");
  if (f.secondFileDiagnosticsMs !== undefined) {
    line(`  then ${f.secondFile}, server up (opened, shown, switched ${f.secondFileLanguageMs} ms; resolve ${f.secondFileResolveMs} ms), to resolved`, show(f.secondFileDiagnosticsMs), '<= 1000 ms');
  }
  const p = f.largestMemoryMapPanel;
  const commandToPainted = f.largestMemoryMapMs !== undefined && p?.paletteToCommandMs !== undefined ? f.largestMemoryMapMs - p.paletteToCommandMs : undefined;
  const largest = `largest target ${f.largestMemoryMapTarget ?? ''} (${f.largestMemoryMapWidgets ?? '?'} widgets)`;
  line(`memory map, command to painted, ${largest}`, show(commandToPainted), '<= 1000 ms');
  line(`memory map, palette to painted (the harness's typing included)`, show(f.largestMemoryMapMs));
  if (p) console.log(`    palette typed (F1, title, Enter, through the harness's polled request file) to the command: ${show(p.paletteToCommandMs)}; from the panel's creation: webview script ready ${show(p.webviewReadyMs)}, map model ${show(p.modelMs)}, first render ${show(p.firstRenderMs)}`);
  line('memory map (demo), palette to painted', show(f.demoMemoryMapMs));
  line(`build target switch, median (max ${show(f.targetSwitchMaxMs)}) ${f.targetSwitchTargets?.join(' <-> ') ?? ''}`, show(f.targetSwitchMs), '<= 500 ms');
}
