// Scanner for ALSA configuration text (alsa-lib conf.c get_char .. get_string), one file at a time.
// Text is handled as bytes (latin1 strings), as the reference does, so escapes and output match.
// Tokens keep offsets; nothing is dropped but whitespace and comments, whose extents are implied.

export const enum Tok {
  /** Unquoted string, raw. As a key it is split at dots by the parser. */
  Word,
  /** Quoted string, decoded. */
  Quoted,
  /** One of `{ } [ ] = , ; .` */
  Punct,
  /** `<...>` directive, decoded. */
  Include,
  /** A character that cannot start a token, or an unterminated quote. */
  Error,
}

export interface Token {
  kind: Tok;
  text: string;
  start: number;
  end: number;
}

export interface ScanResult {
  tokens: Token[];
  /** Offsets where each line starts, for offset -> line/col. */
  lineStarts: number[];
}

const WS = new Uint8Array(128);
for (const c of ' \t\n\r\f') WS[c.charCodeAt(0)] = 1;
/** Characters that end an unquoted string (get_freestring), besides whitespace. */
const FREE_END = new Uint8Array(128);
for (const c of ' \t\n\r\f=,;{}[]\'"\\#') FREE_END[c.charCodeAt(0)] = 1;

export function scan(text: string): ScanResult {
  const tokens: Token[] = [];
  const lineStarts = [0];
  const n = text.length;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128 && WS[c]) {
      i++;
      continue;
    }
    if (c === 35 /* # */) {
      while (i < n && text.charCodeAt(i) !== 10) i++;
      continue;
    }
    const start = i;
    switch (c) {
      case 123: case 125: case 91: case 93: case 61: case 44: case 59: case 46: // { } [ ] = , ; .
        tokens.push({ kind: Tok.Punct, text: text[i], start, end: i + 1 });
        i++;
        continue;
      case 92: // backslash cannot start a token
        tokens.push({ kind: Tok.Error, text: 'Unexpected char', start, end: i + 1 });
        i++;
        continue;
      case 39: case 34: { // quotes
        const r = readDelimited(text, i + 1, c);
        tokens.push({ kind: r.closed ? Tok.Quoted : Tok.Error, text: r.closed ? r.value : 'Unexpected end of file', start, end: r.end });
        i = r.end;
        continue;
      }
      case 60: { // < include directive
        const r = readDelimited(text, i + 1, 62);
        tokens.push({ kind: r.closed ? Tok.Include : Tok.Error, text: r.closed ? r.value : 'Unexpected end of file', start, end: r.end });
        i = r.end;
        continue;
      }
    }
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d < 128 && FREE_END[d]) break;
      i++;
    }
    tokens.push({ kind: Tok.Word, text: text.slice(start, i), start, end: i });
  }
  return { tokens, lineStarts };
}

interface Delimited {
  value: string;
  end: number;
  closed: boolean;
}

/** get_delimstring + get_quotedchar, including their quirks (`\n` is dropped like a continuation). */
function readDelimited(text: string, i: number, delim: number): Delimited {
  const n = text.length;
  let out = '';
  let runStart = i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === delim) {
      out += text.slice(runStart, i);
      return { value: out, end: i + 1, closed: true };
    }
    if (c !== 92) {
      i++;
      continue;
    }
    out += text.slice(runStart, i);
    i++;
    if (i >= n) return { value: out, end: n, closed: false };
    const e = text[i++];
    switch (e) {
      case 'n': case '\n': break; // both are treated as a line continuation
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'b': out += '\b'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'x': {
        // Exactly two characters are consumed, whatever they are.
        let v = 0;
        for (let k = 0; k < 2; k++) {
          if (i >= n) break;
          const h = hexVal(text.charCodeAt(i++));
          v |= h << (4 * (1 - k));
        }
        if (v === 10) break; // decodes to newline: dropped like a continuation
        out += String.fromCharCode(v);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          let v = e.charCodeAt(0) - 48;
          for (let k = 1; k < 3 && i < n; k++) {
            const d = text.charCodeAt(i);
            if (d < 48 || d > 55) break;
            v = v * 8 + d - 48;
            i++;
          }
          v &= 0xff;
          if (v === 10) break;
          out += String.fromCharCode(v);
        } else {
          out += e;
        }
    }
    runStart = i;
  }
  return { value: out, end: n, closed: false };
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return 0;
}
