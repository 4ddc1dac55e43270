// A loaded ConfNode tree and its load diagnostics as plain JSON values, and back. Ranges are kept
// as (file index, offsets), so a rebuilt tree points into the same files as the one parsed.
import { ConfNode, type ConfType } from '../conf/node';
import { rangeOf, type SourceFile } from '../conf/files';
import type { Diagnostic, SourceRange } from '../model';

const TYPES: ConfType[] = ['compound', 'integer', 'integer64', 'real', 'string'];
const JOIN = 8;
/** Values per node in the flat pre-order list: id, type|join, value, file, offset, endOffset, children. */
const STRIDE = 7;

export type EncodedTree = Array<string | number | null>;
export type EncodedDiagnostic = [Diagnostic['severity'], string, string, number, number, number, number];

/** Thrown by decoders on input that is not what an encoder wrote. */
export class CorruptCache extends Error {}

/** Index of each file by path, for encoders. */
export type FileIndex = Map<string, number>;

function encodeRange(r: SourceRange | undefined, files: FileIndex): [number, number, number] | undefined {
  if (!r) return [-1, 0, 0];
  const f = files.get(r.file);
  return f === undefined ? undefined : [f, r.offset, r.endOffset];
}

/** The tree as a flat list, or undefined when a range points outside `files`. */
export function encodeTree(root: ConfNode, files: FileIndex): EncodedTree | undefined {
  const out: EncodedTree = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    const r = encodeRange(n.range, files);
    if (!r) return undefined;
    const kids = n.children;
    out.push(n.id, TYPES.indexOf(n.type) | (n.join ? JOIN : 0), encodeValue(n), r[0], r[1], r[2], kids ? kids.length : -1);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

// JSON has no bigint, NaN, Infinity or -0: those go as strings.
function encodeValue(n: ConfNode): string | number | null {
  switch (n.type) {
    case 'compound':
      return null;
    case 'integer':
      return n.value as number;
    case 'integer64':
      return String(n.value);
    case 'real':
      return Object.is(n.value, -0) ? '-0' : String(n.value);
    case 'string':
      return n.value as string;
  }
}

export function decodeTree(data: unknown, files: SourceFile[]): ConfNode {
  if (!Array.isArray(data) || data.length % STRIDE !== 0 || data.length === 0) throw new CorruptCache('tree');
  const a = data as EncodedTree;
  let i = 0;
  const node = (): ConfNode => {
    const id = a[i];
    const code = a[i + 1];
    const value = a[i + 2];
    const file = a[i + 3];
    const kids = a[i + 6];
    if (typeof id !== 'string' || typeof code !== 'number' || typeof kids !== 'number' || typeof file !== 'number') throw new CorruptCache('node');
    const type = TYPES[code & ~JOIN];
    if (!type || (type === 'compound') !== kids >= 0) throw new CorruptCache('node type');
    const range = file < 0 ? undefined : rangeOf(fileAt(files, file), a[i + 4] as number, a[i + 5] as number);
    const n = new ConfNode(id, type, decodeValue(type, value), range);
    if (code & JOIN) n.join = true;
    i += STRIDE;
    if (kids > 0) {
      const children = new Array<ConfNode>(kids);
      for (let k = 0; k < kids; k++) {
        if (i >= a.length) throw new CorruptCache('children');
        const c = node();
        c.parent = n;
        children[k] = c;
      }
      n.children = children;
    }
    return n;
  };
  const root = node();
  if (i !== a.length) throw new CorruptCache('trailing nodes');
  return root;
}

function decodeValue(type: ConfType, v: unknown): number | bigint | string | undefined {
  switch (type) {
    case 'compound':
      return undefined;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new CorruptCache('integer');
      return v;
    case 'integer64':
      if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new CorruptCache('integer64');
      return BigInt(v);
    case 'real':
      if (typeof v !== 'string') throw new CorruptCache('real');
      return Number(v);
    case 'string':
      if (typeof v !== 'string') throw new CorruptCache('string');
      return v;
  }
}

function fileAt(files: SourceFile[], i: number): SourceFile {
  const f = files[i];
  if (!f) throw new CorruptCache('file index');
  return f;
}

/** Load diagnostics have a message and a range only; anything richer is not cached (undefined). */
export function encodeDiagnostics(list: Diagnostic[], files: FileIndex): EncodedDiagnostic[] | undefined {
  const out: EncodedDiagnostic[] = [];
  for (const d of list) {
    if (d.related || d.fixes) return undefined;
    const r = encodeRange(d.range, files);
    if (!r) return undefined;
    out.push([d.severity, d.code, d.message, d.fatalInReference === undefined ? -1 : d.fatalInReference ? 1 : 0, ...r]);
  }
  return out;
}

export function decodeDiagnostics(data: unknown, files: SourceFile[]): Diagnostic[] {
  if (!Array.isArray(data)) throw new CorruptCache('diagnostics');
  return data.map((e: unknown) => {
    if (!Array.isArray(e) || e.length !== 7) throw new CorruptCache('diagnostic');
    const [severity, code, message, fatal, file, offset, endOffset] = e as unknown[];
    if ((severity !== 'error' && severity !== 'warning' && severity !== 'info') || typeof code !== 'string' || typeof message !== 'string') throw new CorruptCache('diagnostic');
    const d: Diagnostic = { severity, code, message };
    if (typeof file === 'number' && file >= 0) d.range = rangeOf(fileAt(files, file), offset as number, endOffset as number);
    if (fatal === 0 || fatal === 1) d.fatalInReference = fatal === 1;
    return d;
  });
}
