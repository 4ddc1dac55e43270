// Loads ALSA configuration text into a ConfNode tree the way alsa-lib's snd_config_load does:
// parse-time merge rules, mode prefixes, arrays, and `<...>` includes resolved through search
// directories. Unlike the reference it never stops at the first error: it records a diagnostic
// (marked fatal when the reference would fail) and recovers, so editors get a full picture.
import * as path from 'node:path';
import type { Diagnostic, SourceRange } from '../model';
import { ConfNode } from './node';
import { FileStore, SourceFile, rangeOf } from './files';
import { Tok, Token } from './lexer';
import { parseNumber, smallDecimal, TypedNumber } from './number';

export interface LoadOptions {
  /** `$ALSA_CONFIG_DIR`: prefix for `searchdir:`/`confdir:` and the outermost search path. */
  configDir: string;
  /** Maximum include nesting; the reference has none and dies on cycles. */
  maxIncludeDepth?: number;
  /** Maximum depth of `{ }`/`[ ]` blocks and dotted key components; the reference has none. */
  maxNestingDepth?: number;
}

export const DEFAULT_MAX_NESTING_DEPTH = 256;

/** Errors in one load before the parser gives up: a binary or garbled file is not worth 100k of them. */
const MAX_LOAD_ERRORS = 1000;

/**
 * The parse state right before the first token of the last root that is not a `<...>` directive,
 * when the parser stands at top level there without errors: what the other roots and the leading
 * includes built. A later load whose input starts the same way resumes from it (loadCache.ts).
 */
export interface Checkpoint {
  /**
   * Handed to `take` as the tree being loaded, which goes on changing: the taker keeps a copy.
   * Never handed out once kept: a resume parses into a copy.
   */
  tree: ConfNode;
  /** Index of that token in the last root. */
  pos: number;
  /** Search directories the top level had added by then. */
  dirs: string[];
  files: string[];
  diagnostics: Diagnostic[];
}

export interface CheckpointHooks {
  resume?: Checkpoint;
  take?: (cp: Checkpoint) => void;
}

export interface LoadContext {
  store: FileStore;
  diagnostics: Diagnostic[];
  /** Every file opened, in first-open order. */
  files: string[];
}

interface PToken extends Token {
  file: SourceFile;
  /**
   * Tokens live as long as their scanned file (the store keeps it between runs), so what the
   * parser derives from one is kept on it: its range, the parts of a dotted key, the word after a
   * mode character. Each run would otherwise allocate them anew for every definition it reads.
   */
  range?: SourceRange;
  key?: { id: string; token: PToken; dot?: PToken; rest?: PToken };
  unmoded?: PToken;
}

interface Frame {
  segments: SourceFile[];
  seg: number;
  pos: number;
  dirs: string[];
  /** The include directive that opened this frame. */
  via?: SourceRange;
}

class LoadError extends Error {
  constructor(
    message: string,
    readonly range: SourceRange | undefined,
    readonly code: string,
    /** False for our own limits, which the reference does not have. */
    readonly inReference = true,
  ) {
    super(message);
  }
}

const MODE_CREATE = 0;
const MODE_MERGE = 1;
const MODE_OVERRIDE = 2;
const MODE_KEEP = 3;

class TokenStream {
  private readonly frames: Frame[];
  private readonly pushed: PToken[] = [];
  /** Last token handed out, for end-of-file positions. */
  last: PToken | undefined;
  /** Set to give up on the input: the stream then reads as ended. */
  stopped = false;

  constructor(
    roots: SourceFile[],
    private readonly opts: LoadOptions,
    private readonly ctx: LoadContext,
    private readonly onError: (e: LoadError) => void,
    resume?: Checkpoint,
  ) {
    this.frames = resume
      ? [{ segments: roots, seg: roots.length - 1, pos: resume.pos, dirs: resume.dirs.slice() }]
      : [{ segments: roots, seg: 0, pos: 0, dirs: [opts.configDir] }];
  }

  /** Whether `t`, just peeked, is token `pos` of the last root read at top level with nothing else pending. */
  peekedAt(t: PToken, pos: number): boolean {
    const f = this.frames[0];
    return this.frames.length === 1 && this.pushed.length === 1 && f.seg === f.segments.length - 1 && f.pos === pos + 1 && f.segments[f.seg].scan.tokens[pos] === t;
  }

  rootDirs(): string[] {
    return this.frames[0].dirs.slice();
  }

  pushBack(t: PToken): void {
    this.pushed.push(t);
  }

  next(): PToken | undefined {
    if (this.stopped) return undefined;
    const p = this.pushed.pop();
    if (p) return (this.last = p);
    for (;;) {
      const f = this.frames[this.frames.length - 1];
      const file = f.segments[f.seg];
      if (!file) return undefined;
      if (f.pos >= file.scan.tokens.length) {
        if (f.seg + 1 < f.segments.length) {
          f.seg++;
          f.pos = 0;
          continue;
        }
        if (this.frames.length === 1) return undefined;
        this.frames.pop();
        continue;
      }
      const t = file.scan.tokens[f.pos++] as PToken;
      if (t.kind === Tok.Include) {
        this.include(t, file, f);
        continue;
      }
      return (this.last = t);
    }
  }

  peek(): PToken | undefined {
    const t = this.next();
    if (t) this.pushBack(t);
    return t;
  }

  private include(t: Token, file: SourceFile, frame: Frame): void {
    const range = rangeOf(file, t.start, t.end);
    const spec = t.text;
    if (spec.startsWith('searchdir:')) {
      const dir = configPath(this.opts.configDir, spec.slice(10));
      if (!this.ctx.store.host.isDirectory(dir)) {
        this.onError(new LoadError(`Invalid search dir ${dir}`, range, 'TPLG005'));
        return;
      }
      frame.dirs.push(dir);
      return;
    }
    let resolved: SourceFile | undefined;
    let tried: string[] = [];
    if (spec.startsWith('confdir:')) {
      const p = configPath(this.opts.configDir, spec.slice(8));
      tried = [p];
      resolved = this.ctx.store.get(p);
    } else if (spec.startsWith('/')) {
      tried = [spec];
      resolved = this.ctx.store.get(spec);
    } else {
      for (let i = this.frames.length - 1; i >= 0 && !resolved; i--) {
        for (const d of this.frames[i].dirs) {
          const p = d + '/' + spec;
          tried.push(p);
          resolved = this.ctx.store.get(p);
          if (resolved) break;
        }
      }
    }
    const tooLarge = resolved ? undefined : tried.map((p) => this.ctx.store.tooLarge(p)).find((m) => m);
    if (tooLarge) {
      this.onError(new LoadError(tooLarge, range, 'TPLG010', false));
      return;
    }
    if (!resolved) {
      this.onError(
        new LoadError(
          `Cannot access file ${spec} (searched: ${tried.join(', ') || 'no search directories'})`,
          range,
          'TPLG004',
        ),
      );
      return;
    }
    if (this.frames.some((fr) => fr.segments.some((s) => s.path === resolved!.path))) {
      this.onError(new LoadError(`Include cycle: ${spec} is already being read`, range, 'TPLG006'));
      return;
    }
    if (this.frames.length > (this.opts.maxIncludeDepth ?? 64)) {
      this.onError(new LoadError(`Includes nested deeper than ${this.opts.maxIncludeDepth ?? 64} levels`, range, 'TPLG007'));
      return;
    }
    if (!isInside(resolved.path, this.opts.configDir)) {
      this.ctx.diagnostics.push({
        severity: 'info',
        code: 'TPLG012',
        message: `<${spec}> reads ${path.resolve(resolved.path)}, outside the configuration directory ${this.opts.configDir}`,
        range,
      });
    }
    if (!this.ctx.files.includes(resolved.path)) this.ctx.files.push(resolved.path);
    this.frames.push({ segments: [resolved], seg: 0, pos: 0, dirs: [], via: range });
  }
}

const inside = new Map<string, Map<string, boolean>>();

/** A word read as a key: up to its first '.', then the '.' and the rest, read next. */
function splitKey(t: PToken): NonNullable<PToken['key']> {
  const dot = t.text.indexOf('.');
  if (dot < 0) return { id: t.text, token: t };
  const rest = t.text.slice(dot + 1);
  const fresh = { range: undefined, key: undefined, unmoded: undefined };
  return {
    id: t.text.slice(0, dot),
    token: { ...t, ...fresh, text: t.text.slice(0, dot), end: t.start + dot },
    dot: { kind: Tok.Punct, text: '.', start: t.start + dot, end: t.start + dot + 1, file: t.file },
    rest: rest ? { ...t, ...fresh, text: rest, start: t.start + dot + 1 } : undefined,
  };
}

/** Whether `file` is `dir` or below it, after resolving `..`. Asked for every include of every run: remembered. */
export function isInside(file: string, dir: string): boolean {
  if (!path.isAbsolute(file) || !path.isAbsolute(dir)) return insidePath(file, dir);
  let m = inside.get(dir);
  if (!m) {
    if (inside.size > 64) inside.clear();
    inside.set(dir, (m = new Map()));
  }
  let yes = m.get(file);
  if (yes === undefined) {
    if (m.size > 4096) m.clear();
    m.set(file, (yes = insidePath(file, dir)));
  }
  return yes;
}

function insidePath(file: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return !path.isAbsolute(rel) && rel.split(path.sep)[0] !== '..';
}

/** `_snd_config_path`: relative to the configuration directory, even when absolute. */
function configPath(configDir: string, rel: string): string {
  return path.join(configDir, rel);
}

class Parser {
  fatal = false;
  /** Blocks and dotted key components open around the current token. */
  private depth = 0;
  private errors = 0;
  /** Set while a checkpoint is wanted: the tree being loaded, the last root and where it is taken. */
  private want: { root: ConfNode; last: SourceFile; pos: number; take: (cp: Checkpoint) => void } | undefined;

  constructor(
    private readonly ts: TokenStream,
    private readonly ctx: LoadContext,
    private readonly maxDepth: number,
  ) {}

  wantCheckpoint(root: ConfNode, last: SourceFile, take: (cp: Checkpoint) => void): void {
    this.want = { root, last, pos: leadingDirectives(last), take };
  }

  /** At the start of a top-level definition: take the checkpoint if this is its place. */
  private checkpoint(t: PToken): void {
    const w = this.want!;
    if (t.file !== w.last) return;
    this.want = undefined;
    if (this.errors > 0 || !this.ts.peekedAt(t, w.pos)) return;
    w.take({ tree: w.root, pos: w.pos, dirs: this.ts.rootDirs(), files: this.ctx.files.slice(), diagnostics: this.ctx.diagnostics.slice() });
  }

  private tooDeep(t: PToken): LoadError {
    return new LoadError(`Nested deeper than ${this.maxDepth} levels of blocks and key components (limit maxNestingDepth)`, this.rangeOf(t), 'TPLG011', false);
  }

  report(e: LoadError): void {
    if (this.ts.stopped) return;
    this.fatal = true;
    this.ctx.diagnostics.push({
      severity: 'error',
      code: e.code,
      message: e.message,
      range: e.range,
      fatalInReference: e.inReference,
    });
    if (++this.errors < MAX_LOAD_ERRORS) return;
    this.ctx.diagnostics.push({ severity: 'error', code: 'TPLG013', message: `${MAX_LOAD_ERRORS} syntax errors: stopped reading here`, range: e.range });
    this.ts.stopped = true;
  }

  private rangeOf(t: PToken | undefined): SourceRange | undefined {
    if (t) return t.range ?? (t.range = rangeOf(t.file, t.start, t.end));
    const u = this.ts.last;
    return u ? rangeOf(u.file, u.end, u.end) : undefined;
  }

  private unexpected(t: PToken | undefined): LoadError {
    if (!t) return new LoadError('Unexpected end of file', this.rangeOf(undefined), 'TPLG001');
    if (t.kind === Tok.Error) return new LoadError(t.text, this.rangeOf(t), 'TPLG001');
    return new LoadError(`Unexpected char '${t.text}'`, this.rangeOf(t), 'TPLG001');
  }

  /** parse_defs at top level: everything up to the end of input. */
  parseTop(root: ConfNode): void {
    // After a stray closing token, keep going so the rest of the file is still analysed.
    for (;;) {
      this.parseDefs(root, false);
      const t = this.ts.next();
      if (!t) return;
      this.report(new LoadError(`Unexpected '${t.text}'`, this.rangeOf(t), 'TPLG001'));
    }
  }

  private parseDefs(parent: ConfNode | undefined, skip: boolean): void {
    for (;;) {
      const t = this.ts.peek();
      if (!t || (t.kind === Tok.Punct && t.text === '}')) return;
      if (this.want && parent === this.want.root) this.checkpoint(t);
      try {
        this.parseDef(parent, skip);
      } catch (e) {
        if (!(e instanceof LoadError)) throw e;
        this.report(e);
        this.recover();
      }
    }
  }

  /** After an error: drop tokens up to the end of the current definition. */
  private recover(): void {
    let depth = 0;
    for (;;) {
      const t = this.ts.next();
      if (!t) return;
      if (t.kind !== Tok.Punct) {
        if (depth === 0) {
          const n = this.ts.peek();
          if (!n || n.kind !== Tok.Punct || n.text !== '.') return;
        }
        continue;
      }
      if (t.text === '{' || t.text === '[') depth++;
      else if (t.text === '}' || t.text === ']') {
        if (depth === 0) {
          this.ts.pushBack(t);
          return;
        }
        depth--;
        if (depth === 0) return;
      } else if ((t.text === ';' || t.text === ',') && depth === 0) return;
    }
  }

  /** get_string(id=1): a key component. Unquoted keys stop at '.'. */
  private readKey(t: PToken | undefined): { id: string; token: PToken } {
    if (!t) throw this.unexpected(undefined);
    if (t.kind === Tok.Word && t.text.startsWith('/*')) {
      this.ctx.diagnostics.push({
        severity: 'warning',
        code: 'TPLG009',
        message: 'C-style comments do not exist in ALSA conf syntax: the words up to */ are read as keys and values. Use # comments.',
        range: this.rangeOf(t),
      });
    }
    if (t.kind === Tok.Quoted) return { id: t.text, token: t };
    if (t.kind !== Tok.Word) throw this.unexpected(t);
    const key = t.key ?? (t.key = splitKey(t));
    if (key.rest) this.ts.pushBack(key.rest);
    if (key.dot) this.ts.pushBack(key.dot);
    return key;
  }

  private readMode(): number {
    const t = this.ts.next();
    if (t && t.kind === Tok.Word && '+-?!'.includes(t.text[0])) {
      if (t.text.length > 1) this.ts.pushBack(t.unmoded ?? (t.unmoded = { ...t, text: t.text.slice(1), start: t.start + 1, range: undefined, key: undefined, unmoded: undefined }));
      return t.text[0] === '+' ? MODE_CREATE : t.text[0] === '-' ? MODE_MERGE : t.text[0] === '?' ? MODE_KEEP : MODE_OVERRIDE;
    }
    if (t) this.ts.pushBack(t);
    return MODE_CREATE;
  }

  private parseDef(parentIn: ConfNode | undefined, skipIn: boolean): void {
    let parent = parentIn;
    let skip = skipIn || !parent;
    let mode: number;
    let key: { id: string; token: PToken };
    let c: PToken | undefined;
    for (let steps = 0; ; steps++) {
      mode = this.readMode();
      key = this.readKey(this.ts.next());
      c = this.ts.next();
      if (!c || c.kind !== Tok.Punct || c.text !== '.') break;
      if (this.depth + steps >= this.maxDepth) throw this.tooDeep(key.token);
      if (skip) continue;
      const n = parent!.child(key.id);
      if (n) {
        if (mode === MODE_KEEP) {
          skip = true;
          continue;
        }
        if (mode !== MODE_OVERRIDE) {
          if (n.type !== 'compound') throw new LoadError(`${key.id} is not a compound`, this.rangeOf(key.token), 'TPLG002');
          n.join = true;
          parent = n;
          continue;
        }
        n.remove();
      }
      if (mode === MODE_MERGE) throw new LoadError(`${key.id} does not exists`, this.rangeOf(key.token), 'TPLG003');
      const m = ConfNode.compound(key.id, this.rangeOf(key.token));
      m.join = true;
      parent!.append(m);
      parent = m;
    }
    if (c && c.kind === Tok.Punct && c.text === '=') c = this.ts.next();
    let n: ConfNode | undefined;
    if (!skip) {
      n = parent!.child(key.id);
      if (n) {
        if (mode === MODE_KEEP) {
          skip = true;
          n = undefined;
        } else if (mode === MODE_OVERRIDE) {
          n.remove();
          n = undefined;
        }
      } else if (mode === MODE_MERGE) {
        throw new LoadError(`${key.id} does not exists`, this.rangeOf(key.token), 'TPLG003');
      }
    }
    if (c && c.kind === Tok.Punct && (c.text === '{' || c.text === '[')) {
      if (!skip) {
        if (n) {
          if (n.type !== 'compound') throw new LoadError(`${key.id} is not a compound`, this.rangeOf(key.token), 'TPLG002');
        } else {
          n = ConfNode.compound(key.id, this.rangeOf(key.token));
          parent!.append(n);
        }
      }
      this.parseBlock(c, n, skip);
    } else {
      if (c) this.ts.pushBack(c);
      this.parseValue(n, parent, key.id, skip, key.token);
    }
    const sep = this.ts.next();
    if (sep && !(sep.kind === Tok.Punct && (sep.text === ';' || sep.text === ','))) this.ts.pushBack(sep);
  }

  /** The body of `{...}` or `[...]` whose opening token is `open`, then its closing token. */
  private parseBlock(open: PToken, n: ConfNode | undefined, skip: boolean): void {
    const endChr = open.text === '{' ? '}' : ']';
    if (this.depth >= this.maxDepth) {
      this.report(this.tooDeep(open));
      this.skipBlock();
      return;
    }
    this.depth++;
    try {
      if (open.text === '{') this.parseDefs(n, skip);
      else this.parseArrayDefs(n, skip);
    } finally {
      this.depth--;
    }
    const e = this.ts.next();
    if (!e || e.kind !== Tok.Punct || e.text !== endChr) {
      if (e) this.ts.pushBack(e);
      throw e ? this.unexpected(e) : new LoadError(`Unexpected end of file: '${open.text}' is not closed`, this.rangeOf(open), 'TPLG001');
    }
  }

  /** Drop the rest of a block whose opening token was just read, without recursing. */
  private skipBlock(): void {
    for (let depth = 1; depth > 0; ) {
      const t = this.ts.next();
      if (!t) return;
      if (t.kind !== Tok.Punct) continue;
      if (t.text === '{' || t.text === '[') depth++;
      else if (t.text === '}' || t.text === ']') depth--;
    }
  }

  private parseArrayDefs(parent: ConfNode | undefined, skip: boolean): void {
    let idx = 0;
    for (;;) {
      const t = this.ts.peek();
      if (!t) return;
      if (t.kind === Tok.Punct && t.text === ']') return;
      if (t.kind === Tok.Punct && t.text === '}') return;
      try {
        idx = this.parseArrayDef(parent, idx, skip) + 1;
      } catch (e) {
        if (!(e instanceof LoadError)) throw e;
        this.report(e);
        const bad = this.ts.next();
        if (bad && bad.kind === Tok.Punct && (bad.text === '}' || bad.text === ']')) this.ts.pushBack(bad);
        idx++;
      }
    }
  }

  private parseArrayDef(parent: ConfNode | undefined, idxIn: number, skipIn: boolean): number {
    let idx = idxIn;
    const skip = skipIn || !parent;
    let id = '';
    if (!skip) {
      while (parent!.child(String(idx))) idx++;
      id = String(idx);
    }
    const c = this.ts.next();
    if (!c) throw this.unexpected(undefined);
    if (c.kind === Tok.Punct && (c.text === '{' || c.text === '[')) {
      let n: ConfNode | undefined;
      if (!skip) {
        n = ConfNode.compound(id, this.rangeOf(c));
        parent!.append(n);
      }
      this.parseBlock(c, n, skip);
    } else {
      this.ts.pushBack(c);
      this.parseValue(undefined, parent, id, skip, undefined);
    }
    return idx;
  }

  /** `010` is octal 8 and `08` the real 8.0 (strtoll base 0, then strtod): say so when it matters. */
  private noteLeadingZero(text: string, typed: TypedNumber, range: SourceRange | undefined): void {
    const decimal = text.replace(/^(-?)0+(?=[0-9])/, '$1');
    if (typed.type === 'integer' && String(typed.value) === decimal) return;
    const message =
      typed.type === 'integer'
        ? `${text} has a leading zero, so it is octal: its value is ${String(typed.value)}, not ${decimal}. Write ${decimal} (or ${String(typed.value)}) without the zero`
        : `${text} has a leading zero but is not valid octal, so it becomes the real number ${decimal}.0, not the integer ${decimal}. Write ${decimal} without the zero`;
    this.ctx.diagnostics.push({ severity: 'warning', code: 'TPLG008', message, range });
  }

  /** parse_value: type a scalar and store it, checking the type of an existing node. */
  private parseValue(n: ConfNode | undefined, parent: ConfNode | undefined, id: string, skip: boolean, keyToken: PToken | undefined): void {
    const t = this.ts.next();
    if (!t || (t.kind !== Tok.Word && t.kind !== Tok.Quoted)) {
      if (t) this.ts.pushBack(t);
      throw this.unexpected(t);
    }
    if (skip || !parent) return;
    const range = this.rangeOf(t);
    const small = t.kind === Tok.Word ? smallDecimal(t.text) : undefined;
    if (small !== undefined && !n) {
      parent.append(new ConfNode(id, 'integer', small, range));
      return;
    }
    const typed = t.kind === Tok.Word ? parseNumber(t.text) : undefined;
    const where = keyToken ? this.rangeOf(keyToken) : range;
    if (typed && /^-?0[0-9]+$/.test(t.text)) this.noteLeadingZero(t.text, typed, range);
    if (typed && typed.type === 'real') {
      if (n && n.type !== 'real') throw new LoadError(`${id} is not a real`, where, 'TPLG002');
      if (!n) parent.append(new ConfNode(id, 'real', typed.value, range));
      else {
        n.value = typed.value;
        n.range = range;
      }
      return;
    }
    if (typed) {
      if (n && n.type !== 'integer' && n.type !== 'integer64') throw new LoadError(`${id} is not an integer`, where, 'TPLG002');
      if (!n) {
        const big = typed.value as bigint;
        parent.append(big > 2147483647n ? new ConfNode(id, 'integer64', big, range) : new ConfNode(id, 'integer', Number(big), range));
      } else {
        n.value = n.type === 'integer' ? Number(typed.value as bigint) : (typed.value as bigint);
        n.range = range;
      }
      return;
    }
    if (n && n.type !== 'string') throw new LoadError(`${id} is not a string`, where, 'TPLG002');
    if (!n) parent.append(new ConfNode(id, 'string', t.text, range));
    else {
      n.value = t.text;
      n.range = range;
    }
  }
}

/**
 * Load `roots` (read as one input, like the reference's prepended buffer) into `into`.
 * Returns false when the reference compiler would have failed to load it.
 */
export function loadConfig(into: ConfNode, roots: SourceFile[], opts: LoadOptions, ctx: LoadContext, hooks?: CheckpointHooks): boolean {
  let parser: Parser | undefined;
  const resume = hooks?.resume;
  const ts = new TokenStream(roots, opts, ctx, (e) => parser!.report(e), resume);
  parser = new Parser(ts, ctx, opts.maxNestingDepth ?? DEFAULT_MAX_NESTING_DEPTH);
  if (resume) {
    ctx.files.push(...resume.files.filter((f) => !ctx.files.includes(f)));
    ctx.diagnostics.push(...resume.diagnostics);
  } else if (hooks?.take && roots.length) {
    parser.wantCheckpoint(into, roots[roots.length - 1], hooks.take);
  }
  for (const r of roots) if (!ctx.files.includes(r.path)) ctx.files.push(r.path);
  parser.parseTop(into);
  return !parser.fatal;
}

/** How many tokens at the start of `file` are `<...>` directives. */
export function leadingDirectives(file: SourceFile): number {
  const tokens = file.scan.tokens;
  let i = 0;
  while (i < tokens.length && tokens[i].kind === Tok.Include) i++;
  return i;
}
