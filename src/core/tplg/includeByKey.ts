// IncludeByKey (alsatplg pre_process_includes*): keys are POSIX extended, case-insensitive,
// unanchored regexes; every matching entry is included, depth first, and merged array-appending.
import * as path from 'node:path';
import { ConfNode, mergeConfig } from '../conf/node';
import { isInside, loadConfig } from '../conf/parser';
import { loadCached } from '../conf/loadCache';
import { compileEre } from './posixRegex';
import { PPContext } from './context';
import { addDefines } from './defines';

/** pre_process_includes_all: every compound, pre-order; false on a fatal error. */
export function processAllIncludes(ctx: PPContext, top: ConfNode, depth = 0): boolean {
  if (top.type !== 'compound') return true;
  if (depth > ctx.limits.maxNestingDepth) {
    const at = top.child('IncludeByKey') ?? top;
    ctx.limitError('TPLG158', `IncludeByKey made the tree deeper than ${ctx.limits.maxNestingDepth} levels (limit maxNestingDepth): does a file include itself by key?`, at.range);
    return false;
  }
  if (!processIncludes(ctx, top)) return false;
  for (let i = 0; i < top.kids.length; i++) {
    if (!processAllIncludes(ctx, top.kids[i], depth + 1)) return false;
  }
  return true;
}

/** `depth`: IncludeByKey files being included around this one (a file may include itself). */
function processIncludes(ctx: PPContext, top: ConfNode, depth = 0): boolean {
  if (!ctx.defineMerged) return true;
  const includes = top.child('IncludeByKey');
  if (!includes) return true;
  if (includes.type !== 'compound') {
    ctx.error('TPLG150', 'IncludeByKey must be a compound', includes.range);
    return false;
  }
  if (depth > ctx.limits.maxIncludeDepth) {
    ctx.limitError('TPLG007', `IncludeByKey includes nested deeper than ${ctx.limits.maxIncludeDepth} levels (limit maxIncludeDepth): does a file include itself?`, includes.range);
    return false;
  }
  for (const v of includes.kids.slice()) {
    const define = ctx.defineMerged.search(v.id);
    if (!define) {
      ctx.error('TPLG151', `No variable defined for ${v.id}: IncludeByKey.${v.id} needs Define { ${v.id} ... } or -D ${v.id}=...`, v.range);
      return false;
    }
    const incoming = includeConf(ctx, v, define, depth);
    if (!incoming) return false;
    mergeConfig(top, incoming, false);
  }
  includes.remove();
  return true;
}

function includeConf(ctx: PPContext, variable: ConfNode, define: ConfNode, depth: number): ConfNode | undefined {
  let value: string;
  if (define.type === 'string') value = define.value as string;
  else if (define.type === 'integer') value = String(define.value);
  else {
    ctx.error('TPLG152', `Invalid type for variable definition ${variable.id}: IncludeByKey needs a string or integer, not a ${define.type}`, define.range);
    return undefined;
  }
  let incoming = ConfNode.compound('');
  const entries = variable.kids.slice();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const re = compiledKey(e.id);
    if (!re.ok) {
      const skipped = entries.slice(i).map((x) => `"${x.id}"`).join(', ');
      ctx.warn('TPLG153', `Could not compile regex "${e.id}" (${re.error}): alsatplg silently skips ${skipped} of IncludeByKey.${variable.id}`, e.range);
      break;
    }
    if (!re.test(value)) continue;
    warnLooseMatch(ctx, variable.id, e, value);
    if (e.type === 'compound') {
      mergeConfig(incoming, e, false);
    } else if (e.type === 'string') {
      const name = e.value as string;
      const full = name.startsWith('/') ? name : `${ctx.incPath}/${name}`;
      const file = ctx.store.get(full);
      if (!file) {
        const tooLarge = ctx.store.tooLarge(full);
        if (tooLarge) ctx.limitError('TPLG010', tooLarge, e.range);
        else ctx.error('TPLG154', `Unable to open included conf file ${full}`, e.range);
        return undefined;
      }
      if (!isInside(full, ctx.incPath) && !isInside(full, ctx.configDir)) {
        ctx.info('TPLG012', `IncludeByKey.${variable.id} reads ${path.resolve(full)}, outside the include directory ${ctx.incPath}`, e.range);
      }
      if (!ctx.load.files.includes(file.path)) ctx.load.files.push(file.path);
      const opts = { configDir: ctx.configDir, maxIncludeDepth: ctx.limits.maxIncludeDepth, maxNestingDepth: ctx.limits.maxNestingDepth };
      let loaded: boolean;
      // Into nothing yet, the load is the file's alone and may come from a cache (memory or disk).
      if (!incoming.kids.length) ({ tree: incoming, ok: loaded } = loadCached([file], opts, ctx.load, 'included'));
      else loaded = loadConfig(incoming, [file], opts, ctx.load);
      if (!loaded) {
        ctx.error('TPLG155', `Unable to load included configuration ${path.basename(full)}`, e.range);
        return undefined;
      }
    } else {
      ctx.error('TPLG156', `IncludeByKey.${variable.id} entry "${e.id}" must be a file name or a block`, e.range);
      return undefined;
    }
    if (addDefines(ctx, incoming, false) === 'error') return undefined;
    if (!processIncludes(ctx, incoming, depth + 1)) return undefined;
  }
  return incoming;
}

type Compiled = ReturnType<typeof compileEre>;
const compiled = new Map<string, Compiled>();

/**
 * Keys and the values they are matched against repeat across runs and targets: compile each key
 * once and remember its answers (both bounded).
 */
function compiledKey(key: string): Compiled {
  let re = compiled.get(key);
  if (!re) {
    if (compiled.size > 4096) compiled.clear();
    re = compileEre(key, { icase: true });
    if (re.ok) {
      const test = re.test.bind(re);
      const answers = new Map<string, boolean>();
      re = Object.assign(re, {
        test(value: string): boolean {
          let a = answers.get(value);
          if (a === undefined) {
            if (answers.size > 256) answers.clear();
            answers.set(value, (a = test(value)));
          }
          return a;
        },
      });
    }
    compiled.set(key, re);
  }
  return re;
}

/** The regex is a substring test: say so when a key also matches a longer value. */
function warnLooseMatch(ctx: PPContext, variable: string, e: ConfNode, value: string): void {
  const key = e.id;
  if (key.startsWith('^') || key.endsWith('$')) return;
  if (/^[A-Za-z0-9_-]+$/.test(key)) {
    if (key.toLowerCase() !== value.toLowerCase()) {
      ctx.warn(
        'TPLG157',
        `IncludeByKey.${variable} key "${key}" matches the value "${value}" because keys are unanchored, case-insensitive regexes; write "^${key}$" to match only "${key}"`,
        e.range,
      );
    }
    return;
  }
  // Any other pattern: warn when it matches only part of the value (r7: "...|1000)" matches 5000).
  const whole = compiledKey(`^(${key})$`);
  if (whole.ok && !whole.test(value)) {
    ctx.warn(
      'TPLG157',
      `IncludeByKey.${variable} key "${key}" matches only part of the value "${value}": keys are unanchored, case-insensitive regexes, so a match anywhere in the value counts; anchor the key with ^ and $ if whole values are meant`,
      e.range,
    );
  }
}
