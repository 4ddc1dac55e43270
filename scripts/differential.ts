// Differential conformance against a real alsatplg on any SOF topology2 tree, e.g. one newer
// than ../shared, whose targets no golden file covers:
//   npm run differential -- --alsatplg /path/to/alsatplg --tree sof/tools/topology/topology2 \
//     --prepend abi.conf [--filter regex] [--keep dir]
// Every target of the tree's tplg-targets*.cmake lists is pre-processed by both (`-P`), as SOF's
// build runs it, and the texts are compared byte for byte. Exit 1 on any difference.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileStore } from '../src/core/conf/files';
import { preprocessedText } from '../src/core/resolve';
import { parseTargetList, type CmakeTarget } from '../src/core/targets/cmakeTargets';

interface Args { alsatplg: string; tree: string; prepend?: string; filter?: RegExp; keep?: string }

function parse(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const alsatplg = get('--alsatplg') ?? process.env.ALSATPLG;
  const tree = get('--tree');
  if (!alsatplg || !tree) {
    console.error('usage: npm run differential -- --alsatplg <path> --tree <topology2 dir> [--prepend abi.conf] [--filter regex] [--keep dir]');
    process.exit(2);
  }
  const filter = get('--filter');
  return { alsatplg, tree: path.resolve(tree), prepend: get('--prepend'), filter: filter ? new RegExp(filter) : undefined, keep: get('--keep') };
}

function targetsOf(tree: string): CmakeTarget[] {
  const lists = ['production', 'development', '.']
    .map((d) => path.join(tree, d))
    .filter((d) => fs.existsSync(d))
    .flatMap((d) => fs.readdirSync(d).filter((f) => /^tplg-targets.*\.cmake$/.test(f)).map((f) => path.join(d, f)));
  return lists.flatMap((l) => parseTargetList(fs.readFileSync(l, 'utf8'), l).targets);
}

/** The reference's `-P` text, or undefined when it wrote none. */
function reference(a: Args, t: CmakeTarget, tmp: string): { text?: string; stderr: string } {
  const input = path.join(tmp, 'in.conf');
  const out = path.join(tmp, 'out.conf');
  const header = a.prepend ? fs.readFileSync(a.prepend, 'latin1') : '';
  fs.writeFileSync(input, header + fs.readFileSync(path.join(a.tree, t.input), 'latin1'), 'latin1');
  fs.rmSync(out, { force: true });
  // Pre-processing plugins (nhlt) run after the text is built and need their own modules.
  const defines = t.defines.split(',').filter((d) => d && !d.startsWith('PREPROCESS_PLUGINS=')).join(',');
  const args = ['-P', input, '-o', out, '-I', a.tree, ...(defines ? ['-D', defines] : [])];
  const r = spawnSync(a.alsatplg, args, { env: { ...process.env, ALSA_CONFIG_DIR: a.tree }, encoding: 'latin1' });
  const text = fs.existsSync(out) ? fs.readFileSync(out, 'latin1') : '';
  return { text: text.length ? text : undefined, stderr: r.stderr ?? String(r.error ?? '') };
}

function main(): void {
  const a = parse(process.argv.slice(2));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tplg-differential-'));
  const store = new FileStore();
  const counts = { same: 0, bothFail: 0, differ: 0, missing: 0 };
  try {
    for (const t of targetsOf(a.tree).filter((x) => !a.filter || a.filter.test(x.output))) {
      if (!fs.existsSync(path.join(a.tree, t.input))) {
        counts.missing++;
        continue;
      }
      const ref = reference(a, t, tmp);
      const ours = preprocessedText({ input: path.join(a.tree, t.input), includeDirs: [a.tree], configDir: a.tree, defines: t.defines, prepend: a.prepend, store });
      if (ref.text !== undefined && !ours.result.failed && ref.text === ours.text) counts.same++;
      else if (ref.text === undefined && ours.result.failed) counts.bothFail++;
      else {
        counts.differ++;
        const err = ours.result.diagnostics.find((d) => d.severity === 'error');
        console.log(`DIFF ${t.output} (${t.input}): reference ${ref.text === undefined ? 'failed' : 'ok'}, ours ${ours.result.failed ? `failed: ${err?.code} ${err?.message}` : 'ok'}`);
        if (ref.text === undefined) console.log(`  reference: ${ref.stderr.split('\n').filter(Boolean).slice(0, 2).join(' | ')}`);
        if (a.keep) {
          fs.mkdirSync(a.keep, { recursive: true });
          fs.writeFileSync(path.join(a.keep, `${t.output}.ref.conf`), ref.text ?? '', 'latin1');
          fs.writeFileSync(path.join(a.keep, `${t.output}.ours.conf`), ours.text, 'latin1');
        }
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`differential: ${counts.same} identical, ${counts.bothFail} rejected by both, ${counts.differ} different, ${counts.missing} with a missing input`);
  process.exitCode = counts.differ ? 1 : 0;
}

main();
