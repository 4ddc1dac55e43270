// POSIX extended regular expressions as alsatplg evaluates `IncludeByKey` keys, in linear time.
//
// alsatplg (pre-processor.c) runs `regcomp(&re, key, REG_EXTENDED | REG_ICASE)` and then an
// unanchored `regexec(&re, value, 0, NULL, 0)`; a key that fails to compile abandons the remaining
// entries of that variable. So this module has two jobs: reject exactly the patterns glibc rejects
// (with glibc's error code), and decide matches the way glibc does, without backtracking, because
// keys come from files anyone can write.
//
// Decisions, all taken from glibc posix/regcomp.c and regex_internal.c and checked against glibc
// 2.36 `regcomp`/`regexec` (the test table lists the probed cases):
// * The parser mirrors glibc's recursive descent token for token (peek_token, parse_expression,
//   parse_dup_op, fetch_number, parse_bracket_exp), so error detection and error codes follow it.
//   RE_SYNTAX_POSIX_EXTENDED quirks that follow: a lone `)` and a lone `}` are literals; `a**`,
//   `()`, `a|` and `(|a)` are valid; `*a`, `a|*`, `(*a)`, `^*` and `{1}` are REG_BADRPT;
//   `{,n}` means `{0,n}`; `x{0}` matches the empty string; `\` escapes any character, `\n` is `n`.
// * GNU operators are on in glibc's ERE: `\w \W \s \S`, word anchors `\b \B \< \>`, buffer
//   anchors `` \` `` and `\'`. Back-references `\1`-`\9` are valid when their group is complete
//   (else REG_ESUBREG, per alternative branch as glibc tracks it) but cannot be matched in linear
//   time, so they are reported with `unsupported: true` instead of being evaluated.
// * alsatplg does not call setlocale, so this is the C locale: bytes, ASCII character classes,
//   ranges by byte value, `[.x.]`/`[=x=]` only for single characters. Strings are matched as
//   their UTF-8 bytes and end at the first NUL, as a C string does.
// * REG_ICASE is glibc's, not "compare ignoring case": the pattern and the subject are both upper-
//   cased before use, except the character after a backslash and character-class names. Hence
//   `\a` never matches anything, `[a-Z]` is valid and `[_-a]` is REG_ERANGE.
// * Without REG_NEWLINE, `^`/`$` match only at the ends of the subject and `.` matches newline.
// * Matching is a Thompson-NFA simulation (a Pike VM without captures): work per input byte is
//   bounded by the NFA size, which is capped (`maxStates`) before the NFA is built. Intervals
//   expand like glibc's `<re>{n,m}` expansion; a key whose expansion exceeds the cap is reported
//   as unsupported rather than built.

export interface EreOptions {
  /** REG_ICASE; alsatplg always sets it. Default true. */
  icase?: boolean;
  /** Cap on NFA states after interval expansion. Default 2000. */
  maxStates?: number;
}

export interface CompiledEre {
  ok: true;
  /** Unanchored search, like `regexec` with no flags. */
  test(s: string): boolean;
  /** NFA states built for the pattern. */
  readonly stateCount: number;
  /** Work done by the last `test` call, in NFA state visits; at most (bytes + 1) * states * 2. */
  readonly lastSteps: number;
}

export interface EreError {
  ok: false;
  error: string;
  /** glibc's error name (`REG_BADRPT` ...) when glibc rejects the pattern; `BACKREF` or `TOO_LARGE` otherwise. */
  code: string;
  /** True when glibc accepts the pattern but it cannot be evaluated here. */
  unsupported?: boolean;
  /** UTF-16 offset in the pattern where the problem was found. */
  offset?: number;
}

const GLIBC_MESSAGES: Record<string, string> = {
  REG_BADPAT: 'Invalid regular expression',
  REG_ECOLLATE: 'Invalid collation character',
  REG_ECTYPE: 'Invalid character class name',
  REG_EESCAPE: 'Trailing backslash',
  REG_ESUBREG: 'Invalid back reference',
  REG_EBRACK: 'Unmatched [, [^, [:, [., or [=',
  REG_EPAREN: 'Unmatched ( or \\(',
  REG_EBRACE: 'Unmatched \\{',
  REG_BADBR: 'Invalid content of \\{\\}',
  REG_ERANGE: 'Invalid range end',
  REG_ESIZE: 'Regular expression too big',
  REG_BADRPT: 'Invalid preceding regular expression',
};

const RE_DUP_MAX = 0x7fff;
// Real keys need a few dozen states; a test() costs up to 2 * (bytes + 1) * states steps.
const DEFAULT_MAX_STATES = 2000;
/** Group nesting beyond this is refused (unsupported) to keep the recursive parser off the stack limit. */
const MAX_NESTING = 1000;

const enum T {
  Char,
  BackSlash,
  Alt,
  Star,
  Plus,
  Quest,
  OpenDup,
  CloseDup,
  OpenSub,
  CloseSub,
  OpenBracket,
  Period,
  Anchor,
  BackRef,
  Word,
  NotWord,
  Space,
  NotSpace,
  End,
}

/** Tokens inside a bracket expression (glibc peek_token_bracket). */
const enum B {
  Char,
  Range, // `-`
  Close, // `]`
  NonMatch, // `^`
  OpenSymbol, // `[.`, `[=`, `[:`; `c` holds the delimiter
  End,
}

interface BracketToken {
  type: B;
  c: number;
  len: number;
}

/** Zero-width assertions, evaluated from the bytes either side of a position. */
const enum Ctx {
  LineFirst,
  LineLast,
  BufFirst,
  BufLast,
  WordFirst,
  WordLast,
  InsideWord,
  InsideNotWord,
  WordDelim,
  NotWordDelim,
}

interface Token {
  type: T;
  c: number;
  len: number;
  ctx: Ctx;
}

type Set256 = Uint8Array;

type Node =
  | { k: 'set'; bits: Set256 }
  | { k: 'cat'; items: Node[] }
  | { k: 'alt'; items: (Node | null)[] }
  | { k: 'rep'; a: Node; min: number; max: number } // max -1: unbounded
  | { k: 'assert'; ctx: Ctx };

class ParseFailure {
  constructor(
    readonly code: string,
    readonly pos: number,
    readonly unsupported = false,
    readonly message = GLIBC_MESSAGES[code] ?? code,
  ) {}
}

// C-locale ctype, ASCII only.
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isAlpha = (c: number) => isUpper(c) || isLower(c);
const isAlnum = (c: number) => isAlpha(c) || isDigit(c);
const isSpace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isPrint = (c: number) => c >= 0x20 && c <= 0x7e;
const isGraph = (c: number) => c >= 0x21 && c <= 0x7e;
const CTYPES: Record<string, (c: number) => boolean> = {
  alnum: isAlnum,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  lower: isLower,
  space: isSpace,
  alpha: isAlpha,
  digit: isDigit,
  print: isPrint,
  upper: isUpper,
  blank: (c) => c === 0x20 || c === 0x09,
  graph: isGraph,
  punct: (c) => isGraph(c) && !isAlnum(c),
  xdigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};
const isWordByte = (c: number) => isAlnum(c) || c === 0x5f;
const toUpper = (c: number) => (isLower(c) ? c - 0x20 : c);

function classSet(pred: (c: number) => boolean, extra = -1, negate = false): Set256 {
  const bits = new Uint8Array(256);
  for (let c = 0; c < 256; c++) bits[c] = (pred(c) || c === extra) !== negate ? 1 : 0;
  return bits;
}

/** UTF-8 bytes of `s`, and for each byte the UTF-16 index it came from. */
function utf8(s: string): { bytes: Uint8Array; from: number[] } {
  const bytes: number[] = [];
  const from: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    const at = i;
    if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo < 0xe000) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    const push = (b: number) => {
      bytes.push(b);
      from.push(at);
    };
    if (cp < 0x80) push(cp);
    else if (cp < 0x800) {
      push(0xc0 | (cp >> 6));
      push(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      push(0xe0 | (cp >> 12));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    } else {
      push(0xf0 | (cp >> 18));
      push(0x80 | ((cp >> 12) & 0x3f));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
    }
  }
  from.push(s.length);
  return { bytes: Uint8Array.from(bytes), from };
}

type BracketElem = { type: 'char'; ch: number } | { type: 'coll' | 'equiv' | 'class'; name: number[] };

/** Recursive-descent parser shaped like glibc's so that it fails where glibc fails. */
class Parser {
  private pos = 0;
  private tok: Token = { type: T.End, c: 0, len: 0, ctx: Ctx.LineFirst };
  private nsub = 0;
  private completedBackrefs = 0;
  sawBackref = -1;

  constructor(
    private readonly mbs: Uint8Array, // the pattern as glibc reads it (upper-cased under icase)
    private readonly raw: Uint8Array, // the pattern as written
    private readonly icase: boolean,
  ) {}

  parse(): Node | null {
    this.fetch();
    return this.parseRegExp(0);
  }

  private fail(code: string): never {
    throw new ParseFailure(code, this.pos);
  }

  private peek(at: number): Token {
    const { mbs, raw } = this;
    if (at >= mbs.length) return { type: T.End, c: 0, len: 0, ctx: Ctx.LineFirst };
    const c = mbs[at];
    if (c === 0x5c /* \ */) {
      if (at + 1 >= mbs.length) return { type: T.BackSlash, c, len: 1, ctx: Ctx.LineFirst };
      const c2 = raw[at + 1];
      const t: Token = { type: T.Char, c: c2, len: 2, ctx: Ctx.LineFirst };
      const ch = String.fromCharCode(c2);
      if (ch >= '1' && ch <= '9') t.type = T.BackRef;
      else if (ch === '<') [t.type, t.ctx] = [T.Anchor, Ctx.WordFirst];
      else if (ch === '>') [t.type, t.ctx] = [T.Anchor, Ctx.WordLast];
      else if (ch === 'b') [t.type, t.ctx] = [T.Anchor, Ctx.WordDelim];
      else if (ch === 'B') [t.type, t.ctx] = [T.Anchor, Ctx.NotWordDelim];
      else if (ch === '`') [t.type, t.ctx] = [T.Anchor, Ctx.BufFirst];
      else if (ch === "'") [t.type, t.ctx] = [T.Anchor, Ctx.BufLast];
      else if (ch === 'w') t.type = T.Word;
      else if (ch === 'W') t.type = T.NotWord;
      else if (ch === 's') t.type = T.Space;
      else if (ch === 'S') t.type = T.NotSpace;
      return t;
    }
    const t: Token = { type: T.Char, c, len: 1, ctx: Ctx.LineFirst };
    switch (String.fromCharCode(c)) {
      case '|': t.type = T.Alt; break;
      case '*': t.type = T.Star; break;
      case '+': t.type = T.Plus; break;
      case '?': t.type = T.Quest; break;
      case '{': t.type = T.OpenDup; break;
      case '}': t.type = T.CloseDup; break;
      case '(': t.type = T.OpenSub; break;
      case ')': t.type = T.CloseSub; break;
      case '[': t.type = T.OpenBracket; break;
      case '.': t.type = T.Period; break;
      case '^': [t.type, t.ctx] = [T.Anchor, Ctx.LineFirst]; break;
      case '$': [t.type, t.ctx] = [T.Anchor, Ctx.LineLast]; break;
    }
    return t;
  }

  /** The current token; a call, so that TypeScript does not narrow it across `fetch()`. */
  private cur(): Token {
    return this.tok;
  }

  private fetch(): void {
    this.tok = this.peek(this.pos);
    this.pos += this.tok.len;
  }

  private parseRegExp(nest: number): Node | null {
    const initialBackrefs = this.completedBackrefs;
    const branches: (Node | null)[] = [this.parseBranch(nest)];
    while (this.cur().type === T.Alt) {
      this.fetch();
      const t = this.cur().type;
      if (t !== T.Alt && t !== T.End && (nest === 0 || t !== T.CloseSub)) {
        const accumulated = this.completedBackrefs;
        this.completedBackrefs = initialBackrefs;
        branches.push(this.parseBranch(nest));
        this.completedBackrefs |= accumulated;
      } else branches.push(null);
    }
    return branches.length === 1 ? branches[0] : { k: 'alt', items: branches };
  }

  private parseBranch(nest: number): Node | null {
    const items: Node[] = [];
    const first = this.parseExpression(nest);
    if (first) items.push(first);
    while (this.cur().type !== T.Alt && this.cur().type !== T.End && (nest === 0 || this.cur().type !== T.CloseSub)) {
      const e = this.parseExpression(nest);
      if (e) items.push(e);
    }
    return items.length === 0 ? null : items.length === 1 ? items[0] : { k: 'cat', items };
  }

  private parseExpression(nest: number): Node | null {
    const tok = this.tok;
    let tree: Node | null;
    switch (tok.type) {
      case T.Char:
      case T.CloseSub: // RE_UNMATCHED_RIGHT_PAREN_ORD
      case T.CloseDup: {
        const bits = new Uint8Array(256);
        bits[tok.c] = 1;
        tree = { k: 'set', bits };
        break;
      }
      case T.OpenSub:
        tree = this.parseSubExp(nest + 1);
        break;
      case T.OpenBracket:
        tree = { k: 'set', bits: this.parseBracket() };
        break;
      case T.BackRef: {
        const idx = tok.c - 0x31;
        if (!(this.completedBackrefs & (1 << idx))) this.fail('REG_ESUBREG');
        if (this.sawBackref < 0) this.sawBackref = this.pos - tok.len;
        tree = { k: 'set', bits: new Uint8Array(256) }; // never evaluated: compileEre refuses back-references

        break;
      }
      case T.OpenDup:
      case T.Star:
      case T.Plus:
      case T.Quest:
        this.fail('REG_BADRPT'); // RE_CONTEXT_INVALID_OPS
      case T.Anchor: {
        // glibc returns before looking for a repetition: `^*` is `^` then a misplaced `*`.
        if (tok.ctx === Ctx.WordDelim)
          tree = { k: 'alt', items: [{ k: 'assert', ctx: Ctx.WordFirst }, { k: 'assert', ctx: Ctx.WordLast }] };
        else if (tok.ctx === Ctx.NotWordDelim)
          tree = { k: 'alt', items: [{ k: 'assert', ctx: Ctx.InsideWord }, { k: 'assert', ctx: Ctx.InsideNotWord }] };
        else tree = { k: 'assert', ctx: tok.ctx };
        this.fetch();
        return tree;
      }
      case T.Period:
        tree = { k: 'set', bits: classSet((c) => c !== 0) }; // RE_DOT_NEWLINE, RE_DOT_NOT_NULL
        break;
      case T.Word:
      case T.NotWord:
        tree = { k: 'set', bits: classSet(isAlnum, 0x5f, tok.type === T.NotWord) };
        break;
      case T.Space:
      case T.NotSpace:
        tree = { k: 'set', bits: classSet(isSpace, -1, tok.type === T.NotSpace) };
        break;
      case T.Alt:
      case T.End:
        return null;
      case T.BackSlash:
        this.fail('REG_EESCAPE');
    }
    this.fetch();
    while (this.cur().type === T.Star || this.cur().type === T.Plus || this.cur().type === T.Quest || this.cur().type === T.OpenDup)
      tree = this.parseDupOp(tree);
    return tree;
  }

  private parseSubExp(nest: number): Node | null {
    if (nest > MAX_NESTING) throw new ParseFailure('TOO_LARGE', this.pos, true, `groups nested deeper than ${MAX_NESTING}`);
    const cur = this.nsub++;
    this.fetch();
    let tree: Node | null = null;
    if (this.cur().type !== T.CloseSub) {
      tree = this.parseRegExp(nest);
      if (this.cur().type !== T.CloseSub) this.fail('REG_EPAREN');
    }
    if (cur <= 8) this.completedBackrefs |= 1 << cur;
    // A group only matters for captures, which a yes/no match does not need; `()` matches empty.
    return tree;
  }

  /** glibc fetch_number: -1 nothing before `,`/`}`, -2 malformed or end of pattern. */
  private fetchNumber(): number {
    let num = -1;
    for (;;) {
      this.fetch();
      const { type, c } = this.cur();
      if (type === T.End) return -2;
      if (type === T.CloseDup || c === 0x2c) break;
      num = type !== T.Char || !isDigit(c) || num === -2 ? -2 : num === -1 ? c - 0x30 : Math.min(RE_DUP_MAX + 1, num * 10 + c - 0x30);
    }
    return num;
  }

  private parseDupOp(elem: Node | null): Node | null {
    let min: number;
    let max: number;
    if (this.cur().type === T.OpenDup) {
      let end = 0;
      let start = this.fetchNumber();
      if (start === -1) {
        if (this.cur().type === T.Char && this.cur().c === 0x2c) start = 0;
        else this.fail('REG_BADBR');
      }
      if (start !== -2) {
        end =
          this.cur().type === T.CloseDup ? start : this.cur().type === T.Char && this.cur().c === 0x2c ? this.fetchNumber() : -2;
      }
      if (start === -2 || end === -2) this.fail(this.cur().type === T.End ? 'REG_EBRACE' : 'REG_BADBR');
      if ((end !== -1 && start > end) || this.cur().type !== T.CloseDup) this.fail('REG_BADBR');
      if (RE_DUP_MAX < (end === -1 ? start : end)) this.fail('REG_ESIZE');
      [min, max] = [start, end];
    } else {
      min = this.cur().type === T.Plus ? 1 : 0;
      max = this.cur().type === T.Quest ? 1 : -1;
    }
    this.fetch();
    if (elem === null || (min === 0 && max === 0)) return null;
    return { k: 'rep', a: elem, min, max };
  }

  private peekBracket(at: number): BracketToken {
    const { mbs } = this;
    if (at >= mbs.length) return { type: B.End, c: 0, len: 0 };
    const c = mbs[at];
    // No RE_BACKSLASH_ESCAPE_IN_LISTS: a backslash is an ordinary member.
    if (c === 0x5b /* [ */) {
      const c2 = at + 1 < mbs.length ? mbs[at + 1] : 0;
      if (c2 === 0x2e || c2 === 0x3d || c2 === 0x3a) return { type: B.OpenSymbol, c: c2, len: 2 };
      return { type: B.Char, c, len: 1 };
    }
    const type = c === 0x2d ? B.Range : c === 0x5d ? B.Close : c === 0x5e ? B.NonMatch : B.Char;
    return { type, c, len: 1 };
  }

  private parseBracketSymbol(delim: number): BracketElem {
    const { mbs, raw } = this;
    const isClass = delim === 0x3a;
    const name: number[] = [];
    if (this.pos >= mbs.length) this.fail('REG_EBRACK');
    for (let i = 0; ; i++) {
      if (i >= 32) this.fail('REG_EBRACK');
      const ch = (isClass ? raw : mbs)[this.pos++];
      if (this.pos >= mbs.length) this.fail('REG_EBRACK');
      if (ch === delim && mbs[this.pos] === 0x5d) break;
      name.push(ch);
    }
    this.pos++;
    return { type: delim === 0x2e ? 'coll' : delim === 0x3d ? 'equiv' : 'class', name };
  }

  private parseBracketElement(tok: BracketToken, acceptHyphen: boolean): BracketElem {
    this.pos += tok.len;
    if (tok.type === B.OpenSymbol) return this.parseBracketSymbol(tok.c);
    if (tok.type === B.Range && !acceptHyphen && this.peekBracket(this.pos).type !== B.Close) this.fail('REG_ERANGE');
    return { type: 'char', ch: tok.c };
  }

  private collSeq(e: BracketElem): number {
    if (e.type === 'char') return e.ch;
    if (e.type === 'equiv' || e.type === 'class') this.fail('REG_ERANGE');
    if (e.name.length !== 1) this.fail('REG_ECOLLATE');
    return e.name[0];
  }

  private addElem(bits: Set256, e: BracketElem): void {
    if (e.type === 'char') bits[e.ch] = 1;
    else if (e.type === 'class') {
      let name = String.fromCharCode(...e.name);
      if (this.icase && (name === 'upper' || name === 'lower')) name = 'alpha';
      const pred = Object.prototype.hasOwnProperty.call(CTYPES, name) ? CTYPES[name] : undefined;
      if (!pred) this.fail('REG_ECTYPE');
      for (let c = 0; c < 256; c++) if (pred(c)) bits[c] = 1;
    } else {
      if (e.name.length !== 1) this.fail('REG_ECOLLATE');
      bits[e.name[0]] = 1;
    }
  }

  private parseBracket(): Set256 {
    const bits = new Uint8Array(256);
    let tok = this.peekBracket(this.pos);
    if (tok.type === B.End) this.fail('REG_BADPAT');
    let nonMatch = false;
    if (tok.type === B.NonMatch) {
      nonMatch = true;
      this.pos += tok.len;
      tok = this.peekBracket(this.pos);
      if (tok.type === B.End) this.fail('REG_BADPAT');
    }
    if (tok.type === B.Close) tok = { ...tok, type: B.Char }; // a leading `]` is a member
    let first = true;
    for (;;) {
      const start = this.parseBracketElement(tok, first);
      first = false;
      tok = this.peekBracket(this.pos);
      let rangeEnd: BracketToken | undefined;
      if (start.type !== 'class' && start.type !== 'equiv') {
        if (tok.type === B.End) this.fail('REG_EBRACK');
        if (tok.type === B.Range) {
          this.pos += tok.len;
          const tok2 = this.peekBracket(this.pos);
          if (tok2.type === B.End) this.fail('REG_EBRACK');
          if (tok2.type === B.Close) {
            this.pos -= tok.len; // a `-` before `]` is a member
            tok = { ...tok, type: B.Char };
          } else rangeEnd = tok2;
        }
      }
      if (rangeEnd) {
        const end = this.parseBracketElement(rangeEnd, true);
        tok = this.peekBracket(this.pos);
        const lo = this.collSeq(start);
        const hi = this.collSeq(end);
        if (lo > hi) this.fail('REG_ERANGE'); // RE_NO_EMPTY_RANGES
        for (let c = lo; c <= hi; c++) bits[c] = 1;
      } else this.addElem(bits, start);
      if (tok.type === B.End) this.fail('REG_EBRACK');
      if (tok.type === B.Close) break;
    }
    this.pos += tok.len;
    if (nonMatch) for (let c = 0; c < 256; c++) bits[c] ^= 1;
    return bits;
  }
}

/** NFA state count of a node once intervals are expanded (may be Infinity-large). */
function sizeOf(n: Node | null): number {
  if (!n) return 0;
  switch (n.k) {
    case 'set':
    case 'assert':
      return 1;
    case 'cat':
      return n.items.reduce((s, i) => s + sizeOf(i), 0);
    case 'alt':
      return n.items.reduce((s, i) => s + sizeOf(i), 0) + n.items.length - 1;
    case 'rep': {
      const a = sizeOf(n.a);
      const optional = n.max === -1 ? a + 1 : (n.max - n.min) * (a + 1);
      return n.min * a + optional;
    }
  }
}

const K_SET = 0;
const K_SPLIT = 1;
const K_ASSERT = 2;
const K_MATCH = 3;

/** Thompson NFA in flat arrays; built back to front so each fragment knows its continuation. */
class Nfa {
  kind: number[] = [];
  out1: number[] = [];
  out2: number[] = [];
  /** For a set: its index in `sets`; for an assertion: its Ctx. */
  arg: number[] = [];
  sets: Set256[] = [];

  add(kind: number, out1: number, out2 = -1, arg = -1): number {
    this.kind.push(kind);
    this.out1.push(out1);
    this.out2.push(out2);
    this.arg.push(arg);
    return this.kind.length - 1;
  }

  emit(n: Node | null, next: number): number {
    if (!n) return next;
    switch (n.k) {
      case 'set':
        this.sets.push(n.bits);
        return this.add(K_SET, next, -1, this.sets.length - 1);
      case 'assert':
        return this.add(K_ASSERT, next, -1, n.ctx);
      case 'cat': {
        let s = next;
        for (let i = n.items.length - 1; i >= 0; i--) s = this.emit(n.items[i], s);
        return s;
      }
      case 'alt': {
        let s = this.emit(n.items[n.items.length - 1], next);
        for (let i = n.items.length - 2; i >= 0; i--) s = this.add(K_SPLIT, this.emit(n.items[i], next), s);
        return s;
      }
      case 'rep': {
        let s = next;
        if (n.max === -1) {
          const loop = this.add(K_SPLIT, -1, next);
          this.out1[loop] = this.emit(n.a, loop);
          s = loop;
        } else {
          for (let i = n.min; i < n.max; i++) s = this.add(K_SPLIT, this.emit(n.a, s), next);
        }
        for (let i = 0; i < n.min; i++) s = this.emit(n.a, s);
        return s;
      }
    }
  }
}

function assertionHolds(ctx: number, prev: number, next: number): boolean {
  // prev/next are -1 outside the subject.
  const wPrev = prev >= 0 && isWordByte(prev);
  const wNext = next >= 0 && isWordByte(next);
  switch (ctx) {
    case Ctx.LineFirst:
    case Ctx.BufFirst:
      return prev < 0;
    case Ctx.LineLast:
    case Ctx.BufLast:
      return next < 0;
    case Ctx.WordFirst:
      return !wPrev && wNext;
    case Ctx.WordLast:
      return wPrev && !wNext;
    case Ctx.InsideWord:
      return wPrev && wNext;
    case Ctx.InsideNotWord:
      return !wPrev && !wNext;
    default:
      return false;
  }
}

class Matcher implements CompiledEre {
  readonly ok = true;
  lastSteps = 0;
  private readonly mark: Int32Array;
  private gen = 0;

  constructor(
    private readonly nfa: Nfa,
    private readonly start: number,
    private readonly icase: boolean,
  ) {
    this.mark = new Int32Array(nfa.kind.length);
  }

  get stateCount(): number {
    return this.nfa.kind.length;
  }

  test(s: string): boolean {
    let { bytes } = utf8(s);
    const nul = bytes.indexOf(0);
    if (nul >= 0) bytes = bytes.subarray(0, nul);
    if (this.icase) bytes = bytes.map(toUpper);
    const { kind, out1, out2, arg, sets } = this.nfa;
    const n = bytes.length;
    let steps = 0;
    let cur: number[] = [];
    let nxt: number[] = [];
    const stack: number[] = [];
    // Follows epsilon moves from `s` at position `pos`, collecting set states; true on reaching MATCH.
    const close = (s: number, pos: number, into: number[]): boolean => {
      stack.push(s);
      while (stack.length) {
        const t = stack.pop() as number;
        if (this.mark[t] === this.gen) continue;
        this.mark[t] = this.gen;
        steps++;
        switch (kind[t]) {
          case K_MATCH:
            stack.length = 0;
            return true;
          case K_SET:
            into.push(t);
            break;
          case K_SPLIT:
            stack.push(out2[t], out1[t]);
            break;
          case K_ASSERT:
            if (assertionHolds(arg[t], pos > 0 ? bytes[pos - 1] : -1, pos < n ? bytes[pos] : -1)) stack.push(out1[t]);
            break;
        }
      }
      return false;
    };
    if (this.gen > 0x3fffffff - n) {
      this.mark.fill(0);
      this.gen = 0;
    }
    this.gen++;
    let found = close(this.start, 0, cur);
    for (let pos = 0; !found && pos < n; pos++) {
      const b = bytes[pos];
      this.gen++;
      nxt.length = 0;
      for (const t of cur) {
        steps++;
        if (sets[arg[t]][b] && close(out1[t], pos + 1, nxt)) {
          found = true;
          break;
        }
      }
      // Unanchored search: a match may also start after this byte.
      if (!found) found = close(this.start, pos + 1, nxt);
      [cur, nxt] = [nxt, cur];
    }
    this.lastSteps = steps;
    return found;
  }
}

export function compileEre(pattern: string, opts: EreOptions = {}): CompiledEre | EreError {
  const icase = opts.icase ?? true;
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const { bytes: raw, from } = utf8(pattern);
  // regcomp takes a C string: the pattern ends at the first NUL.
  const nul = raw.indexOf(0);
  const rawC = nul >= 0 ? raw.subarray(0, nul) : raw;
  const mbs = icase ? rawC.map(toUpper) : rawC;
  const parser = new Parser(mbs, rawC, icase);
  let tree: Node | null;
  try {
    tree = parser.parse();
  } catch (e) {
    if (e instanceof ParseFailure) {
      const err: EreError = { ok: false, error: e.message, code: e.code, offset: from[Math.min(e.pos, rawC.length)] };
      if (e.unsupported) err.unsupported = true;
      return err;
    }
    if (e instanceof RangeError) return { ok: false, error: 'pattern too deeply nested', code: 'TOO_LARGE', unsupported: true };
    throw e;
  }
  if (parser.sawBackref >= 0)
    return {
      ok: false,
      error: 'back-references cannot be matched in linear time',
      code: 'BACKREF',
      unsupported: true,
      offset: from[parser.sawBackref],
    };
  const size = sizeOf(tree) + 1;
  if (size > maxStates)
    return {
      ok: false,
      error: `pattern expands to ${size > 1e12 ? 'more than 10^12' : size} NFA states, over the limit of ${maxStates}`,
      code: 'TOO_LARGE',
      unsupported: true,
    };
  const nfa = new Nfa();
  const match = nfa.add(K_MATCH, -1);
  const start = nfa.emit(tree, match);
  return new Matcher(nfa, start, icase);
}
