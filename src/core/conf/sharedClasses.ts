// Class definitions are most of a loaded tree (6,200 of the 6,700 nodes a checkpoint of
// cavs-sdw.conf holds), and building objects only reads them. So the trees kept between runs (a
// checkpoint, prefixCache.ts; a remembered load, loadCache.ts) share each `Class.<group>.<name>`
// node with the run that kept them and with every run that starts from them, instead of copying
// it each time; what is computed from a class (tplg/classes.ts) is then kept across runs too.
// Classes holding IncludeByKey, CombineArrays or SubTreeCopy are copied as before: the stages
// before objects rewrite them in every run. Nothing enforces "read-only" for the others: a run may
// still write into one (a later definition merging into it, an IncludeByKey file redefining it).
// Such a run is right, as it would be with a copy of its own, but the kept tree is not: every
// shared node is compared with a record taken when the tree was kept, and on any difference the
// kept tree is spoiled (never used again), the caller forgets what it computed from the classes,
// and the classes written are copied, not shared, in the trees kept for that load from then on.
import type { SourceRange } from '../model';
import { ConfNode, ConfScalar, ConfType } from './node';

/** Node ids the stages before objects act on, wherever they are in the tree. */
const REWRITTEN = new Set(['IncludeByKey', 'CombineArrays', 'SubTreeCopy']);

/** A node's `join` and `consumed` in one number. */
function flags(n: ConfNode): number {
  return (n.join ? 2 : 0) | (n.consumed ? 1 : 0);
}

export class SharedClasses {
  /** The shared `Class.<group>.<name>` nodes. */
  readonly classes: ConfNode[] = [];
  /** `<group>.<name>` of each shared class. */
  private readonly names: string[] = [];
  /**
   * Every node of the shared classes, depth first, with what a run could change in it. A walk in
   * the same order meets the same nodes while no child was added, removed or replaced.
   */
  private readonly nodes: ConfNode[] = [];
  private readonly ids: string[] = [];
  private readonly values: (ConfScalar | undefined)[] = [];
  private readonly ranges: (SourceRange | undefined)[] = [];
  private readonly types: ConfType[] = [];
  private readonly flags: number[] = [];
  /** Where each class's nodes end in those lists. */
  private readonly ends: number[] = [];
  /** A run wrote into a shared class: the checkpoint no longer describes its files. */
  spoiled = false;

  private readonly shares = new Set<ConfNode>();

  /** `written`: classes (`<group>.<name>`) earlier runs of this load wrote into; it learns new ones. */
  constructor(
    cpTree: ConfNode,
    private readonly written: Set<string>,
  ) {
    const classRoot = cpTree.child('Class');
    for (const group of classRoot?.type === 'compound' ? classRoot.kids : []) {
      if (group.type !== 'compound') continue;
      for (const cls of group.kids) {
        const name = `${group.id}.${cls.id}`;
        if (cls.type !== 'compound' || written.has(name) || rewritten(cls)) continue;
        this.classes.push(cls);
        this.names.push(name);
        this.shares.add(cls);
        this.record(cls);
        this.ends.push(this.nodes.length);
      }
    }
  }

  private record(n: ConfNode): void {
    this.nodes.push(n);
    this.ids.push(n.id);
    this.values.push(n.value);
    this.ranges.push(n.range);
    this.types.push(n.type);
    this.flags.push(flags(n));
    if (n.children) for (const k of n.children) this.record(k);
  }

  /**
   * A copy of a tree holding the shared classes: new nodes down to `Class.<group>`, the shared
   * class nodes themselves not copied. A run's copy (`reparent`) sets their parent to its group,
   * as a copy's would be; a kept tree, only ever copied from, leaves them to the run using them.
   */
  copy(cpTree: ConfNode, reparent = true): ConfNode {
    const root = shallow(cpTree);
    for (const k of cpTree.kids) {
      const c = k.id === 'Class' && k.type === 'compound' ? this.copyClassRoot(k, reparent) : k.copy();
      c.parent = root;
      root.children!.push(c);
    }
    return root;
  }

  private copyClassRoot(classRoot: ConfNode, reparent: boolean): ConfNode {
    const r = shallow(classRoot);
    for (const group of classRoot.kids) {
      let g: ConfNode;
      if (group.type !== 'compound') g = group.copy();
      else {
        g = shallow(group);
        for (const cls of group.kids) {
          const isShared = this.shares.has(cls);
          const c = isShared ? cls : cls.copy();
          if (!isShared || reparent) c.parent = g;
          g.children!.push(c);
        }
      }
      g.parent = r;
      r.children!.push(g);
    }
    return r;
  }

  /** Whether every shared node is as the checkpoint left it; if not, the checkpoint is spoiled. */
  intact(): boolean {
    if (this.spoiled) return false;
    let start = 0;
    for (let c = 0; c < this.classes.length; c++) {
      const end = this.ends[c];
      if (this.same(this.classes[c], start, end) !== end) {
        this.spoiled = true;
        this.written.add(this.names[c]);
      }
      start = end;
    }
    return !this.spoiled;
  }

  /** Walks `n` against the lists from `at`: where its subtree ends there, or -1 on a difference. */
  private same(n: ConfNode, at: number, end: number): number {
    if (at >= end || this.nodes[at] !== n || this.ids[at] !== n.id || this.values[at] !== n.value || this.ranges[at] !== n.range || this.types[at] !== n.type || this.flags[at] !== flags(n)) return -1;
    let i = at + 1;
    if (n.children) {
      for (const k of n.children) {
        i = this.same(k, i, end);
        if (i < 0) return -1;
      }
    }
    return i;
  }
}

function rewritten(n: ConfNode): boolean {
  if (REWRITTEN.has(n.id)) return true;
  if (n.children) for (const k of n.children) if (rewritten(k)) return true;
  return false;
}

function shallow(n: ConfNode): ConfNode {
  const c = new ConfNode(n.id, n.type, n.value, n.range);
  c.join = n.join;
  return c;
}

const byTree = new WeakMap<ConfNode, SharedClasses>();

/** A kept tree (a checkpoint's, a remembered load's) shares `shared`'s classes. */
export function shareWith(tree: ConfNode, shared: SharedClasses): void {
  byTree.set(tree, shared);
}

export function sharedOf(tree: ConfNode): SharedClasses | undefined {
  return byTree.get(tree);
}
