// The real-editor figures: measured inside VS Code by the installed-.vsix smoke pass of
// `npm run test:vscode` (test/vscode/installed/smoke.test.ts), which writes them to
// test-results/editor-figures.json. The bench reports the last run's figures next to their goals;
// it does not start an editor itself.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface EditorFigures {
  measuredAt: string;
  activationOwnMs?: number;
  activationWallMs?: number;
  firstDiagnosticsMs?: number;
  firstDiagnosticsFile?: string;
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
  console.log(`  measured ${f.measuredAt}`);
  line('activation, our code (bundle + activate())', show(f.activationOwnMs), '< 100 ms');
  line('activation, wall (host log line to return)', show(f.activationWallMs));
  line(`first diagnostics, ${f.firstDiagnosticsFile ?? 'largest top-level file'}`, show(f.firstDiagnosticsMs), '< 1000 ms');
  line('memory map (demo), palette to painted', show(f.demoMemoryMapMs), '< 1000 ms');
}
