// `Define` and `-D` (alsatplg pre_process_set_defines / pre_process_add_defines): -D text is ALSA
// conf, merged with override into the top-level Define, and re-applied after every IncludeByKey.
import { ConfNode, mergeConfig } from '../conf/node';
import { loadConfig } from '../conf/parser';
import { PPContext } from './context';
import { CLI_DEFINES_FILE } from './expand';

/** Parse the joined -D text; false when the reference rejects it. */
export function parseCliDefines(ctx: PPContext, text: string | undefined): boolean {
  if (text === undefined || text === '') return true;
  const root = ConfNode.compound('');
  const file = ctx.store.fromText(CLI_DEFINES_FILE, text);
  const before = ctx.diagnostics.length;
  const ok = loadConfig(root, [file], { configDir: ctx.configDir }, { ...ctx.load, files: [] });
  const errors = ctx.diagnostics.splice(before);
  if (!ok) {
    ctx.error('TPLG130', `Failed to load pre-processor command line definitions '${text}': ${errors.map((e) => e.message).join('; ')}`, errors.find((e) => e.range)?.range);
    return false;
  }
  for (const k of root.kids) {
    if (k.type === 'compound') {
      ctx.error('TPLG131', `-D ${k.id}={...}: compound -D values crash alsatplg (SIGSEGV)`, k.range);
      return false;
    }
  }
  ctx.cliDefines = root;
  return true;
}

/** pre_process_add_defines(from): merge `from`'s Define into the global one, then -D on top. */
export function addDefines(ctx: PPContext, from: ConfNode, isInput: boolean): 'ok' | 'missing' | 'error' {
  let defs = from.child('Define');
  if (!defs) {
    if (!(isInput && ctx.cliDefines)) return 'missing';
  } else if (defs.type !== 'compound') {
    ctx.error('TPLG132', 'Define must be a compound!', defs.range);
    return 'error';
  }
  if (isInput && defs) ctx.defineMerged = defs;
  if (!ctx.defineMerged) {
    ctx.defineMerged = ConfNode.compound('Define');
    ctx.input.append(ctx.defineMerged);
  }
  if (defs && ctx.defineMerged !== defs) mergeConfig(ctx.defineMerged, defs, true);
  if (ctx.cliDefines) mergeConfig(ctx.defineMerged, ctx.cliDefines.copy(), true);
  return 'ok';
}
