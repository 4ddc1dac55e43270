// Rule configuration, as linters have it: a file at the repository root
// (.tplg-budget/config.json, or --config) sets each code's severity or turns it off.
//   { "rules": { "TPLG112": "off", "TPLG009": "info", "MEM013": "error", "TPLG11*": "warning" } }
// A trailing `*` matches every code with that prefix; an exact code wins over a prefix, and a
// longer prefix over a shorter one. The reference compiler's verdict is not configurable: a
// topology alsatplg rejects still fails, whatever its diagnostics are set to.
import type { Diagnostic, Finding, Severity } from '../model';

export type RuleLevel = Severity | 'off';

export interface RuleConfig {
  rules: Record<string, RuleLevel>;
}

/** Where the command line and the editor look for it, relative to the repository root. */
export const CONFIG_FILE = '.tplg-budget/config.json';

const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'off'];

/** The configuration in `text`, and what is wrong with it (each problem names `source`). */
export function parseRuleConfig(text: string, source: string): { config: RuleConfig; problems: string[] } {
  const problems: string[] = [];
  const config: RuleConfig = { rules: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { config, problems: [`${source}: not JSON: ${(e as Error).message}`] };
  }
  const rules = (raw as { rules?: unknown } | null)?.rules;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { config, problems: [`${source}: expected an object {"rules": {...}}`] };
  for (const k of Object.keys(raw)) if (k !== 'rules') problems.push(`${source}: unknown key "${k}" (only "rules")`);
  if (rules === undefined) return { config, problems };
  if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) return { config, problems: [...problems, `${source}: "rules" must map codes to ${LEVELS.join(' | ')}`] };
  for (const [code, level] of Object.entries(rules as Record<string, unknown>)) {
    if (!/^[A-Z]+\d*\*?$/.test(code)) problems.push(`${source}: "${code.slice(0, 40)}" is not a code (TPLG112) or a prefix (TPLG11*)`);
    else if (typeof level !== 'string' || !LEVELS.includes(level as RuleLevel)) problems.push(`${source}: ${code}: "${String(level).slice(0, 40)}" is not one of ${LEVELS.join(', ')}`);
    else config.rules[code] = level as RuleLevel;
  }
  return { config, problems };
}

/** The level configured for `code`, if any. */
export function ruleLevel(config: RuleConfig, code: string): RuleLevel | undefined {
  if (Object.prototype.hasOwnProperty.call(config.rules, code)) return config.rules[code];
  let best: string | undefined;
  for (const k of Object.keys(config.rules)) {
    if (k.endsWith('*') && code.startsWith(k.slice(0, -1)) && (!best || k.length > best.length)) best = k;
  }
  return best ? config.rules[best] : undefined;
}

/** `list` with each problem at its configured severity; the ones turned off are left out. */
export function applyRules<T extends Finding | Diagnostic>(list: readonly T[], config: RuleConfig | undefined): T[] {
  if (!config || !Object.keys(config.rules).length) return [...list];
  const out: T[] = [];
  for (const p of list) {
    const level = ruleLevel(config, p.code);
    if (level === 'off') continue;
    out.push(level && level !== p.severity ? { ...p, severity: level } : p);
  }
  return out;
}
