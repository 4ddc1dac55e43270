// The topology 2.0 pre-processor pipeline (alsatplg pre_process): load, Define/-D,
// IncludeByKey, CombineArrays, SubTreeCopy, then objects, producing the `-P` output tree.
import { FileStore, SourceFile, rangeOf } from '../conf/files';
import { LoadContext } from '../conf/parser';
import { Loaded, loadCached } from '../conf/loadCache';
import { DEFAULT_LIMITS, Limits, PPContext, type CancelCheck } from './context';
import { addDefines, parseCliDefines } from './defines';
import { processAllIncludes } from './includeByKey';
import { processAllArrays } from './combineArrays';
import { processAllSubtreeCopies } from './subtreeCopy';
import { buildGroup } from './object';
import { forgetClassInfo } from './classes';

export interface PreprocessInput {
  /** Read as one input, in order (the SOF build prepends the ABI header to the top file). */
  roots: SourceFile[];
  store: FileStore;
  configDir: string;
  incPath: string;
  defines?: string;
  limits?: Partial<Limits>;
  isCancelled?: CancelCheck;
}

export interface PreprocessOutput {
  ctx: PPContext;
  /** False when the reference compiler would have failed. */
  ok: boolean;
}

export function preprocess(p: PreprocessInput): PreprocessOutput {
  const load: LoadContext = { store: p.store, diagnostics: [], files: [] };
  const limits = { ...DEFAULT_LIMITS, ...p.limits };
  const loaded = loadCached(p.roots, { configDir: p.configDir, maxIncludeDepth: limits.maxIncludeDepth, maxNestingDepth: limits.maxNestingDepth }, load);
  const ctx = new PPContext(loaded.tree, p.store, load, p.incPath, p.configDir, limits, p.isCancelled);
  if (!loaded.ok) ctx.fatal = true;
  try {
    ctx.checkCancelled();
    return evaluate(ctx, p, loaded);
  } finally {
    // Building objects only reads classes, but whatever this run wrote into a class it shares
    // with a checkpoint (on any path out), the next run must not share it again.
    loaded.shared?.intact();
  }
}

function evaluate(ctx: PPContext, p: PreprocessInput, loaded: Loaded): PreprocessOutput {
  const input = loaded.tree;
  if (!parseCliDefines(ctx, p.defines)) return { ctx, ok: false };
  const d = addDefines(ctx, input, true);
  if (d === 'missing') {
    const top = p.roots[p.roots.length - 1];
    ctx.error('TPLG133', 'Failed to parse arguments in input config: the top-level file has no Define { } block and no -D was given', rangeOf(top, 0, 0));
    return { ctx, ok: false };
  }
  if (d === 'error') return { ctx, ok: false };
  if (!processAllIncludes(ctx, input)) return { ctx, ok: false };
  ctx.checkCancelled();
  if (!processAllArrays(ctx, input)) return { ctx, ok: false };
  if (!processAllSubtreeCopies(ctx, input, input)) return { ctx, ok: false };
  // Classes shared with the checkpoint carry what earlier runs computed from them: if this run
  // wrote into one, that is stale, and the checkpoint is spoiled for the runs after it.
  if (loaded.shared && !loaded.shared.intact()) for (const c of loaded.shared.classes) forgetClassInfo(c);
  const objects = input.child('Object');
  if (objects) {
    if (objects.type !== 'compound') ctx.error('TPLG100', 'compound type expected for Object', objects.range);
    else {
      for (const g of objects.kids) {
        if (g.type !== 'compound') {
          ctx.error('TPLG100', `compound type expected for ${g.id}`, g.range);
          continue;
        }
        buildGroup(ctx, g, undefined, false);
      }
    }
  }
  for (const k of input.kids) {
    if (k.id.startsWith('Section')) {
      ctx.warn('TPLG134', `${k.id} is topology 1.0 syntax: alsatplg drops raw Section* nodes from a topology 2.0 input`, k.range);
    }
  }
  return { ctx, ok: !ctx.fatal };
}
