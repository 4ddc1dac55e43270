// The ALSA configuration tree (alsa-lib's snd_config_t) with the exact merge, copy and search
// semantics the reference compiler relies on. Every node remembers where it was written so later
// stages can say where a value came from.
import type { SourceRange } from '../model';

export type ConfType = 'compound' | 'integer' | 'integer64' | 'real' | 'string';
export type ConfScalar = number | bigint | string;

/** Children lists longer than this get an id index; the reference scans linearly. */
const INDEX_THRESHOLD = 12;

export class ConfNode {
  id: string;
  type: ConfType;
  /** integer: number (int32 range), integer64: bigint, real: number, string: string. */
  value: ConfScalar | undefined;
  children: ConfNode[] | undefined;
  parent: ConfNode | undefined;
  /** Created by a dotted path (`a.b c`); saved back in joined form. */
  join = false;
  /**
   * An attribute a child inherited or a `$` reference read (for unused-attribute warnings). Only
   * nodes of a run's own tree are marked, and copies start unmarked: a flag costs less than a set.
   */
  consumed = false;
  /** Where the value (scalars) or the opening of the node (compounds) was written. */
  range: SourceRange | undefined;
  private index: Map<string, ConfNode> | undefined;

  constructor(id: string, type: ConfType, value?: ConfScalar, range?: SourceRange) {
    this.id = id;
    this.type = type;
    this.value = value;
    this.range = range;
    if (type === 'compound') this.children = [];
  }

  static compound(id: string, range?: SourceRange): ConfNode {
    return new ConfNode(id, 'compound', undefined, range);
  }

  static integer(id: string, v: number | bigint, range?: SourceRange): ConfNode {
    if (typeof v === 'bigint') {
      if (v > 2147483647n || v < -2147483648n) return new ConfNode(id, 'integer64', v, range);
      return new ConfNode(id, 'integer', Number(v), range);
    }
    if (v > 2147483647 || v < -2147483648) return new ConfNode(id, 'integer64', BigInt(v), range);
    return new ConfNode(id, 'integer', v, range);
  }

  static string(id: string, s: string, range?: SourceRange): ConfNode {
    return new ConfNode(id, 'string', s, range);
  }

  get isCompound(): boolean {
    return this.type === 'compound';
  }

  get kids(): ConfNode[] {
    return this.children ?? [];
  }

  /** Direct child by exact id (tplg_find_config / _snd_config_search). */
  child(id: string): ConfNode | undefined {
    const kids = this.children;
    if (!kids) return undefined;
    if (kids.length <= INDEX_THRESHOLD) {
      for (const k of kids) if (k.id === id) return k;
      return undefined;
    }
    if (!this.index) {
      this.index = new Map();
      for (const k of kids) if (!this.index.has(k.id)) this.index.set(k.id, k);
    }
    return this.index.get(id);
  }

  /** snd_config_search: a dotted path, each component a direct child of a compound. */
  search(path: string): ConfNode | undefined {
    if (path.indexOf('.') < 0) return this.type === 'compound' ? this.child(path) : undefined;
    let n: ConfNode | undefined = this;
    let start = 0;
    for (;;) {
      if (!n || n.type !== 'compound') return undefined;
      const dot = path.indexOf('.', start);
      const part = dot < 0 ? path.slice(start) : path.slice(start, dot);
      n = n.child(part);
      if (dot < 0) return n;
      start = dot + 1;
    }
  }

  /**
   * search(`a.b.c.d`) for up to four parts, without building the path string: hot lookups join
   * names that rarely hold dots. A part that does is searched as a path itself, which is the same.
   */
  searchPath(a: string, b: string, c?: string, d?: string): ConfNode | undefined {
    let n = this.step(a);
    if (n) n = n.step(b);
    if (n && c !== undefined) n = n.step(c);
    if (n && d !== undefined) n = n.step(d);
    return n;
  }

  private step(part: string): ConfNode | undefined {
    if (part.indexOf('.') >= 0) return this.search(part);
    return this.type === 'compound' ? this.child(part) : undefined;
  }

  /** snd_config_add: append unless a child with the same id exists. */
  add(child: ConfNode): boolean {
    if (this.child(child.id)) return false;
    this.append(child);
    return true;
  }

  /** Append without the duplicate check (list_add_tail). */
  append(child: ConfNode): void {
    child.parent = this;
    this.children!.push(child);
    if (this.index && !this.index.has(child.id)) this.index.set(child.id, child);
  }

  /** snd_config_add_before(this.children[0], child): prepend unless the id exists. */
  prepend(child: ConfNode): boolean {
    if (this.child(child.id)) return false;
    child.parent = this;
    this.children!.unshift(child);
    if (this.index) this.index.set(child.id, child);
    return true;
  }

  /** snd_config_remove. */
  remove(): void {
    const p = this.parent;
    if (!p) return;
    const i = p.children!.indexOf(this);
    if (i >= 0) p.children!.splice(i, 1);
    p.index = undefined;
    this.parent = undefined;
  }

  setId(id: string): void {
    this.id = id;
    if (this.parent) this.parent.index = undefined;
  }

  /** Make this node a copy of `src`'s type and value, keeping its place (snd_config_substitute). */
  substitute(src: ConfNode): void {
    src.remove();
    if (this.parent && this.id !== src.id) this.parent.index = undefined;
    this.id = src.id;
    this.type = src.type;
    this.value = src.value;
    this.join = src.join;
    this.range = src.range;
    this.index = undefined;
    if (src.children) {
      this.children = src.children;
      for (const k of this.children) k.parent = this;
    } else {
      this.children = undefined;
    }
  }

  /** Deep copy (snd_config_copy). */
  copy(): ConfNode {
    const n = new ConfNode(this.id, this.type, this.value, this.range);
    n.join = this.join;
    if (this.children) {
      const kids = new Array<ConfNode>(this.children.length);
      for (let i = 0; i < kids.length; i++) {
        const c = this.children[i].copy();
        c.parent = n;
        kids[i] = c;
      }
      n.children = kids;
    }
    return n;
  }

  /**
   * A copy whose scalar children are new nodes and whose compound children are shared with this
   * one. Building an object changes only its own scalars and id, so the nested objects it holds
   * need not be copied again at every level.
   */
  copyScalars(): ConfNode {
    const n = new ConfNode(this.id, this.type, this.value, this.range);
    n.join = this.join;
    if (this.children) {
      const kids = new Array<ConfNode>(this.children.length);
      for (let i = 0; i < kids.length; i++) {
        const k = this.children[i];
        if (k.type === 'compound') kids[i] = k;
        else {
          const c = new ConfNode(k.id, k.type, k.value, k.range);
          c.parent = n;
          kids[i] = c;
        }
      }
      n.children = kids;
    }
    return n;
  }

  /** snd_config_is_array: child ids are exactly 0..n-1 in order; returns the count or 0. */
  arrayLength(): number {
    const kids = this.children;
    if (!kids) return 0;
    for (let i = 0; i < kids.length; i++) if (!isArrayItem(kids[i].id, i)) return 0;
    return kids.length;
  }

  /** String value, or undefined for other types (snd_config_get_string). */
  str(): string | undefined {
    return this.type === 'string' ? (this.value as string) : undefined;
  }

  /** Integer value as a JS number (snd_config_get_integer accepts only INTEGER). */
  int(): number | undefined {
    return this.type === 'integer' ? (this.value as number) : undefined;
  }
}

function isArrayItem(id: string, index: number): boolean {
  if (id.length === 0) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  // safe_strtol uses base 0: a leading zero means octal, and "08" fails to parse.
  let v: number;
  if (id.length > 1 && id[0] === '0') {
    if (/[89]/.test(id)) return false;
    v = parseInt(id, 8);
  } else {
    v = parseInt(id, 10);
  }
  return v === index;
}

/**
 * snd_config_merge(dst, src, override): `src` is consumed. Arrays append and renumber; matching
 * ids merge recursively when both are compounds and override is off, otherwise `src` replaces.
 */
export function mergeConfig(dst: ConfNode, src: ConfNode | undefined, override: boolean): void {
  if (!src) return;
  if (dst.type !== 'compound' || src.type !== 'compound') {
    dst.substitute(src);
    return;
  }
  const dstArray = dst.arrayLength();
  if (dstArray && src.arrayLength()) {
    let index = dstArray;
    for (const sn of src.children!.slice()) {
      sn.parent = undefined;
      sn.id = String(index++);
      dst.append(sn);
    }
    src.children = [];
    src.remove();
    return;
  }
  for (const sn of src.children!.slice()) {
    const dn = dst.child(sn.id);
    if (dn) {
      if (override || sn.type !== 'compound' || dn.type !== 'compound') dn.substitute(sn);
      else mergeConfig(dn, sn, false);
    } else {
      sn.parent = undefined;
      dst.append(sn);
    }
  }
  src.children = [];
  src.remove();
}

/** The first child of a compound (snd_config_iterator_first). */
export function firstChild(n: ConfNode): ConfNode | undefined {
  return n.children && n.children.length ? n.children[0] : undefined;
}
