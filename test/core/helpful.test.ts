// The helpful layer on top of the faithful one: likely mistakes that alsatplg accepts or rejects
// without a hint get a message naming the intended word, on the word, with a fix.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveTopology } from '../../src/core/resolve';

const DEMO = path.resolve(__dirname, '../../../examples/demo/top.conf');
const original = fs.readFileSync(DEMO, 'utf8');

function resolveEdited(edit: (text: string) => string) {
  const text = edit(original);
  return { text, result: resolveTopology({ input: DEMO, readFile: (p) => (p === DEMO ? text : undefined) }) };
}

test('the demo resolves without warnings of this kind', () => {
  const r = resolveTopology({ input: DEMO });
  assert.equal(r.failed, false);
  assert.deepEqual(r.diagnostics.filter((d) => d.code === 'TPLG116' || d.code === 'TPLG104'), []);
});

test('a misspelled attribute is reported on its key with the intended name as a fix', () => {
  const { text, result } = resolveEdited((t) => t.replace('heap_bytes_requirement\t"$SRC_HEAP"', 'heap_bytes_requirment\t"$SRC_HEAP"'));
  assert.equal(result.failed, false, 'alsatplg accepts it');
  const d = result.diagnostics.find((x) => x.code === 'TPLG116');
  assert.ok(d, JSON.stringify(result.diagnostics));
  assert.match(d.message, /did you mean heap_bytes_requirement\?/);
  assert.equal(text.slice(d.range!.offset, d.range!.endOffset), 'heap_bytes_requirment');
  assert.deepEqual(d.fixes?.map((f) => [f.title, f.newText, text.slice(f.range.offset, f.range.endOffset)]), [
    ['Change to heap_bytes_requirement', 'heap_bytes_requirement', 'heap_bytes_requirment'],
  ]);
});

test('an attribute inherited by a child or read by $ is not reported', () => {
  // index and core_id are written on the pipeline object and read by its widgets.
  const { result } = resolveEdited((t) => t.replace('\t\tindex\t1\n', '\t\tindex\t1\n\t\tnot_used_anywhere 5\n'));
  const unused = result.diagnostics.filter((x) => x.code === 'TPLG116').map((x) => x.message);
  assert.equal(unused.length, 1, unused.join('\n'));
  assert.match(unused[0], /^not_used_anywhere is not an attribute of class src-playback/);
});

test('an unknown class is reported on its name with the closest class as a fix', () => {
  const { text, result } = resolveEdited((t) => t.replace('Object.Widget.src.1 {', 'Object.Widget.srcc.1 {'));
  assert.equal(result.failed, true, 'alsatplg fails');
  const d = result.diagnostics.find((x) => x.code === 'TPLG104');
  assert.ok(d);
  assert.match(d.message, /No Class definition found for Class\.Widget\.srcc \(did you mean src\?\)/);
  assert.equal(text.slice(d.range!.offset, d.range!.endOffset), 'srcc');
  assert.equal(d.fixes?.[0].newText, 'src');
});

test('a missing mandatory attribute gets a fix that writes it into the object', () => {
  const { text, result } = resolveEdited((t) => t.replace('\t\t\tdai_type\t"SSP"\n\t\t\tstream_name\t"$SSP0_NAME"\n', '\t\t\tdai_type\t"SSP"\n'));
  const d = result.diagnostics.find((x) => x.code === 'TPLG111');
  assert.ok(d, JSON.stringify(result.diagnostics));
  assert.deepEqual(d.fixes?.map((f) => [f.title, f.newText]), [['Add stream_name "" (then fill in its value)', '\n\t\t\tstream_name\t""']]);
  const fix = d.fixes![0];
  assert.equal(text.slice(fix.range.offset - 1, fix.range.endOffset), '{', 'inserted right after the opening brace');
  const fixed = text.slice(0, fix.range.offset) + fix.newText + text.slice(fix.range.endOffset);
  const again = resolveTopology({ input: DEMO, readFile: (p) => (p === DEMO ? fixed : undefined) });
  assert.equal(again.failed, false, JSON.stringify(again.diagnostics.filter((x) => x.severity === 'error')));
});

test('a missing mandatory attribute with valid_values gets one fix per value', () => {
  const classes = path.join(path.dirname(DEMO), 'classes', 'widgets.conf');
  const cls = fs.readFileSync(classes, 'utf8')
    .replace('DefineAttribute."direction" {\n\t\ttype\t"string"\n\t}\n\tattributes {\n\t\t!constructor [ "dai_type"', 'DefineAttribute."direction" {\n\t\ttype\t"string"\n\t\tconstraints {\n\t\t\t!valid_values [ "playback" "capture" ]\n\t\t}\n\t}\n\tattributes {\n\t\t!constructor [ "dai_type"')
    .replace('!mandatory [ "stream_name" ', '!mandatory [ "direction" "stream_name" ');
  const text = original.replace('\tdirection\t"playback"\n', '');
  assert.notEqual(text, original);
  const result = resolveTopology({ input: DEMO, readFile: (p) => (p === DEMO ? text : p === classes ? cls : undefined) });
  const d = result.diagnostics.find((x) => x.code === 'TPLG111');
  assert.ok(d, JSON.stringify(result.diagnostics));
  assert.deepEqual(d.fixes?.map((f) => f.title), ['Add direction "playback"', 'Add direction "capture"']);
});
