// The TextMate grammar, tokenised by the very engine (vscode-textmate + oniguruma) of the VS Code
// running the suite, so what passes here is what users see.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { corpusDir, repoRoot } from './env';
import { Skip, test } from './runner';

interface Token { startIndex: number; endIndex: number; scopes: string[] }
interface Grammar { tokenizeLine(line: string, state: unknown): { tokens: Token[]; ruleStack: unknown } }

let grammar: Promise<{ grammar: Grammar; initial: unknown }> | undefined;

/** Loads our grammar with the workbench's own vscode-textmate, or skips if this build hides it. */
function loadGrammar(): Promise<{ grammar: Grammar; initial: unknown }> {
  grammar ??= (async () => {
    const modules = path.join(vscode.env.appRoot, 'node_modules');
    const wasm = path.join(modules, 'vscode-oniguruma', 'release', 'onig.wasm');
    if (!fs.existsSync(path.join(modules, 'vscode-textmate')) || !fs.existsSync(wasm)) {
      throw new Skip(`vscode-textmate not found under ${modules}`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tm = require(path.join(modules, 'vscode-textmate'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const onig = require(path.join(modules, 'vscode-oniguruma'));
    await onig.loadWASM(fs.readFileSync(wasm).buffer);
    const file = path.join(repoRoot, 'syntaxes', 'sof-topology.tmLanguage.json');
    const registry = new tm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new onig.OnigScanner(sources),
        createOnigString: (s: string) => new onig.OnigString(s),
      }),
      loadGrammar: async () => tm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file),
    });
    return { grammar: (await registry.loadGrammar('source.sof-topology')) as Grammar, initial: tm.INITIAL };
  })();
  return grammar;
}

/** Tokenises `text` and returns each token's text with its scopes (suffix dropped), innermost last. */
async function scopesOf(text: string): Promise<Array<[string, string[]]>> {
  const { grammar: g, initial } = await loadGrammar();
  const out: Array<[string, string[]]> = [];
  let state = initial;
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, state);
    state = r.ruleStack;
    for (const t of r.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim()) out.push([piece, t.scopes.map((s) => s.replace(/\.sof-topology$/, ''))]);
    }
  }
  return out;
}

async function expectScope(text: string, piece: string, scope: string): Promise<void> {
  const tokens = await scopesOf(text);
  const found = tokens.filter(([p]) => p === piece).map(([, s]) => s);
  assert.ok(found.some((scopes) => scopes.includes(scope)), `"${piece}" in ${JSON.stringify(text)} has scopes ${JSON.stringify(found)}, expected ${scope}`);
}

test('grammar: keywords and object headers', async () => {
  const src = 'Object.Widget.src.1 {\n}\nClass.Widget."gain" {\n}\nDefine {\n}\nDefineAttribute."instance" {}\n' +
    'IncludeByKey.PLATFORM {\n}\nCombineArrays.Object.Base.input_audio_format [\n]\nSubTreeCopy.baseclass {\n}';
  await expectScope(src, 'Object', 'storage.type');
  await expectScope(src, 'Widget', 'entity.name.namespace');
  await expectScope(src, 'src', 'entity.name.type.class');
  await expectScope(src, '"gain"', 'entity.name.type.class');
  for (const kw of ['Define', 'DefineAttribute', 'IncludeByKey', 'CombineArrays', 'SubTreeCopy']) {
    await expectScope(src, kw, 'keyword.control');
  }
});

test('grammar: includes, variables, expressions', async () => {
  await expectScope('<searchdir:include/common>', 'searchdir', 'keyword.control.directive');
  await expectScope('<tokens.conf>', 'tokens.conf', 'string.quoted.other.lt-gt.include');
  await expectScope('\tindex $PIPELINE_ID', 'PIPELINE_ID', 'variable.other.define');
  await expectScope('\theap "$[(24 * 1024)]"', '*', 'keyword.operator.arithmetic');
  await expectScope('\theap "$[(24 * 1024)]"', '1024', 'constant.numeric.integer');
  // `<` inside an unquoted token is an ordinary character, not an include.
  const tokens = await scopesOf('\tx a<b>');
  assert.ok(!tokens.some(([, s]) => s.some((x) => x.includes('include'))), JSON.stringify(tokens));
});

test('grammar: strings, escapes, numbers, comments, keys', async () => {
  await expectScope('\tname "a\\x41\\"b"', '\\x41', 'constant.character.escape');
  await expectScope("\tname 'it\\'s'", "\\'", 'constant.character.escape');
  await expectScope('\tv 0x1F', '0x1F', 'constant.numeric.hex');
  await expectScope('\tv 010', '010', 'constant.numeric.octal');
  await expectScope('\tv -4', '-4', 'constant.numeric.integer');
  await expectScope('\tv 1.5e3', '1.5e3', 'constant.numeric.float');
  await expectScope('## \\struct gain', ' \\struct gain', 'comment.line.double-number-sign.documentation');
  await expectScope('\trate 48000 # Hz', ' Hz', 'comment.line.number-sign');
  await expectScope('\t!constructor [ "index" ]', '!', 'keyword.operator.mode');
  await expectScope('\t!constructor [ "index" ]', 'constructor', 'variable.other.property');
});

test('grammar: every corpus file tokenises and ends outside any string or expression', async () => {
  if (!fs.existsSync(corpusDir)) throw new Skip(`corpus not found at ${corpusDir}`);
  const { grammar: g, initial } = await loadGrammar();
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.conf')) files.push(p);
    }
  };
  walk(corpusDir);
  const unbalanced: string[] = [];
  for (const file of files) {
    let state = initial;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) state = g.tokenizeLine(line, state).ruleStack;
    // The initial stack has depth 1; anything deeper is an unterminated string or $[...].
    if ((state as { depth?: number }).depth !== 1) unbalanced.push(path.relative(corpusDir, file));
  }
  assert.ok(files.length > 100, `only ${files.length} corpus files found`);
  assert.deepEqual(unbalanced, []);
}, 60_000);
