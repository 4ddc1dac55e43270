// `npm test`: the core suite (node:test, including corpus conformance), then the extension-host
// suite in a real VS Code. A machine that cannot run VS Code skips that part loudly, never silently.
import { spawnSync } from 'node:child_process';

function run(script) {
  const r = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
  return r.status ?? 1;
}

const core = run('test:core');
const vscode = run('test:vscode');
if (vscode === 77) {
  console.error('\n!!! npm test: the real-VS Code suite was SKIPPED (prerequisites missing, see above); only the core suite ran.\n');
}
const failed = core !== 0 || (vscode !== 0 && vscode !== 77);
console.log(`\nnpm test: core ${core === 0 ? 'passed' : 'FAILED'}, real VS Code ${vscode === 0 ? 'passed' : vscode === 77 ? 'SKIPPED' : 'FAILED'}`);
process.exit(failed ? 1 : 0);
