// Define variables as written: the spans a rename replaces.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fileSyntax } from '../../src/core/syntax/fileSyntax';
import { variableAt, variableSites } from '../../src/core/syntax/variableSites';

const TEXT = `Define {
\tSRC_HEAP\t8192
\tSRC_HEAP_2\t1
\t"SRC_DOMAIN"\t"DP"
}
Object.Widget.src.1 {
\theap_bytes_requirement\t"$SRC_HEAP"
\tstack\t"$[($SRC_HEAP * 2) + $SRC_HEAP_2]"
\tIncludeByKey.SRC_DOMAIN {
\t\t"DP" { domain_id 0 }
\t}
\tname\tSRC_HEAP
}
`;

const words = (name: string) => variableSites(TEXT, fileSyntax(TEXT), name).map((s) => [s.kind, TEXT.slice(s.start, s.end)]);

test('a variable is found in Define entries, $ uses (also inside $[ ]) and IncludeByKey keys, never in plain words', () => {
  assert.deepEqual(words('SRC_HEAP'), [['define', 'SRC_HEAP'], ['use', 'SRC_HEAP'], ['use', 'SRC_HEAP']]);
  assert.deepEqual(words('SRC_HEAP_2'), [['define', 'SRC_HEAP_2'], ['use', 'SRC_HEAP_2']]);
  assert.deepEqual(words('SRC_DOMAIN'), [['define', 'SRC_DOMAIN'], ['includeByKey', 'SRC_DOMAIN']]);
});

test('the variable under the cursor, on any of its sites; not on an attribute name or a plain value', () => {
  const syntax = fileSyntax(TEXT);
  const at = (needle: string, delta = 1) => variableAt(TEXT, syntax, TEXT.indexOf(needle) + delta)?.name;
  assert.equal(at('$SRC_HEAP"'), 'SRC_HEAP');
  assert.equal(at('$SRC_HEAP_2'), 'SRC_HEAP_2');
  assert.equal(at('\tSRC_HEAP\t8192'), 'SRC_HEAP');
  assert.equal(at('IncludeByKey.SRC_DOMAIN', 15), 'SRC_DOMAIN');
  assert.equal(at('"SRC_DOMAIN"\t"DP"', 2), 'SRC_DOMAIN');
  assert.equal(at('heap_bytes_requirement'), undefined);
  assert.equal(at('name\tSRC_HEAP', 6), undefined);
});
