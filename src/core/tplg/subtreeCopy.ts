// SubTreeCopy (alsatplg pre_process_subtree_copies): copy a subtree, merge `tree` over it, merge
// the result into the target. Pre-order and document-order dependent, like the reference.
import { ConfNode, mergeConfig } from '../conf/node';
import { loadConfig } from '../conf/parser';
import { PPContext } from './context';

export function processAllSubtreeCopies(ctx: PPContext, top: ConfNode, curr: ConfNode, depth = 0): boolean {
  if (curr.type !== 'compound') return true;
  if (depth > ctx.limits.maxNestingDepth) {
    ctx.limitError('TPLG186', `SubTreeCopy made the tree deeper than ${ctx.limits.maxNestingDepth} levels (limit maxNestingDepth): does a copy contain the SubTreeCopy that made it?`, curr.range);
    return false;
  }
  if (!subtreeCopy(ctx, curr, top)) return false;
  for (let i = 0; i < curr.kids.length; i++) if (!processAllSubtreeCopies(ctx, top, curr.kids[i], depth + 1)) return false;
  return true;
}

function subtreeCopy(ctx: PPContext, curr: ConfNode, top: ConfNode): boolean {
  const subtrees = curr.child('SubTreeCopy');
  if (!subtrees || subtrees.type !== 'compound') return true;
  // snd_config_for_each reads the next entry before processing this one, so an entry merged in
  // while the last one is processed (from a source whose own SubTreeCopy is not done yet) is
  // never processed: it is deleted with the rest below (pp/stc.conf).
  let next = subtrees.kids[0];
  while (next) {
    const n = next;
    next = subtrees.kids[subtrees.kids.indexOf(n) + 1];
    let override = false;
    const type = n.search('type');
    if (type && type.type === 'string') {
      if (type.value !== 'override' && type.value !== 'extend') {
        ctx.warn('TPLG180', `Invalid value for sub tree copy type ${type.value as string}: alsatplg silently skips this and the remaining SubTreeCopy entries here (use "extend" or "override")`, type.range);
        return true;
      }
      override = type.value === 'override';
    }
    const source = n.search('source');
    if (!source) {
      ctx.error('TPLG181', `failed to get source config for subtree ${n.id}`, n.range);
      return false;
    }
    let target = curr;
    const t = n.search('target');
    if (t) {
      if (t.type !== 'string') {
        ctx.error('TPLG182', `Invalid target id for subtree ${n.id}`, t.range);
        return false;
      }
      const tmp = ConfNode.compound('');
      const file = ctx.store.fromText(`<SubTreeCopy target ${n.id}>`, `${t.value as string} {}`);
      if (!loadConfig(tmp, [file], { configDir: ctx.configDir }, { ...ctx.load, files: [] })) {
        ctx.error('TPLG182', `Cannot create temp node with target id ${t.value as string}`, t.range);
        return false;
      }
      mergeConfig(top, tmp, false);
      const found = top.search(t.value as string);
      if (!found) {
        ctx.error('TPLG182', `failed to get target tree ${t.value as string}`, t.range);
        return false;
      }
      target = found;
    }
    if (source.type !== 'string') {
      ctx.error('TPLG183', `Invalid source node id for subtree ${n.id}`, source.range);
      return false;
    }
    const src = top.search(source.value as string);
    if (!src) {
      ctx.error('TPLG183', `failed to get source tree ${source.value as string} for SubTreeCopy.${n.id}`, source.range);
      return false;
    }
    if (target !== src && contains(src, curr) && contains(src, target)) {
      ctx.error('TPLG186', `SubTreeCopy.${n.id} copies ${source.value as string} into itself, SubTreeCopy included: every copy holds another one to process, so alsatplg recurses until it crashes`, source.range);
      return false;
    }
    const pending = src.child('SubTreeCopy');
    if (pending && pending.type === 'compound') {
      ctx.warn(
        'TPLG184',
        `SubTreeCopy.${n.id} copies ${source.value as string} before its own SubTreeCopy (${pending.kids.map((k) => k.id).join(', ')}) is processed, so it copies the unexpanded SubTreeCopy instead of its result (alsatplg then drops it): copies run in document order, so write ${source.value as string} before the class that copies it`,
        source.range,
      );
    }
    const copy = src.copy();
    mergeConfig(copy, n.search('tree'), override);
    mergeConfig(target, copy, override);
    if (curr.type !== 'compound') {
      // A scalar `tree` turns the copy into a value that replaces `curr`, SubTreeCopy and all.
      ctx.error('TPLG185', `SubTreeCopy.${n.id} replaces ${curr.id} with a value, deleting the SubTreeCopy being processed (alsatplg then reads freed memory): make tree a compound`, n.range);
      return false;
    }
  }
  subtrees.remove();
  return true;
}

/** `n` is `a` or below it. */
function contains(a: ConfNode, n: ConfNode): boolean {
  for (let p: ConfNode | undefined = n; p; p = p.parent) if (p === a) return true;
  return false;
}
