// The CMake target-list evaluator: on a fixture whose expected entries came from CMake 3.25 itself
// (running SOF's own foreach/list(GET) consumer over it), on malformed and hostile input, and on
// every target list of the SOF corpus against corpus/targets.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTargetList } from '../../src/core/targets/cmakeTargets';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const shared = process.env.TPLG_SHARED ?? path.resolve(repoRoot, '..', 'shared');
const topology2 = path.join(shared, 'corpus', 'sof-topology2');

const FIXTURE = `# comment with "quotes" and (parens)
#[[ bracket comment
list(APPEND TPLGS "never\\;seen\\;X=1")
]]
#[==[ another ]] still comment ]==]
set(plat mtl)
set(fmts 16 24;32)
set(names "a" "b" "c")
set(params "P=1" "P=2")
LIST(APPEND TPLGS
"top\\;out-plain\\;A=1,\\
B=2"
  "top\\;out-two"   # no defines
"top\\;out-empty\\;"
"top\\;out-four\\;X=1\\;Y=2"
[=[top\\;out-bracket\\;BR=\${plat}]=]
)
foreach(f \${fmts})
  foreach(n p IN ZIP_LISTS names params)
    set(item "top\\;zip-\${n}\${f}\\;PLATFORM=\${plat},\${p}")
    list(APPEND TPLGS "\${item}")
  endforeach()
endforeach()
foreach(z IN ZIP_LISTS names params)
  list(APPEND TPLGS "top\\;single-\${z_0}-\${z_1}")
endforeach()
set(z keep)
foreach(i RANGE 1 5 2)
  list(APPEND TPLGS "top\\;range-\${i}")
endforeach()
foreach(i RANGE 2)
  list(APPEND TPLGS "top\\;range0-\${i}")
endforeach()
foreach(x IN LISTS names ITEMS q r)
  list(APPEND TPLGS "top\\;in-\${x}")
endforeach()
list(APPEND TPLGS "top\\;after-\${z}-\${x}")
set(idx 1)
list(GET names \${idx} picked)
list(GET names -1 last)
list(LENGTH names len)
list(APPEND TPLGS "top\\;get-\${picked}-\${last}-\${len}")
list(PREPEND TPLGS "top\\;prepended")
list(JOIN names "+" joined)
list(FIND names "c" found)
list(APPEND TPLGS "top\\;\${joined}-\${found}\\;Q=\\"quoted\\"\\\\\\ttab")
set(TAB "x\\ty")
unset(idx)
list(APPEND TPLGS "top\\;unset-\${idx}-\${\${plat}_missing}")
`;

// `message("${input}.conf|${output}|${defines}")` for each entry, printed by cmake -P with SOF's
// consumer loop (production/CMakeLists.txt) after include()-ing FIXTURE.
const CMAKE_SAYS = [
  "top.conf|prepended|",
  "top.conf|out-plain|A=1,B=2",
  "top.conf|out-two|",
  "top.conf|out-empty|",
  "top.conf|out-four|",
  "top.conf|out-bracket|BR=${plat}",
  "top.conf|zip-a16|PLATFORM=mtl,P=1",
  "top.conf|zip-b16|PLATFORM=mtl,P=2",
  "top.conf|zip-c16|PLATFORM=mtl,",
  "top.conf|zip-a24|PLATFORM=mtl,P=1",
  "top.conf|zip-b24|PLATFORM=mtl,P=2",
  "top.conf|zip-c24|PLATFORM=mtl,",
  "top.conf|zip-a32|PLATFORM=mtl,P=1",
  "top.conf|zip-b32|PLATFORM=mtl,P=2",
  "top.conf|zip-c32|PLATFORM=mtl,",
  "top.conf|single-a-P=1|",
  "top.conf|single-b-P=2|",
  "top.conf|single-c-|",
  "top.conf|range-1|",
  "top.conf|range-3|",
  "top.conf|range-5|",
  "top.conf|range0-0|",
  "top.conf|range0-1|",
  "top.conf|range0-2|",
  "top.conf|in-a|",
  "top.conf|in-b|",
  "top.conf|in-c|",
  "top.conf|in-q|",
  "top.conf|in-r|",
  "top.conf|after-keep-|",
  "top.conf|get-b-c-3|",
  "top.conf|a+b+c-2|Q=\"quoted\"\\\ttab",
  "top.conf|unset--|",
];

test('evaluates comments, escapes, continuations, brackets and loops as CMake does', () => {
  const r = parseTargetList(FIXTURE, 'fixture.cmake');
  assert.deepEqual(
    r.targets.map((t) => `${t.input}|${t.output}|${t.defines}`),
    CMAKE_SAYS,
  );
  assert.ok(r.targets.every((t) => t.list === 'fixture.cmake'));
  // The four-field entry is the only remark: SOF drops its defines.
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['CMAKE004']);
  assert.match(r.diagnostics[0].message, /4 fields/);
});

test('entries point at the text that spelled them, through set() and "${var}"', () => {
  const text = 'set(p "x")\nset(item "in\\;out-${p}\\;A=1")\nlist(APPEND TPLGS "${item}")\nlist(APPEND TPLGS\n  "in\\;second")\n';
  const r = parseTargetList(text, 'l.cmake');
  assert.equal(r.targets.length, 2);
  const [a, b] = r.targets;
  assert.deepEqual([a.output, a.range?.line, a.range?.col], ['out-x', 2, 10]);
  assert.equal(text.slice(a.range?.offset, a.range?.endOffset), '"in\\;out-${p}\\;A=1"');
  assert.deepEqual([b.output, b.range?.line, b.range?.col, b.range?.file], ['second', 5, 3, 'l.cmake']);
});

test('an unquoted entry splits on its \\; as CMake does, and is reported', () => {
  const r = parseTargetList('list(APPEND TPLGS top\\;out\\;A=1 "ok\\;fine")', 'u.cmake');
  assert.deepEqual(r.targets.map((t) => t.output), ['fine']);
  assert.deepEqual(r.diagnostics.map((d) => d.code), ['CMAKE004', 'CMAKE004', 'CMAKE004']);
});

test('syntax errors stop everything, as CMake runs nothing then', () => {
  for (const text of ['list(APPEND TPLGS "a\\;b"', 'list(APPEND TPLGS "a\\;b)', 'set(x [[never closed)', '"stray"', 'set(x "\\q")', 'set(x ${y)']) {
    const r = parseTargetList(`list(APPEND TPLGS "in\\;out")\n${text}\n`, 's.cmake');
    assert.deepEqual(r.targets, [], text);
    assert.equal(r.diagnostics.length, 1, text);
    assert.equal(r.diagnostics[0].code, 'CMAKE001', text);
    assert.equal(r.diagnostics[0].fatalInReference, true, text);
    assert.equal(r.diagnostics[0].range?.line, 2, text);
  }
});

test('commands it does not run are reported, and their blocks skipped', () => {
  const text = 'constructor(x)\nif(FALSE)\n  list(APPEND TPLGS "in\\;skipped")\nendif()\nlist(APPEND TPLGS "in\\;kept")\nlist(SORT TPLGS)\nendforeach()\n';
  const r = parseTargetList(text, 'c.cmake');
  assert.deepEqual(r.targets.map((t) => t.output), ['kept']);
  assert.deepEqual(r.diagnostics.map((d) => `${d.code}@${d.range?.line}`), ['CMAKE002@1', 'CMAKE002@2', 'CMAKE002@6', 'CMAKE003@7']);
  const bad = parseTargetList('foreach(x a b)\nlist(APPEND TPLGS "${x}\\;o")\n', 'c.cmake');
  assert.deepEqual(bad.targets, []);
  assert.equal(bad.diagnostics[0].code, 'CMAKE003');
  const get = parseTargetList('set(l a b)\nlist(GET l 5 out)\n', 'c.cmake');
  assert.equal(get.diagnostics[0].code, 'CMAKE003');
  assert.match(get.diagnostics[0].message, /out of range/);
});

test('hostile lists hit limits with a diagnostic instead of hanging or exhausting memory', () => {
  const loops = parseTargetList('foreach(i RANGE 1000000000)\n  list(APPEND TPLGS "a\\;b")\nendforeach()\n', 'h.cmake');
  assert.equal(loops.diagnostics.at(-1)?.code, 'CMAKE005');
  const growth = parseTargetList('set(x "aaaaaaaa")\nforeach(i RANGE 100)\n  set(x "${x}${x}")\nendforeach()\n', 'h.cmake');
  assert.equal(growth.diagnostics.at(-1)?.code, 'CMAKE005');
  const nested = parseTargetList('foreach(a RANGE 999)\nforeach(b RANGE 999)\nforeach(c RANGE 999)\nset(x 1)\nendforeach()\nendforeach()\nendforeach()\n', 'h.cmake');
  assert.equal(nested.diagnostics.at(-1)?.code, 'CMAKE005');
});

test('every target list of the SOF corpus gives the targets of corpus/targets.json', (t) => {
  if (!fs.existsSync(topology2)) {
    t.skip(`SKIPPED: ${topology2} not found (set TPLG_SHARED)`);
    return;
  }
  const want: Array<{ input: string; output: string; defines: string; list: string }> = JSON.parse(
    fs.readFileSync(path.join(shared, 'corpus', 'targets.json'), 'utf8'),
  );
  const lists = ['production', 'development'].flatMap((dir) =>
    fs
      .readdirSync(path.join(topology2, dir))
      .filter((f) => /^tplg-targets.*\.cmake$/.test(f))
      .map((f) => `${dir}/${f}`),
  );
  let total = 0;
  let missingInput = 0;
  let noGolden = 0;
  let compared = 0;
  for (const list of lists) {
    const r = parseTargetList(fs.readFileSync(path.join(topology2, list), 'utf8'), list);
    assert.deepEqual(r.diagnostics, [], list);
    total += r.targets.length;
    const present = r.targets.filter((x) => fs.existsSync(path.join(topology2, x.input)));
    missingInput += r.targets.length - present.length;
    // targets.json holds the present targets the oracle was run on: those with a golden output.
    const oracled = present.filter((x) => fs.existsSync(path.join(shared, 'corpus', 'golden', `${x.output}.pre.conf.gz`)));
    noGolden += present.length - oracled.length;
    const expected = want.filter((x) => x.list === list);
    assert.deepEqual(
      oracled.map(({ input, output, defines, list: l }) => ({ input, output, defines, list: l })),
      expected,
      list,
    );
    assert.ok(r.targets.every((x) => x.range), `${list}: every entry has a source range`);
    compared += expected.length;
  }
  assert.equal(compared, want.length);
  assert.equal(compared, 381);
  assert.equal(total, 573); // spec §5: "the whole 573-target tree"
  t.diagnostic(
    `${lists.length} lists, ${total} targets: ${missingInput} with a missing input, ` +
      `${noGolden} with their input but no golden output, ${compared} equal to targets.json`,
  );
});
