// `npm run demo`: simulates the bundled example. Its topology declares too small a heap and stack
// on purpose, so the CLI's exit 1 (error findings) is the expected outcome here; anything else
// (a crash, a usage error, a clean pass) means the demo itself is broken.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'cli.js');
const r = spawnSync(process.execPath, [cli, 'simulate', path.join('examples', 'demo', 'top.conf'), '--platform', 'ptl'], { cwd: root, stdio: 'inherit' });
if (r.status === 1) {
  console.log('\ndemo: the two errors above are deliberate; set SRC_HEAP to 16384 and SRC_STACK to 2048 in examples/demo/top.conf and they go away.');
  process.exit(0);
}
console.error(`\ndemo: expected the deliberate findings (exit 1), got ${r.status ?? r.signal}`);
process.exit(r.status === 0 ? 1 : (r.status ?? 1));
