// Typing of unquoted values (alsa-lib parse_value): strtoll with base 0 over the whole token, then
// strtod, else a string. So `010` is 8, `08` is the real 8.0 and `1e400` stays a string.

export type TypedNumber = { type: 'integer'; value: bigint } | { type: 'real'; value: number };

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Plain decimal integers of up to 9 digits (most values in topologies), without BigInt. */
export function smallDecimal(text: string): number | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (n - i < 1 || n - i > 9) return undefined;
  const first = text.charCodeAt(i);
  if (first === 48 && n - i > 1) return undefined; // leading zero: octal rules apply
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(text) || 0; // "-0" is the integer 0
}

/** The typed value of an unquoted token, or undefined when it is a string. */
export function parseNumber(text: string): TypedNumber | undefined {
  const c = text.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45)) return undefined;
  const i = strtollBase0(text);
  if (i !== undefined) return { type: 'integer', value: i };
  const r = strtod(text);
  if (r !== undefined) return { type: 'real', value: r };
  return undefined;
}

/** strtoll(s, &end, 0) requiring full consumption and no overflow. */
export function strtollBase0(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = BigInt(s);
  else if (/^0[0-7]*$/.test(s)) v = s.length > 1 ? BigInt('0o' + s.slice(1)) : 0n;
  else if (/^[1-9][0-9]*$/.test(s)) v = BigInt(s);
  else return undefined;
  if (neg) v = -v;
  if (v > INT64_MAX || v < INT64_MIN) return undefined;
  return v;
}

const DEC = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const HEX = /^([-+]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([-+]?\d+))?$/;
const SPECIAL = /^([-+]?)(inf|infinity|nan(\([0-9A-Za-z_]*\))?)$/i;

/** strtod in the C locale requiring full consumption; undefined on overflow or underflow (ERANGE). */
export function strtod(text: string): number | undefined {
  if (DEC.test(text)) {
    const v = Number(text);
    if (!Number.isFinite(v)) return undefined;
    if (v === 0 && /[1-9]/.test(text.replace(/[eE].*$/, ''))) return undefined;
    if (v !== 0 && Math.abs(v) < 2.2250738585072014e-308) return undefined;
    return v;
  }
  const h = HEX.exec(text);
  if (h && (h[2] || h[3])) {
    const digits = (h[2] ?? '') + (h[3] ?? '');
    let v = 0;
    for (const d of digits) v = v * 16 + parseInt(d, 16);
    const exp = (h[4] ? parseInt(h[4], 10) : 0) - 4 * (h[3] ?? '').length;
    v = v * Math.pow(2, exp);
    if (!Number.isFinite(v)) return undefined;
    return h[1] === '-' ? -v : v;
  }
  const s = SPECIAL.exec(text);
  if (s) {
    const v = s[2].toLowerCase().startsWith('inf') ? Infinity : NaN;
    return s[1] === '-' ? -v : v;
  }
  return undefined;
}
