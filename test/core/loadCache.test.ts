// The cached layer-1 load of a top-level file is reused only while nothing it looked for changed:
// that includes files it looked for and did not find.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FileStore } from '../../src/core/conf/files';
import { resolveTopology } from '../../src/core/resolve';

test('an include that was missing is read once it exists, and a size-refused one once the limit allows it', () => {
  const files: Record<string, string> = { '/v/top.conf': 'Define { X 1 }\n<a.conf>\n' };
  const store = new FileStore({ readFile: (p) => files[p], isDirectory: (p) => p === '/v' });
  const opts = { input: '/v/top.conf', configDir: '/v', store };
  assert.deepEqual(resolveTopology(opts).diagnostics.map((d) => d.code), ['TPLG004']);
  files['/v/a.conf'] = 'y 1\n'.repeat(20);
  assert.deepEqual(resolveTopology(opts).diagnostics.map((d) => d.code), []);
  assert.deepEqual(resolveTopology({ ...opts, limits: { maxFileSize: 50 } }).diagnostics.map((d) => d.code), ['TPLG010']);
  assert.deepEqual(resolveTopology(opts).diagnostics.map((d) => d.code), []);
});
