// The oracle cases (../shared/spec/oracle-cases): small inputs whose value or failure under the
// reference compiler (alsatplg 1.2.16, alsa-lib 1.2.16.1) is stated in expected-results.txt or in
// topology2-language.md. Each row of CASES is one case file, run the way the oracle ran it, with
// what the reference produced: typed values (integer / integer64 / real / string) read from the
// tree, or the failure with the diagnostic that corresponds to the reference's error. Rows also
// assert the warnings we add where the reference silently does something surprising.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfNode, ConfType } from '../../src/core/conf/node';
import { FileStore } from '../../src/core/conf/files';
import { loadConfig } from '../../src/core/conf/parser';
import { saveConfig } from '../../src/core/conf/save';
import { resolveWithOutput } from '../../src/core/resolve';
import type { Diagnostic } from '../../src/core/model';
import { hasShared, sharedDir, SKIP_NO_SHARED, targetOptions, targets } from '../support/corpus';

const oracleDir = (): string => path.join(sharedDir(), 'spec', 'oracle-cases');

// ---------------------------------------------------------------------------------------------
// Running a case

interface Outcome {
  /** The reference would fail (alsatplg rc != 0, or snd_config_load failing for lexer cases). */
  failed: boolean;
  diagnostics: Diagnostic[];
  /** lexer: the loaded tree; pp: the `-P` output tree (empty when there is none). */
  tree: ConfNode;
  /** saveConfig(tree): the reference's `-P` text for pp cases. */
  text: string;
}

/** Layer 1 only: snd_config_load with ALSA_CONFIG_DIR = the lexer folder, as the oracle ran. */
function loadLexerCase(file: string): Outcome {
  const dir = path.join(oracleDir(), 'lexer');
  const store = new FileStore();
  const src = store.get(path.join(dir, file));
  assert.ok(src, `cannot read lexer/${file}`);
  const tree = ConfNode.compound('');
  const ctx = { store, diagnostics: [] as Diagnostic[], files: [] as string[] };
  const ok = loadConfig(tree, [src], { configDir: dir }, ctx);
  return { failed: !ok, diagnostics: ctx.diagnostics, tree, text: saveConfig(tree) };
}

/** alsatplg -P with ALSA_CONFIG_DIR and -I = the pp folder, plus the case's -D. */
function runPpCase(file: string, defines?: string): Outcome {
  const dir = path.join(oracleDir(), 'pp');
  const { result, output } = resolveWithOutput({ input: path.join(dir, file), includeDirs: [dir], configDir: dir, defines });
  return { failed: result.failed, diagnostics: result.diagnostics, tree: output ?? ConfNode.compound(''), text: output ? saveConfig(output) : '' };
}

// ---------------------------------------------------------------------------------------------
// Typed values

interface Typed {
  type: ConfType;
  value: number | bigint | string;
}
const int = (value: number): Typed => ({ type: 'integer', value });
const int64 = (value: bigint): Typed => ({ type: 'integer64', value });
const real = (value: number): Typed => ({ type: 'real', value });
const str = (value: string): Typed => ({ type: 'string', value });

/** A node by exact ids, one per level (ids may contain dots, like widget names). */
function at(root: ConfNode, ...ids: string[]): ConfNode | undefined {
  let n: ConfNode | undefined = root;
  for (const id of ids) n = n?.child(id);
  return n;
}

function typed(n: ConfNode | undefined): Typed | undefined {
  if (!n) return undefined;
  assert.notEqual(n.type, 'compound', `${n.id} is a compound, not a value`);
  return { type: n.type, value: n.value as number | bigint | string };
}

/** The typed value at a path of exact ids. */
function v(o: Outcome, ...ids: string[]): Typed | undefined {
  return typed(at(o.tree, ...ids));
}

/** Direct children of a compound as typed values (compounds left out). */
function scalars(n: ConfNode | undefined): Record<string, Typed> {
  const out: Record<string, Typed> = {};
  for (const k of n?.kids ?? []) if (k.type !== 'compound') out[k.id] = typed(k)!;
  return out;
}

function ids(n: ConfNode | undefined): string[] {
  return (n?.kids ?? []).map((k) => k.id);
}

/** SectionWidget names in output order. */
function widgets(o: Outcome): string[] {
  return ids(at(o.tree, 'SectionWidget'));
}

/** A widget's tuples for a token_ref (`comp.word`); `set` selects a folded child's set (`word.fmt.0`). */
function tuples(o: Outcome, widget: string, tokenRef: string, set?: string): Record<string, Typed> {
  const data = at(o.tree, 'SectionVendorTuples', `${widget}.${tokenRef}`, 'tuples');
  assert.ok(data, `no SectionVendorTuples.'${widget}.${tokenRef}' in the output`);
  const s = data.child(set ?? tokenRef.slice(tokenRef.indexOf('.') + 1));
  assert.ok(s, `no tuple set ${set ?? tokenRef} in '${widget}.${tokenRef}'`);
  return scalars(s);
}

/** The folded child sets (`word.fmt.N`) of a widget's data set, in output order. */
function tupleSets(o: Outcome, widget: string, tokenRef: string): Record<string, Typed>[] {
  const data = at(o.tree, 'SectionVendorTuples', `${widget}.${tokenRef}`, 'tuples');
  assert.ok(data, `no SectionVendorTuples.'${widget}.${tokenRef}' in the output`);
  return data.kids.map((k) => scalars(k));
}

// ---------------------------------------------------------------------------------------------
// Outcomes and diagnostics

function describe(o: Outcome): string {
  return o.diagnostics.map((d) => `  ${d.severity} ${d.code}${d.fatalInReference ? ' (fatal)' : ''}: ${d.message}`).join('\n') || '  (no diagnostics)';
}

/** The reference succeeds: nothing we report would stop it. */
function succeeds(o: Outcome): void {
  assert.equal(o.failed, false, `expected success like the reference, got:\n${describe(o)}`);
  const fatal = o.diagnostics.filter((d) => d.severity === 'error' || d.fatalInReference);
  assert.deepEqual(fatal, [], `no errors expected:\n${describe(o)}`);
}

/** The reference fails; we say why with `code` and a message matching `message`. */
function fails(o: Outcome, code: string, message: RegExp): void {
  assert.equal(o.failed, true, `expected failure like the reference, got success:\n${describe(o)}`);
  const hit = o.diagnostics.find((d) => d.severity === 'error' && d.code === code && message.test(d.message));
  assert.ok(hit, `expected error ${code} matching ${message}:\n${describe(o)}`);
  assert.equal(hit.fatalInReference, true, `${code} should be marked fatalInReference`);
}

/** A helpful non-fatal note (warning or info) with `code` and a message matching `message`. */
function notes(o: Outcome, code: string, message: RegExp, severity: 'warning' | 'info' = 'warning'): void {
  const hit = o.diagnostics.find((d) => d.severity === severity && d.code === code && message.test(d.message));
  assert.ok(hit, `expected ${severity} ${code} matching ${message}:\n${describe(o)}`);
  assert.ok(!hit.fatalInReference, `${code} is not fatal in the reference`);
}

function noNote(o: Outcome, code: string): void {
  assert.ok(!o.diagnostics.some((d) => d.code === code), `unexpected ${code}:\n${describe(o)}`);
}

// ---------------------------------------------------------------------------------------------
// expected-results.txt: what the oracle printed for pp/v*, pp/e*, pp/r*

interface Printed {
  rc?: number;
  errors: string[];
  /** Lines of the `-P` output, verbatim (tabs, trailing blanks of reals). */
  lines: string[];
}

function printedResults(): Map<string, Printed> {
  const out = new Map<string, Printed>();
  let cur: Printed | undefined;
  for (const line of fs.readFileSync(path.join(oracleDir(), 'expected-results.txt'), 'latin1').split('\n')) {
    const head = /^=== (\S+\.conf):/.exec(line);
    if (head) {
      cur = { errors: [], lines: [] };
      out.set(head[1], cur);
    } else if (!cur || line === '') continue;
    else if (/^rc=\d+$/.test(line)) cur.rc = Number(line.slice(3));
    else if (line.startsWith('ALSA lib ')) cur.errors.push(line);
    else cur.lines.push(line);
  }
  return out;
}

/** Our outcome agrees with what the oracle printed: rc, crash, and every printed output line. */
function matchesPrinted(o: Outcome, p: Printed, name: string): void {
  // r6's block has no rc line; it printed output and no error, so it succeeded.
  const rc = p.rc ?? (p.errors.length ? 1 : 0);
  if (rc === 0) succeeds(o);
  else assert.equal(o.failed, true, `${name}: the oracle exited with rc=${rc}`);
  if (rc > 128) {
    assert.ok(
      o.diagnostics.some((d) => d.severity === 'error' && /crash/i.test(d.message)),
      `${name}: the oracle crashed (rc=${rc}); say so:\n${describe(o)}`,
    );
  }
  const ours = new Set(o.text.split('\n'));
  for (const line of p.lines) assert.ok(ours.has(line), `${name}: the oracle printed ${JSON.stringify(line)}; our -P output lacks it:\n${o.text}`);
}

// ---------------------------------------------------------------------------------------------
// The cases

interface Run {
  /** `-D` text, when the oracle was run with one. */
  defines?: string;
  expect: (o: Outcome) => void;
}

interface Case extends Run {
  /** Relative to spec/oracle-cases. */
  file: string;
  /** Where the reference's behaviour is stated. */
  source: string;
  /** The same file run again another way (with or without -D). */
  also?: Run[];
}

/** Include fragments and the shared class files: used by the cases, not cases themselves. */
const FRAGMENTS = new Set([
  'lexer/top.conf',
  'pp/classes.conf',
  'pp/classes_nobang.conf',
  'pp/pipe.conf',
  'pp/routecls.conf',
  'pp/inh.conf',
  'pp/fmtcls.conf',
  'pp/defs2.conf',
  'pp/bad.conf',
  'pp/bad2.conf',
]);

/** The foo widget of classes.conf with `w2 5` from the class and the given comp.word tuples. */
function fooWord(o: Outcome, widget: string, word: Record<string, Typed>): void {
  assert.deepEqual(tuples(o, widget, 'comp.word'), word);
}

const CASES: Case[] = [
  // ----- Layer 1: lexer/*.conf (snd_config_load only) -----
  {
    file: 'lexer/l1.conf',
    source: 'spec §1.1-§1.3 table, §6.1-2',
    expect(o) {
      succeeds(o);
      assert.deepEqual(ids(o.tree), 'abcdefghijklmnopqrstuwxyz'.split(''));
      assert.deepEqual(scalars(o.tree), {
        a: int(1),
        b: int(2), // `b = 2;`
        c: int(3), // `c=3,`
        d: int(-4),
        e: int(31), // 0x1F
        f: int(8), // 010 is octal
        g: real(8), // 08: octal fails, strtod succeeds
        h: real(1.5),
        i: real(1000), // 1e3
        j: int(-16), // -0x10
        k: int64(2147483648n),
        l: str('123'), // quoted values are strings
        m: str('12 3'),
        n: str('foo.bar'), // values do not stop at '.'
        o: str('+5'),
        p: str('0.5.1'),
        q: str('-'),
        r: str('abc'), // '#' ends the token and starts a comment
        s: str('x\tyAAq"z'), // \t \x41 \101 \q \"
        t: str('line1line2'), // backslash-newline continues the line
        u: str('ab'), // "\n" is dropped
        w: str('$FOO'), // no $ expansion in layer 1
        x: str('a<b'), // '<' inside a token is literal
        y: real(1e19), // strtoll overflows, strtod does not
        z: int(-2147483649), // only the upper bound makes an INTEGER64
      });
      notes(o, 'TPLG008', /010 .*octal.* 8, not 10/);
      notes(o, 'TPLG008', /08 .*real number 8\.0/);
    },
  },
  {
    file: 'lexer/l2.conf',
    source: 'spec §1.4-§1.6',
    expect(o) {
      succeeds(o);
      assert.deepEqual(ids(o.tree), ['a', 'arr', 'arr2', 'obj', 'newq', 'o2', 'quoted.id', 'sp', 'mix', 'emptyc', 'emptya', 'e2']);
      // a.b.c 1, a { b.d 2 }, a.b { c 3 }: one tree, c replaced in place
      assert.deepEqual(ids(at(o.tree, 'a', 'b')), ['c', 'd']);
      assert.deepEqual(scalars(at(o.tree, 'a', 'b')), { c: int(3), d: int(2) });
      // arrays written twice append: arr [1 2] then arr [3]
      assert.deepEqual(scalars(at(o.tree, 'arr')), { 0: int(1), 1: int(2), 2: int(3) });
      assert.deepEqual(ids(at(o.tree, 'arr')), ['0', '1', '2']);
      // !arr2 replaces
      assert.deepEqual(scalars(at(o.tree, 'arr2')), { 0: str('z') });
      // obj { k 5 } merges; ?obj {...} is skipped because obj exists; ?newq creates
      assert.deepEqual(scalars(at(o.tree, 'obj')), { k: int(5), l: int(2) });
      assert.deepEqual(scalars(at(o.tree, 'newq')), { k: int(1) });
      // !o2 { z 2 } replaces the whole node
      assert.deepEqual(scalars(at(o.tree, 'o2')), { z: int(2) });
      assert.deepEqual(v(o, 'quoted.id'), int(5)); // one key with a dot
      assert.deepEqual(v(o, 'sp', 'ce'), int(7)); // `sp . ce 7`
      // inside [ ], `a { x 1 }` is two elements
      assert.deepEqual(ids(at(o.tree, 'mix')), ['0', '1', '2']);
      assert.deepEqual(v(o, 'mix', '0'), str('a'));
      assert.deepEqual(scalars(at(o.tree, 'mix', '1')), { x: int(1) });
      assert.deepEqual(v(o, 'mix', '2'), str('s'));
      for (const e of ['emptyc', 'emptya', 'e2']) {
        assert.equal(at(o.tree, e)?.type, 'compound');
        assert.equal(at(o.tree, e)?.kids.length, 0);
      }
    },
  },
  {
    file: 'lexer/l3.conf',
    source: 'spec §1.4 (`=` at most once), §2.11 syntax error',
    expect(o) {
      fails(o, 'TPLG001', /Unexpected char/);
    },
  },
  {
    file: 'lexer/l4.conf',
    source: 'spec §1.7, §6.6 (an include can supply a value)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(ids(o.tree), ['fromtop', 'fromsub', 'blk', 'a', 'in_child', 'c2']);
      assert.deepEqual(v(o, 'fromtop'), int(1)); // <top.conf> relative to ALSA_CONFIG_DIR
      assert.deepEqual(v(o, 'fromsub'), int(1)); // <sub/s.conf> through <searchdir:inc>
      assert.deepEqual(scalars(at(o.tree, 'blk')), { v: str('valfromfile'), other: int(2) });
      assert.deepEqual(v(o, 'a'), str('justvalue')); // a <justval.conf>
      assert.deepEqual(v(o, 'in_child'), int(1));
      assert.deepEqual(v(o, 'c2'), int(1)); // searchdir declared inside child.conf
    },
  },
  {
    file: 'lexer/l5.conf',
    source: 'spec §1.7 scope of searchdir, §6.6',
    expect(o) {
      // child.conf's <searchdir:inc2> found c2.conf, then died with child.conf: c3.conf is not found
      fails(o, 'TPLG004', /Cannot access file c3\.conf/);
      assert.deepEqual(v(o, 'in_child'), int(1));
      assert.deepEqual(v(o, 'c2'), int(1));
      assert.equal(at(o.tree, 'c3'), undefined);
    },
  },
  {
    file: 'lexer/l6.conf',
    source: 'spec §1.7 (the including file\'s directory and the CWD are never searched)',
    expect(o) {
      fails(o, 'TPLG004', /Cannot access file val\.conf/);
    },
  },
  {
    file: 'lexer/l7.conf',
    source: 'spec §1.2, §1.3 table',
    expect(o) {
      succeeds(o);
      assert.deepEqual(ids(o.tree), ['a', 'b', 'c', 'd', 'b.c', '1', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o']);
      assert.deepEqual(scalars(o.tree), {
        a: str('x\\ny'), // "x\\ny": an escaped backslash, then n
        b: str('multi\nline'), // a raw newline inside quotes
        c: str('AAA2'), // \x41 \101, then \101 followed by a literal 2
        d: str('a.'), // d a."b.c": the value a. ...
        'b.c': str('e'), // ... then a new key b.c, whose value is the next token
        g: real(-Infinity),
        h: str('nan'),
        i: str('1_000'),
        j: str('0b101'),
        k: str('1e400'), // strtod overflows
        l: str('tab\tin'),
        m: int(7), // 007
        n: real(18446744073709551615), // 0xFFFF...: strtoll overflows, strtod reads hex
        o: int(0), // -0
      });
      // `1. f 0x` after that: key 1, path .f, value 0x (a string)
      assert.deepEqual(v(o, '1', 'f'), str('0x'));
    },
  },
  {
    file: 'lexer/l8.conf',
    source: 'spec §1.2 (`x .5` is an error)',
    expect(o) {
      // `x . 5` reads as the path x.5 with no value. The spec names `Unexpected char`; alsa-lib's
      // parse_def reaches end of file first, and so do we: both are the syntax error of §2.11.
      fails(o, 'TPLG001', /Unexpected (char|end of file)/);
    },
  },
  {
    file: 'lexer/l9.conf',
    source: 'spec §1.2 (`\\` is a delimiter and cannot start a token)',
    expect(o) {
      fails(o, 'TPLG001', /Unexpected char/);
      assert.deepEqual(v(o, 'x'), str('a'));
    },
  },
  {
    file: 'lexer/l10.conf',
    source: 'spec §1.4 (quoted keys, dotted paths)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(ids(o.tree), ['a', 'a b']);
      assert.deepEqual(scalars(at(o.tree, 'a')), { b: int(1) }); // "a".b 1 is the path a.b
      assert.deepEqual(v(o, 'a b'), int(2));
    },
  },
  {
    file: 'lexer/l11.conf',
    source: 'spec §1.2 (values do not stop at `.`), §1.3 (`1.` is real)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(scalars(o.tree), { e: real(1), d: str('x.y.z') });
    },
  },

  // ----- Layer 2: pp/v*.conf, validation (expected-results.txt, spec §2.8.1, §6.16-17) -----
  {
    file: 'pp/v1.conf',
    source: 'expected-results.txt; spec §2.8.1 Validation',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int(1), lim: int(5) }); // min 10 is not checked
      notes(o, 'TPLG113', /lim 5 .*only checks values written as strings/);
    },
  },
  {
    file: 'pp/v2.conf',
    source: 'expected-results.txt; spec §2.8.1 (`lim "5"` fails with no reason printed)',
    expect(o) {
      fails(o, 'TPLG115', /validate attribute lim in foo/);
      fails(o, 'TPLG101', /Error building object Widget\.foo\.1/);
    },
  },
  {
    file: 'pp/v3.conf',
    source: 'expected-results.txt',
    expect(o) {
      fails(o, 'TPLG115', /attribute 'lim' value: 3 is less than min value: 10.*validate attribute lim in foo/);
      fails(o, 'TPLG101', /Error building object Widget\.foo\.1/);
    },
  },
  {
    file: 'pp/v4.conf',
    source: 'expected-results.txt',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int(1), lim: int(25) }); // max 20 is not checked
      notes(o, 'TPLG113', /lim 25 .*only checks values written as strings/);
    },
  },
  {
    file: 'pp/v5.conf',
    source: 'expected-results.txt',
    expect(o) {
      fails(o, 'TPLG115', /valid values .*a, b.*validate attribute mode in foo/);
    },
  },
  {
    file: 'pp/v6.conf',
    source: 'expected-results.txt; spec §6.16 (an integer is accepted unchecked and emitted as given)',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int(1) });
      assert.deepEqual(tuples(o, 'foo.1.1', 'foo.word'), { mode: int(1) }); // not mapped to a tuple value
      notes(o, 'TPLG113', /mode 1 is not one of the valid values a, b/);
    },
  },
  {
    file: 'pp/v7.conf',
    source: 'expected-results.txt; spec §2.7(b) immutable',
    expect(o) {
      fails(o, 'TPLG110', /error prepending attribute 'type' value/);
      fails(o, 'TPLG101', /Error building object Widget\.foo\.1/);
    },
  },
  {
    file: 'pp/v8.conf',
    source: 'expected-results.txt; spec §6.17 (`foo.abc` gives `foo.1.0`)',
    expect(o) {
      assert.deepEqual(widgets(o), ['foo.1.0']);
      notes(o, 'TPLG108', /Object id 'abc' is not a number/);
    },
  },
  {
    file: 'pp/v9.conf',
    source: 'expected-results.txt; spec §2.8.5, §6.13, §6.17',
    expect(o) {
      assert.deepEqual(widgets(o), ['foo.1.1']); // instance 9 is overwritten by the id
      const w = at(o.tree, 'SectionWidget', 'foo.1.1');
      assert.deepEqual(typed(w?.child('subseq')), int(4)); // template keys are copied undeclared
      assert.deepEqual(typed(w?.child('event_type')), int(2));
      assert.equal(w?.child('bogus'), undefined);
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int(1) }); // bogus has no token_ref
      notes(o, 'TPLG107', /instance 9 is ignored/);
    },
  },

  // ----- pp/e*.conf: $VAR and $[ ] (expected-results.txt, spec §2.9, §6.18-21) -----
  {
    file: 'pp/e1.conf',
    source: 'expected-results.txt; spec §2.9 (an integer reference followed by text fails)',
    expect(o) {
      fails(o, 'TPLG121', /failed to evaluate attribute s1 in foo, from '\$X-suffix'/);
    },
  },
  {
    file: 'pp/e2.conf',
    source: 'expected-results.txt',
    expect(o) {
      assert.deepEqual(tuples(o, 'foo.1.1', 'comp.string'), { s1: str('str3') });
    },
  },
  {
    file: 'pp/e3.conf',
    source: 'expected-results.txt; spec §2.9 (one binary operator)',
    expect(o) {
      fails(o, 'TPLG125', /unexpected expression tail '\+ 3'.*wrong expression.*from '\$\[1 \+ 2 \+ 3\]'/);
    },
  },
  {
    file: 'pp/e4.conf',
    source: 'expected-results.txt; spec §2.9 (C division and modulo)',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int(-3) });
      assert.deepEqual(tuples(o, 'foo.1.1', 'comp.string'), { s1: int(-1) }); // a lone $[ ] stays an integer
    },
  },
  {
    file: 'pp/e5.conf',
    source: 'expected-results.txt; spec §2.2 (Define values are not expanded)',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: str('$B') });
    },
  },
  {
    file: 'pp/e6.conf',
    source: 'expected-results.txt; spec §6.18 (Define wins over the object\'s own attribute)',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int(99) });
    },
  },
  {
    file: 'pp/e7.conf',
    source: 'expected-results.txt; spec §2.9 order dependence',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: str('x$X') });
      assert.deepEqual(tuples(o, 'foo.1.1', 'comp.string'), { s1: str('x3') });
    },
  },
  {
    file: 'pp/e8.conf',
    source: 'expected-results.txt; spec §2.9, §6.21 (the character after `)` is skipped)',
    expect(o) {
      fails(o, 'TPLG125', /unknown operation '3'.*skips the character right after '\)' or '\]' \(here '\*'\)/);
    },
  },
  {
    file: 'pp/e9.conf',
    source: 'expected-results.txt; spec §2.9, §6.21',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int(9) });
      notes(o, 'TPLG128', /without the 'x' after a bracket/);
    },
  },
  {
    file: 'pp/e10.conf',
    source: 'expected-results.txt (rc=136); spec §2.9, §6.27 (division by zero crashes)',
    expect(o) {
      fails(o, 'TPLG126', /Division by zero.*alsatplg crashes \(SIGFPE\)/);
    },
  },
  {
    file: 'pp/e11.conf',
    source: 'expected-results.txt',
    expect(o) {
      assert.deepEqual(tuples(o, 'foo.1.1', 'comp.string'), { s1: str('px6') });
    },
  },
  {
    file: 'pp/e12.conf',
    source: 'expected-results.txt; spec §2.9 result typing',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: real(1.5) });
      assert.deepEqual(tuples(o, 'foo.1.1', 'comp.string'), { s1: str('a1.5') });
    },
  },
  {
    file: 'pp/e13.conf',
    source: 'expected-results.txt; spec §2.9 (INTEGER64 results, accidental unary minus)',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int64(2147483648n) });
      assert.deepEqual(tuples(o, 'foo.1.1', 'comp.string'), { s1: int(-3) });
    },
  },
  {
    file: 'pp/e14.conf',
    source: 'expected-results.txt; spec §2.9 (`$5` names a variable 5)',
    expect(o) {
      fails(o, 'TPLG123', /Failed to find definition for attribute 5 in '1' object.*from 'cost \$5'/);
    },
  },

  // ----- pp/r*.conf: IncludeByKey (expected-results.txt, spec §2.4, §6.8-11) -----
  {
    file: 'pp/r1.conf',
    source: 'expected-results.txt; spec §2.4 (unanchored: "4" matches 14)',
    expect(o) {
      assert.deepEqual(widgets(o), ['foo.1.20']);
      notes(o, 'TPLG157', /key "4" matches the value "14"/);
    },
  },
  {
    file: 'pp/r2.conf',
    source: 'expected-results.txt; spec §2.4 (case-insensitive: "DP" matches dp)',
    expect(o) {
      assert.deepEqual(widgets(o), ['foo.1.20']);
      noNote(o, 'TPLG157'); // the whole value matches
    },
  },
  {
    file: 'pp/r3.conf',
    source: 'expected-results.txt (rc=0, nothing included); spec §2.4 traps',
    expect(o) {
      assert.deepEqual(widgets(o), []); // "[" does not compile, and "a" is abandoned with it
      notes(o, 'TPLG153', /Could not compile regex "\[".*skips "\[", "a"/);
    },
  },
  {
    file: 'pp/r4.conf',
    source: 'expected-results.txt; spec §2.4 step 1 (a real key variable)',
    expect(o) {
      fails(o, 'TPLG152', /Invalid type for variable definition K/);
    },
  },
  {
    file: 'pp/r5.conf',
    source: 'expected-results.txt; spec §2.4 (integers are matched as %ld: 0x10 is "16")',
    expect(o) {
      assert.deepEqual(widgets(o), ['foo.1.20']);
    },
  },
  {
    file: 'pp/r6.conf',
    source: 'expected-results.txt; spec §2.4 traps, §6.11 (nested include sees a later top-level Define)',
    expect(o) {
      assert.deepEqual(widgets(o), ['foo.1.1', 'foo.1.22']);
      fooWord(o, 'foo.1.1', { w1: int(1), w2: int(77) });
      fooWord(o, 'foo.1.22', { w2: int(5), w1: int(22) });
    },
  },
  {
    file: 'pp/r7.conf',
    source: 'expected-results.txt; spec §2.4 (the SOF key also matches 5000)',
    expect(o) {
      assert.deepEqual(widgets(o), ['foo.1.20']);
      notes(o, 'TPLG157', /matches only part of the value "5000"/);
    },
  },

  // ----- pp/t*.conf (spec text) -----
  {
    file: 'pp/t1.conf',
    source: 'spec §2.7(a) token_ref and tuple_values, §2.9 (derived: no statement of its own)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.2.1', 'foo.2.7']);
      fooWord(o, 'foo.2.1', { w2: int(5), w1: int(3) });
      assert.deepEqual(tuples(o, 'foo.2.1', 'comp.string'), { s1: str('pre-str-3-post') });
      assert.deepEqual(tuples(o, 'foo.2.1', 'foo.word'), { mode: int(9) }); // "b" -> tuple_values[1]
      assert.ok(!o.text.includes('plain'), 'plain has no token_ref, so no tuple');
      fooWord(o, 'foo.2.7', { w1: int(1), w2: int(6) });
    },
  },
  {
    file: 'pp/t2.conf',
    defines: 'Z=1',
    source: 'spec §2.8.3 (double build: w2 5 versus w2 8), §2.1 and §6.7 (no Define and no -D)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.3.1', 'foo.3.2']);
      fooWord(o, 'foo.3.1', { lim: int(15), w2: int(5), w1: int(11) }); // the widget-class default wins
      fooWord(o, 'foo.3.2', { w2: int(8), lim: int(15), w1: int(1) });
    },
    also: [
      {
        expect(o) {
          fails(o, 'TPLG133', /Failed to parse arguments in input config/);
        },
      },
    ],
  },
  {
    file: 'pp/t3.conf',
    source: 'spec §1.6 (ids 1, 0, 2), §2.8.1 (inheritance, class default beats parent, `name`), §6.13',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.7.1', 'foo.7.0', 'foo.7.2', 'mid.7.1', 'custom name']);
      fooWord(o, 'foo.7.1', { lim: int(3), w2: int(5), w1: int(1) }); // lim 3 from the pipeline; w2 5 beats 40
      fooWord(o, 'foo.7.0', { lim: int(3), w2: int(5), w1: int(100) });
      fooWord(o, 'foo.7.2', { lim: int(3), w2: int(5), w1: int(101) });
      assert.deepEqual(tuples(o, 'foo.7.1', 'comp.string'), { s1: str('fromgpclass') });
      fooWord(o, 'custom name', { w2: int(5), w1: int(2) }); // the second foo.9 merged at parse time
      notes(o, 'TPLG113', /lim 3 /); // inherited, and below min 10, but never checked
    },
  },
  {
    file: 'pp/t4.conf',
    source: 'spec §2.8.1 (inheritance is transitive through an intermediary), §2.8.6 folding',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['mid.7.1']);
      assert.deepEqual(tuples(o, 'mid.7.1', 'comp.string'), { s1: str('fromgpclass') });
      assert.deepEqual(tuples(o, 'mid.7.1', 'comp.string', 'string.leaf.7.1'), { s1: str('fromgpclass') });
    },
  },
  {
    file: 'pp/t5.conf',
    source: 'spec §2.8.6 (Parent object <name> not supported)',
    expect(o) {
      fails(o, 'TPLG142', /Parent object gp\.7 not supported/);
    },
  },
  {
    file: 'pp/t6.conf',
    source: 'spec §2.8.5 (a control without a name is skipped silently)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.1']);
      assert.equal(at(o.tree, 'SectionControlMixer'), undefined);
      assert.equal(at(o.tree, 'SectionWidget', 'foo.1.1', 'mixer'), undefined);
      notes(o, 'TPLG146', /has no name/, 'info');
    },
  },
  {
    file: 'pp/t7.conf',
    source: 'spec §1.7 (IncludeByKey files search only ALSA_CONFIG_DIR), §6.6',
    expect(o) {
      fails(o, 'TPLG004', /Cannot access file c_inc\.conf/);
    },
  },
  {
    file: 'pp/t8.conf',
    source: 'spec §1.7, §6.6',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.40']);
    },
  },
  {
    file: 'pp/t9.conf',
    source: 'spec §1.6 (Define { K 1 } then Define { K "s" } is a parse error)',
    expect(o) {
      fails(o, 'TPLG002', /K is not a string/);
    },
  },
  {
    file: 'pp/t10.conf',
    source: 'spec §1.6 (same type replaced), §2.3 (unquoted $K works like "$K")',
    expect(o) {
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int(2) });
    },
  },
  {
    file: 'pp/t11.conf',
    source: 'spec §2.4 traps, §6.9 (same regex id with file values: only the last file)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.1', 'foo.1.21']);
    },
  },
  {
    file: 'pp/t12.conf',
    source: 'spec §2.4 traps (inline blocks with the same id merge)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.1', 'foo.1.50', 'foo.1.51']);
    },
  },
  {
    file: 'pp/t13.conf',
    source: 'spec §2.1 step 6 (raw Section* input is dropped)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(ids(o.tree), ['SectionWidget', 'SectionData', 'SectionVendorTuples']);
      assert.equal(at(o.tree, 'SectionGraph'), undefined);
      notes(o, 'TPLG134', /SectionGraph is topology 1\.0 syntax/);
    },
  },
  {
    file: 'pp/t14.conf',
    source: 'spec §2.1 (a file with only Define gives empty output and rc=0)',
    expect(o) {
      succeeds(o);
      assert.equal(o.text, '');
    },
  },
  {
    file: 'pp/t15.conf',
    source: 'spec §1.6, §6.5 (constructor without ! included twice)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.1.1.1']);
    },
  },
  {
    file: 'pp/t16.conf',
    source: 'spec §1.6 (the same with !constructor: no doubling)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.1']);
    },
  },
  {
    file: 'pp/t17.conf',
    source: 'spec §2.11 syntax error (in an included file)',
    expect(o) {
      fails(o, 'TPLG001', /Unexpected char/);
      const first = o.diagnostics.find((d) => d.code === 'TPLG001');
      assert.equal(path.basename(first?.range?.file ?? ''), 'bad.conf');
      assert.equal(first?.range?.line, 2);
    },
  },
  {
    file: 'pp/t18.conf',
    source: 'spec §2.7 (a missing class)',
    expect(o) {
      fails(o, 'TPLG104', /No Class definition found for Class\.Widget\.foo/);
      fails(o, 'TPLG101', /Error building object Widget\.foo\.1/);
    },
  },
  {
    file: 'pp/t19.conf',
    source: 'spec §2.8, §6.27 (no id level: alsatplg crashes with SIGSEGV)',
    expect(o) {
      fails(o, 'TPLG100', /alsatplg crashes/);
    },
  },
  {
    file: 'pp/t20.conf',
    source: 'spec §2.8.4 (a widget inside a widget inherits from it)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.1', 'foo.1.2']);
      assert.deepEqual(typed(at(o.tree, 'SectionWidget', 'foo.1.2', 'index')), int(1));
      fooWord(o, 'foo.1.2', { w2: int(5), w1: int(2) });
    },
  },
  {
    file: 'pp/t21.conf',
    source: 'spec §1.4 (`b = = 2`), §2.11 syntax error',
    expect(o) {
      fails(o, 'TPLG001', /Unexpected char/);
      assert.equal(path.basename(o.diagnostics.find((d) => d.code === 'TPLG001')?.range?.file ?? ''), 'bad2.conf');
    },
  },
  {
    file: 'pp/t22.conf',
    source: 'spec §2.4 traps, §6.10 (inline foo.0 is appended as foo.1)',
    expect(o) {
      // the appended foo.1 { w1 9 } has no index, so building it fails; foo.0 keeps w1 1
      fails(o, 'TPLG114', /Argument index not set for object 'foo\.1'/);
      fooWord(o, 'foo.1.0', { w2: int(5), w1: int(1) });
    },
  },
  {
    file: 'pp/t23.conf',
    source: 'spec §2.4 traps (the same text with id 1 merges)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.1']);
      fooWord(o, 'foo.1.1', { w2: int(5), w1: int(9) });
    },
  },
  {
    file: 'pp/t24.conf',
    defines: 'K2=no',
    source: 'spec §2.2 (-D is re-applied after every IncludeByKey, so it always wins)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.22']); // c.conf sets K2 "yes", -D K2=no wins
    },
    also: [
      {
        expect(o) {
          succeeds(o);
          assert.deepEqual(widgets(o), ['foo.1.22', 'foo.1.20']); // without -D the included Define wins
        },
      },
    ],
  },
  {
    file: 'pp/t25.conf',
    source: 'spec §2.7(b) immutable, §2.11',
    expect(o) {
      fails(o, 'TPLG110', /Immutable attribute uuid not set in class bar/);
    },
  },
  {
    file: 'pp/t26.conf',
    source: 'spec §2.1 step 2 (`Define must be a compound!`)',
    expect(o) {
      fails(o, 'TPLG132', /Define must be a compound!/);
    },
  },
  {
    file: 'pp/t27.conf',
    source: 'spec §2.10 (route endpoint class missing)',
    expect(o) {
      fails(o, 'TPLG161', /No Class definition found for Class\.Widget\.nope/);
    },
  },
  {
    file: 'pp/t28.conf',
    source: 'spec §2.7(b) (deprecated and automatic are ignored)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(tuples(o, 'bar.1.1', 'comp.word'), { pc: int(3) });
    },
  },
  {
    file: 'pp/t29.conf',
    source: 'spec §2.6 (an invalid type skips the copy; the build then fails)',
    expect(o) {
      notes(o, 'TPLG180', /Invalid value for sub tree copy type bogus/);
      fails(o, 'TPLG106', /No unique attribute in class 'd'/);
    },
  },
  {
    file: 'pp/t30.conf',
    source: 'spec §2.4 ("^4$" does not match 14, "1" does)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.1.21']);
      notes(o, 'TPLG157', /key "1" matches the value "14"/);
    },
  },

  // ----- pp/ca*.conf: CombineArrays (spec §2.5, §6.22) -----
  {
    file: 'pp/ca.conf',
    source: 'spec §2.5 (first attribute fastest, scalars ignored, appended after an existing array)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(ids(at(o.tree, 'SectionVendorTuples', 'foo.1.1.fmt.word', 'tuples')), [0, 1, 2, 3, 4, 5].map((i) => `word.fmt.${i}`));
      assert.deepEqual(tupleSets(o, 'foo.1.1', 'fmt.word'), [
        { c: int(2), r: int(1), b: int(1) },
        { c: int(2), r: int(8), b: int(24) }, // c 9 in the element is ignored: the class default 2
        { c: int(2), r: int(16), b: int(24) },
        { c: int(2), r: int(8), b: int(32) },
        { c: int(2), r: int(16), b: int(32) },
        { c: int(2), r: int(96), b: int(8) },
      ]);
    },
  },
  {
    file: 'pp/ca2.conf',
    source: 'spec §2.5',
    expect(o) {
      succeeds(o);
      assert.deepEqual(tupleSets(o, 'foo.1.1', 'fmt.word'), [
        { c: int(2), r: int(8), b: int(24) },
        { c: int(2), r: int(16), b: int(24) },
        { c: int(2), r: int(8), b: int(32) },
        { c: int(2), r: int(16), b: int(32) },
        { c: int(2), r: int(96), b: int(8) },
      ]);
    },
  },
  {
    file: 'pp/ca3.conf',
    source: 'spec §2.5 (the counter continues across elements)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(tupleSets(o, 'foo.1.1', 'fmt.word'), [
        { c: int(2), r: int(8), b: int(24) },
        { c: int(2), r: int(16), b: int(24) },
        { c: int(2), r: int(8), b: int(32) },
        { c: int(2), r: int(16), b: int(32) },
        { c: int(2), r: int(96) },
        { c: int(2), r: int(1) },
        { c: int(2), r: int(2) },
        { c: int(2), r: int(3) },
      ]);
    },
  },
  {
    file: 'pp/ca4.conf',
    source: 'spec §2.5 quirk, §6.22 (`[{r 1}]` with `[r 5]` and `[r 6]` ends as {r1, r6}; r5 is lost)',
    expect(o) {
      succeeds(o);
      assert.deepEqual(tupleSets(o, 'foo.1.1', 'fmt.word'), [
        { c: int(2), r: int(1) },
        { c: int(2), r: int(6) },
      ]);
    },
  },
  {
    file: 'pp/ca5.conf',
    source: 'spec §2.5 quirk, §6.22 (elements overwrite each other; pre-processor.c:693-812 run by hand)',
    expect(o) {
      succeeds(o);
      // r5 is appended as id 3; the next element continues the counter at 1 and overwrites r 2.
      assert.deepEqual(tupleSets(o, 'foo.1.1', 'fmt.word'), [
        { c: int(2), r: int(1) },
        { c: int(2), r: int(6) },
        { c: int(2), r: int(3) },
        { c: int(2), r: int(5) },
      ]);
    },
  },

  // ----- pp/stc*.conf: SubTreeCopy (spec §2.6, §6.23) -----
  {
    file: 'pp/stc.conf',
    source: 'spec §2.6 (copying a source with an unprocessed SubTreeCopy: `No unique attribute in class \'derived2\'`)',
    expect(o) {
      fails(o, 'TPLG106', /No unique attribute in class 'derived2'/);
      notes(o, 'TPLG184', /SubTreeCopy\.b2 copies Class\.Pipeline\.derived before its own SubTreeCopy \(b\)/);
      // derived (after its own copy) still builds: base's widgets, tree's changes, appended route
      assert.deepEqual(widgets(o).filter((w) => w.startsWith('foo.5.')), ['foo.5.1', 'foo.5.2', 'foo.5.3']);
    },
  },
  {
    file: 'pp/stc2.conf',
    source: 'spec §2.6 (the same in the working order), `extend` appends routes',
    expect(o) {
      succeeds(o);
      assert.deepEqual(widgets(o), ['foo.5.1', 'foo.5.2', 'foo.5.3', 'foo.6.1', 'foo.6.2', 'foo.6.3', 'foo.6.4']);
      fooWord(o, 'foo.5.1', { w2: int(5), w1: int(11) }); // tree's foo.1 { w1 11 } over base's
      fooWord(o, 'foo.6.4', { w2: int(5), w1: int(4) });
      const graph = at(o.tree, 'SectionGraph');
      assert.deepEqual(ids(graph), ['derived.5.route.0', 'derived.5.route.1', 'derived2.6.route.0', 'derived2.6.route.1']);
      assert.deepEqual(v(o, 'SectionGraph', 'derived.5.route.1', 'lines', '0'), str('foo.5.3, , foo.5.2'));
      assert.deepEqual(v(o, 'SectionGraph', 'derived2.6.route.0', 'lines', '0'), str('foo.6.2, , foo.6.1'));
      noNote(o, 'TPLG184');
    },
  },
];

// ---------------------------------------------------------------------------------------------

function run(c: Case, r: Run): Outcome {
  return c.file.startsWith('lexer/') ? loadLexerCase(c.file.slice(6)) : runPpCase(c.file.slice(3), r.defines);
}

for (const c of CASES) {
  const how = c.defines ? ` (-D ${c.defines})` : '';
  test(`oracle ${c.file}${how}: ${c.source}`, (t) => {
    if (!hasShared()) return t.skip(SKIP_NO_SHARED);
    for (const r of [c as Run, ...(c.also ?? [])]) {
      const o = run(c, r);
      const label = `${c.file}${r.defines ? ` -D ${r.defines}` : ' (no -D)'}`;
      assert.ok(!o.diagnostics.some((d) => d.code === 'TPLG999'), `${label}: internal error:\n${describe(o)}`);
      r.expect(o);
      if (r === c) {
        const printed = printedResults().get(c.file);
        if (printed) matchesPrinted(o, printed, c.file);
      }
    }
  });
}

test('spec §2.7(c), §6.12: a class default without DefineAttribute is dropped, with a warning (gain cpc)', (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const target = targets().find((x) => x.output === 'sof-mtl-nocodec');
  assert.ok(target, 'sof-mtl-nocodec is in corpus/targets.json');
  const { result } = resolveWithOutput(targetOptions(target));
  assert.equal(result.failed, false);
  const gains = result.widgets.filter((w) => w.className === 'gain');
  assert.ok(gains.length > 0);
  for (const g of gains) assert.equal(g.tuples['comp.word']?.cpc, undefined, `${g.name} has no cpc tuple`);
  assert.ok(
    result.diagnostics.some((d) => d.severity === 'warning' && d.code === 'TPLG112' && /Class gain sets a default for cpc without DefineAttribute/.test(d.message)),
    'TPLG112 for gain cpc',
  );
});

test('every oracle case file is in the table (new cases cannot be missed)', (t) => {
  if (!hasShared()) return t.skip(SKIP_NO_SHARED);
  const onDisk: string[] = [];
  for (const folder of ['lexer', 'pp']) {
    for (const f of fs.readdirSync(path.join(oracleDir(), folder))) if (f.endsWith('.conf')) onDisk.push(`${folder}/${f}`);
  }
  const inTable = CASES.map((c) => c.file);
  assert.equal(new Set(inTable).size, inTable.length, 'each case file appears once');
  const missing = onDisk.filter((f) => !FRAGMENTS.has(f) && !inTable.includes(f));
  assert.deepEqual(missing, [], `oracle cases without a row in CASES: ${missing.join(', ')}`);
  const gone = inTable.filter((f) => !onDisk.includes(f));
  assert.deepEqual(gone, [], `rows for files that no longer exist: ${gone.join(', ')}`);
  // A fragment nobody includes would be a case in disguise.
  for (const frag of FRAGMENTS) {
    const [folder, name] = frag.split('/');
    assert.ok(onDisk.includes(frag), `fragment ${frag} exists`);
    const users = onDisk.filter((f) => f.startsWith(`${folder}/`) && fs.readFileSync(path.join(oracleDir(), f), 'latin1').includes(`<${name}>`));
    assert.ok(users.length > 0, `fragment ${frag} is included by some case`);
  }
  // Every block of expected-results.txt belongs to a row (and is checked there).
  const printedOnly = [...printedResults().keys()].filter((f) => !inTable.includes(f));
  assert.deepEqual(printedOnly, [], `expected-results.txt blocks without a row: ${printedOnly.join(', ')}`);
});
