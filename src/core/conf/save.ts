// Text form of a ConfNode tree exactly as alsa-lib's snd_config_save writes it, so our resolved
// output can be compared byte for byte with the reference's `-P` output and shown to users.
import { ConfNode } from './node';

export function saveConfig(root: ConfNode): string {
  const out: string[] = [];
  saveChildren(root, out, 0, 0, false);
  return out.join('');
}

function saveChildren(n: ConfNode, out: string[], level: number, joins: number, array: boolean): void {
  for (const k of n.kids) {
    if (k.type === 'compound' && k.join) {
      saveChildren(k, out, level, joins + 1, false);
      continue;
    }
    out.push('\t'.repeat(level));
    if (!array) {
      out.push(joinedId(k, joins), ' ');
    }
    saveValue(k, out, level);
    out.push('\n');
  }
}

function joinedId(n: ConfNode, joins: number): string {
  if (joins > 0 && n.parent) return joinedId(n.parent, joins - 1) + '.' + quoteString(n.id, true);
  return quoteString(n.id, true);
}

function saveValue(n: ConfNode, out: string[], level: number): void {
  switch (n.type) {
    case 'integer':
    case 'integer64':
      out.push(String(n.value));
      return;
    case 'real':
      out.push(formatReal(n.value as number).padEnd(16, ' '));
      return;
    case 'string':
      out.push(quoteString(n.value as string, false));
      return;
    case 'compound': {
      const array = n.arrayLength() > 0;
      out.push(array ? '[' : '{', '\n');
      saveChildren(n, out, level + 1, 0, array);
      out.push('\t'.repeat(level), array ? ']' : '}');
    }
  }
}

const QUOTE_TRIGGERS = new Set([' ', '=', ';', ',', '.', '{', '}', '[', ']', "'", '"', '*', '#']);

/** string_print: quote when needed, preferring single quotes. */
export function quoteString(s: string, isId: boolean): string {
  if (s.length === 0) return "''";
  let quote = !isId && ((s[0] >= '0' && s[0] <= '9') || s[0] === '-');
  if (!quote) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c <= 31 || c >= 127 || QUOTE_TRIGGERS.has(s[i])) {
        quote = true;
        break;
      }
    }
  }
  if (!quote) return s;
  const q = s.includes("'") ? '"' : "'";
  let r = q;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    switch (ch) {
      case '\n': r += '\\n'; break;
      case '\t': r += '\\t'; break;
      case '\v': r += '\\v'; break;
      case '\b': r += '\\b'; break;
      case '\r': r += '\\r'; break;
      case '\f': r += '\\f'; break;
      default:
        if (ch === q) r += '\\' + ch;
        else if (c >= 32 && c <= 126) r += ch;
        else r += '\\' + (c & 0xff).toString(8).padStart(4, '0');
    }
  }
  return r + q;
}

/** printf("%g"). */
export function formatReal(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v < 0 ? '-inf' : 'inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = v.toExponential(5).split('e');
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const en = parseInt(e, 10);
    return `${mant}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  const fixed = v.toFixed(Math.max(0, 5 - exp));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
