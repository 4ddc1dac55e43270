// CombineArrays (alsatplg pre_process_arrays): cartesian products of attribute arrays become
// objects. The loop is reproduced as the reference runs it, including its counter quirks.
import { ConfNode, mergeConfig } from '../conf/node';
import { PPContext, PPError } from './context';

export function processAllArrays(ctx: PPContext, top: ConfNode): boolean {
  if (top.type !== 'compound') return true;
  const arrays = top.child('CombineArrays');
  if (arrays) {
    try {
      arrayItem(top, arrays);
    } catch (e) {
      if (!(e instanceof PPError)) throw e;
      ctx.error(e.code, e.message, e.range);
      return false;
    }
    arrays.remove();
  }
  for (let i = 0; i < top.kids.length; i++) if (!processAllArrays(ctx, top.kids[i])) return false;
  return true;
}

/** pre_process_array_item: follows only the first non-array child at each level. */
function arrayItem(top: ConfNode, array: ConfNode): void {
  if (array.type !== 'compound') return;
  for (const n of array.kids.slice()) {
    let target = top.search(n.id);
    if (!target) {
      target = ConfNode.compound(n.id, n.range);
      top.append(target);
    }
    if (n.type !== 'compound' || n.arrayLength() === 0) {
      arrayItem(target, n);
      return;
    }
    // One counter runs across the elements: a later element's ids continue where the previous
    // one stopped, so they are not an array and merge by id into what is there (pp/ca4.conf).
    let count = 0;
    for (const element of n.kids) {
      const local = ConfNode.compound(n.id);
      count = createItems(element, local, count);
      mergeConfig(target, local, false);
    }
  }
}

/** pre_process_create_items: one element's attribute arrays expanded into objects; returns the counter. */
function createItems(element: ConfNode, top: ConfNode, offset: number): number {
  let attrCount = 0;
  let count = offset;
  for (const attr of element.kids) {
    // The counter restarts for every child, scalars included (pre-processor.c:693-812).
    count = offset;
    if (attr.type !== 'compound') continue;
    const local = ConfNode.compound(top.id);
    for (const v of attr.kids) {
      let value: ConfNode;
      if (v.type === 'integer') value = new ConfNode(attr.id, 'integer', v.value, v.range);
      else if (v.type === 'string') value = new ConfNode(attr.id, 'string', v.value, v.range);
      else throw new PPError('TPLG170', `CombineArrays values of ${attr.id} must be integers or strings`, v.range);
      if (attrCount === 0) {
        const o = ConfNode.compound(String(count++), v.range);
        o.append(value);
        local.append(o);
        continue;
      }
      for (const existing of top.kids) {
        const o = existing.copy();
        o.id = String(count++);
        if (!local.add(o)) throw new PPError('TPLG171', `failed to add objects of type ${top.id}`, v.range);
        if (!o.add(value.copy())) throw new PPError('TPLG171', `attribute ${attr.id} given twice in CombineArrays of ${top.id}`, v.range);
      }
    }
    top.substitute(local);
    attrCount++;
  }
  return count;
}
