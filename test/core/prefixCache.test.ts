// After an edit of the top-level file, a load resumes after its unchanged leading includes
// (conf/prefixCache.ts): the result must be the one a fresh load gives, and any change before the
// resume point must be seen.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { EditorFileSystem } from '../../src/core/conf/editorFileSystem';
import { FileStore } from '../../src/core/conf/files';
import { resolveTopology, ResolveOptions } from '../../src/core/resolve';
import { hasShared, SKIP_NO_SHARED, targetOptions, targets } from '../support/corpus';

function memoryStore(files: Record<string, string>): FileStore {
  return new FileStore({ readFile: (p) => files[p], isDirectory: (p) => p === '/v' || p === '/v/sub' });
}

const CLASS = 'Class.Widget.w { DefineAttribute.instance {} DefineAttribute.x {} attributes { unique "instance" constructor [ "instance" ] } }\n';

function widgetX(opts: ResolveOptions): unknown {
  const r = resolveTopology(opts);
  return { codes: r.diagnostics.map((d) => d.code), files: r.files, x: r.widgets.map((w) => w.tuples) };
}

test('edits below the includes, and changes above them or in included files, give what a fresh load gives', () => {
  const files: Record<string, string> = {
    '/v/top.conf': '<searchdir:sub>\n<a.conf>\nDefine { X 1 }\n<b.conf>\nObject.Widget.w.1 { x $X }\n',
    '/v/sub/a.conf': CLASS,
    '/v/sub/b.conf': 'Define.Y 2\n',
  };
  const store = memoryStore(files);
  const opts = { input: '/v/top.conf', configDir: '/v', store };
  const fresh = () => widgetX({ ...opts, store: memoryStore(files) });
  const steps: Array<() => void> = [
    () => {},
    () => (files['/v/top.conf'] = files['/v/top.conf'].replace('X 1', 'X 3')),
    () => (files['/v/top.conf'] += '# typing\n'),
    () => (files['/v/sub/a.conf'] = CLASS.replace('DefineAttribute.x {}', 'DefineAttribute.x { constraints { min 5 } }')),
    () => (files['/v/top.conf'] = files['/v/top.conf'].replace('<a.conf>', '<a.conf>\n<b.conf>')),
    () => (files['/v/top.conf'] = 'Define.Z 1\n' + files['/v/top.conf']),
  ];
  for (const step of steps) {
    step();
    assert.deepEqual(widgetX(opts), fresh());
  }
});

test('corpus: re-analysis after edits of the top-level body equals a fresh analysis', { skip: !hasShared() && SKIP_NO_SHARED }, () => {
  const all = targets();
  for (const name of ['sof-mtl-nocodec', 'sof-hda-generic']) {
    const t = all.find((x) => x.output === name) ?? all[0];
    const base = targetOptions(t);
    let edited = fs.readFileSync(base.input, 'utf8');
    const editor = new EditorFileSystem();
    const store = new FileStore(editor.host);
    // Each edit applies to the text before it: typing below, then above the resume point, then below again.
    const edits: Array<(s: string) => string> = [
      (s) => s,
      (s) => s + '\n# typing\n',
      (s) => s.replace('\nDefine', '\n# above\nDefine'),
      (s) => s.replace(/\n(Object\.[^\n]*)/, '\n$1\n# inside the first object line\n'),
    ];
    for (const edit of edits) {
      edited = edit(edited);
      editor.buffers = { [base.input]: edited };
      const fresh = new FileStore({ ...store.host, stamp: undefined });
      assert.deepEqual(resolveTopology({ ...targetOptions(t, store) }), resolveTopology({ ...targetOptions(t, fresh) }), `${name}`);
    }
  }
});
