// Class definitions are most of a checkpoint's tree (6,200 of its 6,700 nodes on cavs-sdw.conf),
// and building objects only reads them. So a load that resumes from a checkpoint (prefixCache.ts)
// copies everything else and shares each `Class.<group>.<name>` node with the checkpoint, and with
// the runs before it, instead of copying it on every keystroke; what is computed from a class
// (tplg/classes.ts) is then kept across runs too. Classes holding IncludeByKey, CombineArrays or
// SubTreeCopy are copied as before: the stages before objects rewrite them in every run. Nothing
// enforces "read-only" for the others: a run may still write into one (a later definition merging
// into it, an IncludeByKey file redefining it). Such a run is right, as it would be with a copy of
// its own, but the class is no longer the checkpoint's: every shared node is compared with a
// snapshot taken when the checkpoint was first shared, and on any difference the checkpoint is
// spoiled (never resumed from again), the caller forgets what it computed from the classes, and
// the classes written are copied, not shared, from the next checkpoint of the same load on.
import type { SourceRange } from '../model';
import { ConfNode, ConfScalar, ConfType } from './node';
import type { Checkpoint } from './parser';

/** Node ids the stages before objects act on, wherever they are in the tree. */
const REWRITTEN = new Set(['IncludeByKey', 'CombineArrays', 'SubTreeCopy']);

interface Snapshot {
  /** `<group>.<name>` of the class the node is in. */
  cls: string;
  node: ConfNode;
  id: string;
  type: ConfType;
  value: ConfScalar | undefined;
  children: ConfNode[] | undefined;
  /** The children as they were (the array itself may be changed in place). */
  kids: ConfNode[] | undefined;
  join: boolean;
  consumed: boolean;
  range: SourceRange | undefined;
}

export class SharedClasses {
  /** The shared `Class.<group>.<name>` nodes. */
  readonly classes: ConfNode[] = [];
  private readonly snapshot: Snapshot[] = [];
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
        this.shares.add(cls);
        this.record(name, cls);
      }
    }
  }

  private record(cls: string, n: ConfNode): void {
    const kids = n.children;
    this.snapshot.push({ cls, node: n, id: n.id, type: n.type, value: n.value, children: kids, kids: kids?.slice(), join: n.join, consumed: n.consumed, range: n.range });
    if (kids) for (const k of kids) this.record(cls, k);
  }

  /**
   * A copy of the checkpoint's tree for one run: new nodes down to `Class.<group>`, the class
   * nodes themselves shared (their parent set to this copy's group, as a copy's would be).
   */
  copy(cpTree: ConfNode): ConfNode {
    const root = shallow(cpTree);
    for (const k of cpTree.kids) {
      const c = k.id === 'Class' && k.type === 'compound' ? this.copyClassRoot(k) : k.copy();
      c.parent = root;
      root.children!.push(c);
    }
    return root;
  }

  private copyClassRoot(classRoot: ConfNode): ConfNode {
    const r = shallow(classRoot);
    for (const group of classRoot.kids) {
      let g: ConfNode;
      if (group.type !== 'compound') g = group.copy();
      else {
        g = shallow(group);
        for (const cls of group.kids) {
          const c = this.shares.has(cls) ? cls : cls.copy();
          c.parent = g;
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
    for (const s of this.snapshot) {
      if (this.written.has(s.cls)) continue;
      const n = s.node;
      if (
        n.id !== s.id ||
        n.type !== s.type ||
        n.value !== s.value ||
        n.children !== s.children ||
        n.join !== s.join ||
        n.consumed !== s.consumed ||
        n.range !== s.range ||
        !sameKids(n.children, s.kids)
      ) {
        this.spoiled = true;
        this.written.add(s.cls);
      }
    }
    return !this.spoiled;
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

function sameKids(now: ConfNode[] | undefined, then: ConfNode[] | undefined): boolean {
  if (!now || !then) return now === then;
  if (now.length !== then.length) return false;
  for (let i = 0; i < now.length; i++) if (now[i] !== then[i]) return false;
  return true;
}

const byCheckpoint = new WeakMap<Checkpoint, SharedClasses>();

/** The classes a checkpoint shares with the loads that resume from it; `written` as for SharedClasses. */
export function sharedClassesOf(cp: Checkpoint, written: Set<string>): SharedClasses {
  let s = byCheckpoint.get(cp);
  if (!s) byCheckpoint.set(cp, (s = new SharedClasses(cp.tree, written)));
  return s;
}

export function isSpoiled(cp: Checkpoint): boolean {
  return !!byCheckpoint.get(cp)?.spoiled;
}
