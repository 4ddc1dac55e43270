// Loads that resume from a checkpoint share its class nodes instead of copying them
// (conf/sharedClasses.ts), and IncludeByKey loads are kept between runs (conf/loadCache.ts). An
// editor must still see every change on the next run: in the top-level file, in a class file (on
// disk or in an overlay), in an IncludeByKey file, and after a run that wrote into a shared class.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EditorFileSystem } from '../../src/core/conf/editorFileSystem';
import { FileStore } from '../../src/core/conf/files';
import { ConfNode } from '../../src/core/conf/node';
import { SharedClasses } from '../../src/core/conf/sharedClasses';
import { preprocessedText, ResolveOptions } from '../../src/core/resolve';
import { hasShared, SKIP_NO_SHARED, targetOptions, targets } from '../support/corpus';

const CLASS = 'Class.Widget.w { DefineAttribute.instance {} DefineAttribute.x { token_ref "comp.word" } attributes { unique "instance" constructor [ "instance" ] } x 7 }\n';
const TOP = '<searchdir:sub>\n<w.conf>\nDefine { X 1 }\nIncludeByKey.X { "1" "sub/k.conf" }\nObject.Widget.w.1 { }\n';

function memoryStore(files: Record<string, string>): FileStore {
  return new FileStore({ readFile: (p) => files[p], isDirectory: (p) => p === '/v' || p === '/v/sub' });
}

/** What an editor shows: the `-P` text and the diagnostics. */
function analysis(opts: ResolveOptions): { text: string; codes: string[] } {
  const r = preprocessedText(opts);
  return { text: r.text, codes: r.result.diagnostics.map((d) => `${d.code} ${d.message}`) };
}

test('typing in the top-level file, a class file and an IncludeByKey file, and writing into a shared class, give what a fresh load gives', () => {
  const files: Record<string, string> = {
    '/v/top.conf': TOP,
    '/v/sub/w.conf': CLASS,
    '/v/sub/k.conf': 'Object.Widget.w.2 { }\n',
  };
  const store = memoryStore(files);
  const opts = { input: '/v/top.conf', configDir: '/v', store };
  const x = (): string[] => [...analysis(opts).text.matchAll(/\bx (\d+)/g)].map((m) => m[1]);
  const steps: Array<[string, () => void, string[]]> = [
    ['first load', () => {}, ['7', '7']],
    // The first edit takes the checkpoint, the next ones resume from it and share its classes.
    ['typing below the includes', () => (files['/v/top.conf'] += '# a\n'), ['7', '7']],
    ['typing again', () => (files['/v/top.conf'] += '# ab\n'), ['7', '7']],
    ['a later definition writes into the shared class', () => (files['/v/top.conf'] += 'Class.Widget.w { x 9 }\n'), ['9', '9']],
    ['and goes away: the class is the file\'s again', () => (files['/v/top.conf'] = TOP + '# abc\n'), ['7', '7']],
    ['typing', () => (files['/v/top.conf'] += '# d\n'), ['7', '7']],
    ['the class file changes', () => (files['/v/sub/w.conf'] = CLASS.replace('x 7', 'x 8')), ['8', '8']],
    ['typing', () => (files['/v/top.conf'] += '# e\n'), ['8', '8']],
    ['the class file is reverted', () => (files['/v/sub/w.conf'] = CLASS), ['7', '7']],
    ['the IncludeByKey file changes', () => (files['/v/sub/k.conf'] = 'Object.Widget.w.2 { x 5 }\n'), ['7', '5']],
    ['typing', () => (files['/v/top.conf'] += '# f\n'), ['7', '5']],
    ['the IncludeByKey file is reverted', () => (files['/v/sub/k.conf'] = 'Object.Widget.w.2 { }\n'), ['7', '7']],
  ];
  for (const [what, step, want] of steps) {
    step();
    assert.deepEqual(x(), want, what);
    assert.deepEqual(analysis(opts), analysis({ ...opts, store: memoryStore(files) }), what);
  }
});

test('a shared class written into in any way is reported, once and for good', () => {
  const make = (written = new Set<string>()): { root: ConfNode; shared: SharedClasses } => {
    const root = ConfNode.compound('');
    const cls = ConfNode.compound('Class');
    const group = ConfNode.compound('Widget');
    const w = ConfNode.compound('w');
    const defs = ConfNode.compound('DefineAttribute');
    defs.append(ConfNode.compound('x'));
    w.append(defs);
    w.append(ConfNode.integer('x', 7));
    group.append(w);
    cls.append(group);
    root.append(cls);
    return { root, shared: new SharedClasses(root, written) };
  };
  const writes: Array<(w: ConfNode) => void> = [
    (w) => (w.child('x')!.value = 8),
    (w) => w.child('DefineAttribute')!.append(ConfNode.compound('y')),
    (w) => w.child('DefineAttribute')!.child('x')!.remove(),
    (w) => (w.child('DefineAttribute')!.children![0] = ConfNode.compound('x')),
    (w) => w.child('x')!.setId('z'),
    (w) => (w.child('x')!.consumed = true),
    (w) => w.child('x')!.substitute(ConfNode.string('x', '7')),
  ];
  for (const write of writes) {
    const written = new Set<string>();
    const { root, shared } = make(written);
    const run = shared.copy(root);
    const w = run.searchPath('Class', 'Widget', 'w')!;
    assert.equal(w, root.searchPath('Class', 'Widget', 'w'), 'the class node is shared');
    assert.equal(w.parent, run.child('Class')!.child('Widget'), 'its parent is the copy\'s group');
    assert.notEqual(run.child('Class'), root.child('Class'));
    assert.equal(shared.intact(), true);
    write(w);
    assert.equal(shared.intact(), false, String(write));
    assert.equal(shared.spoiled, true);
    assert.deepEqual([...written], ['Widget.w'], 'the class written into is remembered');
    // The next checkpoint of the same load copies it.
    const next = make(written);
    assert.notEqual(next.shared.copy(next.root).searchPath('Class', 'Widget', 'w'), next.root.searchPath('Class', 'Widget', 'w'));
  }
  // Classes the stages before objects rewrite in every run are copied, not shared.
  const withCopy = make();
  withCopy.root.searchPath('Class', 'Widget', 'w')!.append(ConfNode.compound('SubTreeCopy'));
  const fresh = new SharedClasses(withCopy.root, new Set());
  assert.deepEqual(fresh.classes, []);
  assert.notEqual(fresh.copy(withCopy.root).searchPath('Class', 'Widget', 'w'), withCopy.root.searchPath('Class', 'Widget', 'w'));
  // Adding a class to a group, or removing one, changes only the run's copy.
  const { root, shared } = make();
  const run = shared.copy(root);
  run.searchPath('Class', 'Widget')!.append(ConfNode.compound('v'));
  run.searchPath('Class', 'Widget', 'w')!.remove();
  assert.equal(shared.intact(), true);
  assert.ok(root.searchPath('Class', 'Widget', 'w'));
  assert.equal(root.searchPath('Class', 'Widget', 'v'), undefined);
});

test('corpus: typing in a class file overlay, and a top-level definition merging into a class, give what a fresh analysis gives', { skip: !hasShared() && SKIP_NO_SHARED }, () => {
  const t = targets().find((x) => x.output === 'sof-ptl-rt722-l0-rt1320-l23-4ch') ?? targets()[0];
  const base = targetOptions(t);
  const classFile = path.join(path.dirname(base.input), 'include/components/gain.conf');
  const top = fs.readFileSync(base.input, 'utf8');
  const cls = fs.readFileSync(classFile, 'utf8');
  const editor = new EditorFileSystem();
  const store = new FileStore(editor.host);
  const open = 'Class.Widget."gain" {\n';
  const inside = (s: string) => cls.replace(open, `${open}${s}`);
  const steps: Array<[string, Record<string, string>, (text: string) => boolean]> = [
    ['first', {}, (s) => s.includes('200000')],
    ['typing', { [base.input]: `${top}\n# a\n` }, () => true],
    ['typing', { [base.input]: `${top}\n# ab\n` }, () => true],
    ['merging a default into gain', { [base.input]: `${top}\nClass.Widget."gain" { curve_duration 123456 }\n` }, (s) => s.includes('123456') && !s.includes('200000')],
    ['the merge removed', { [base.input]: `${top}\n# abc\n` }, (s) => !s.includes('123456') && s.includes('200000')],
    ['typing', { [base.input]: `${top}\n# abcd\n` }, () => true],
    ['a comment inside the class', { [classFile]: inside('\t# typing\n') }, () => true],
    ['the default changed in the class file', { [classFile]: cls.replace('curve_duration\t\t200000', 'curve_duration\t\t654321') }, (s) => s.includes('654321') && !s.includes('200000')],
    ['the class file reverted', { [classFile]: cls }, (s) => !s.includes('654321') && s.includes('200000')],
    ['typing after the revert', { [base.input]: `${top}\n# e\n` }, (s) => s.includes('200000')],
  ];
  for (const [what, buffers, check] of steps) {
    editor.buffers = buffers;
    const ours = analysis(targetOptions(t, store));
    const fresh = new EditorFileSystem();
    fresh.buffers = buffers;
    assert.ok(check(ours.text), what);
    assert.deepEqual(ours, analysis(targetOptions(t, new FileStore(fresh.host))), what);
  }
});
