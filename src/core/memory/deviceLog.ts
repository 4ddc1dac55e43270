// Reads the vpage and vregion lines of a DSP log, as the SOF logger prints them
// ("[time] <inf> vpage: vpage_alloc: vpage_alloc ptr 0xa0280000 pages 7 free 281/288", or
// sof-logger's "c0 vpage  zephyr/lib/vpage.c:160  INFO vpage_alloc ptr ..."), and the
// simulation's own log lines, into the same operation records. The message formats are the
// firmware's LOG_* format strings (vpage.c, vregion.c at SOF 12dd7265; spec §6).

export type LogModule = 'vpage' | 'vregion';

export interface LogOp {
  module: LogModule;
  /** Which firmware message: e.g. `vpage_alloc`, `vpage_free`, `vregion_create`, `interim_heap`. */
  kind: string;
  /** Numbers of the message; `ptr*` fields are addresses. */
  fields: Record<string, number>;
  /** The message text, without framing. */
  text: string;
}

interface Pattern {
  module: LogModule;
  kind: string;
  re: RegExp;
  /** Field name per capture group; '' skips a group (an address that is not an allocator decision). */
  fields: string[];
}

const P = '(0x[0-9a-fA-F]+|\\(nil\\))';
const N = '(-?\\d+)';
const X = '(0x[0-9a-fA-F]+)';

const PATTERNS: Pattern[] = [
  { module: 'vpage', kind: 'vpage_init', re: new RegExp(`^region ${P} size ${X} pages ${N}$`), fields: ['ptr', 'size', 'pages'] },
  { module: 'vpage', kind: 'vpage_alloc', re: new RegExp(`^vpage_alloc ptr ${P} pages ${N} free ${N}/${N}$`), fields: ['ptr', 'pages', 'free', 'total'] },
  { module: 'vpage', kind: 'vpage_alloc_failed', re: new RegExp(`^vpage_alloc failed ${N} for ${N} pages, total ${N} free ${N}$`), fields: ['error', 'pages', 'total', 'free'] },
  { module: 'vpage', kind: 'not_enough_pages', re: new RegExp(`^error: not enough free pages ${N} for requested pages ${N}$`), fields: ['free', 'pages'] },
  { module: 'vpage', kind: 'max_allocs', re: /^error: max allocation elements reached$/, fields: [] },
  { module: 'vpage', kind: 'no_contiguous_run', re: new RegExp(`^error: failed to allocate ${N} continuous virtual pages, free ${N}$`), fields: ['pages', 'free'] },
  { module: 'vpage', kind: 'map_failed', re: new RegExp(`^error: failed to map virtual region ${P} to physical region ${P}, error ${N}$`), fields: ['ptr', 'ptrRegion', 'error'] },
  { module: 'vpage', kind: 'vpage_free', re: new RegExp(`^vptr ${P} free/total pages ${N}/${N}$`), fields: ['ptr', 'free', 'total'] },
  { module: 'vpage', kind: 'free_misaligned', re: new RegExp(`^error: invalid non aligned page pointer ${P}$`), fields: ['ptr'] },
  { module: 'vpage', kind: 'free_not_found', re: new RegExp(`^error: invalid page pointer ${P} not found$`), fields: ['ptr'] },
  { module: 'vregion', kind: 'vregion_create', re: new RegExp(`^new at base ${P} size ${X} pages ${N} metadata at (.*)$`), fields: ['ptr', 'size', 'pages', ''] },
  { module: 'vregion', kind: 'vregion_invalid_size', re: new RegExp(`^error: invalid vregion memsize ${N}$`), fields: ['bytes'] },
  { module: 'vregion', kind: 'interim_heap', re: new RegExp(`^creating interim heap: lifetime used ${N}, interim available ${N} at ${P}$`), fields: ['lifetimeUsed', 'interimBytes', 'ptr'] },
  { module: 'vregion', kind: 'interim_too_small', re: new RegExp(`^Too little memory, ${N} bytes, left for interim heap$`), fields: ['bytes'] },
  { module: 'vregion', kind: 'already_interim', re: /^vregion (\S+) already in interim mode$/, fields: [''] },
  { module: 'vregion', kind: 'interim_alloc_failed', re: new RegExp(`^interim alloc failed for ${N} bytes align ${N}$`), fields: ['bytes', 'align'] },
  { module: 'vregion', kind: 'lifetime_alloc_failed', re: new RegExp(`^lifetime alloc failed for object ${N} heap ${N} bytes free ${N}$`), fields: ['bytes', 'objectBytes', 'free'] },
  { module: 'vregion', kind: 'invalid_mode', re: new RegExp(`^error: invalid memory type ${N}$`), fields: ['type'] },
  { module: 'vregion', kind: 'free_invalid', re: new RegExp(`^error: vregion free invalid pointer ${P}$`), fields: ['ptr'] },
  { module: 'vregion', kind: 'vregion_info', re: new RegExp(`^base ${P} size ${X} pages ${N}$`), fields: ['ptr', 'size', 'pages'] },
  { module: 'vregion', kind: 'vregion_info_lifetime', re: new RegExp(`^lifetime used ${X} free count ${N}$`), fields: ['lifetimeUsed', 'freeCount'] },
];

const num = (s: string): number => (s === '(nil)' ? 0 : /^-?0x/i.test(s) ? parseInt(s, 16) : Number(s));

/** A message (no framing) as an operation record, or undefined if no firmware format matches. */
export function parseMessage(text: string, module?: LogModule): LogOp | undefined {
  for (const p of PATTERNS) {
    if (module && p.module !== module) continue;
    const m = p.re.exec(text);
    if (!m) continue;
    const fields: Record<string, number> = {};
    p.fields.forEach((f, i) => {
      if (f) fields[f] = num(m[i + 1]);
    });
    return { module: p.module, kind: p.kind, fields, text };
  }
  return undefined;
}

export interface DeviceLogLine {
  /** 1-based line number in the log file. */
  line: number;
  level: 'err' | 'wrn' | 'inf' | 'dbg';
  module: LogModule;
  /** The parsed operation, or undefined for a vpage/vregion line of no known format. */
  op?: LogOp;
  text: string;
}

// Zephyr logging (mtrace): "<inf> vpage: vpage_alloc: message", with an optional core id or
// other token before the module.
const FRAME = /<(err|wrn|inf|dbg)>\s+(?:\S+\s+)?(vpage|vregion):\s+(.*)$/;
// sof-logger's own layout: "c0 vpage  zephyr/lib/vpage.c:160  INFO message".
const SOF_LOGGER = /\b(vpage|vregion)\s+\S+:\d+\s+(ERROR|WARN|INFO|DEBUG|VERBOSE)\s+(.*)$/;
const SOF_LEVEL: Record<string, DeviceLogLine['level']> = { ERROR: 'err', WARN: 'wrn', INFO: 'inf', DEBUG: 'dbg', VERBOSE: 'dbg' };

function frame(raw: string): { level: DeviceLogLine['level']; module: LogModule; message: string } | undefined {
  const z = FRAME.exec(raw);
  if (z) return { level: z[1] as DeviceLogLine['level'], module: z[2] as LogModule, message: z[3] };
  const s = SOF_LOGGER.exec(raw);
  return s ? { level: SOF_LEVEL[s[2]], module: s[1] as LogModule, message: s[3] } : undefined;
}

/** The vpage and vregion lines of a captured log; every other line is ignored. */
export function readDeviceLog(text: string): DeviceLogLine[] {
  const out: DeviceLogLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = frame(raw);
    if (!m) return;
    const module = m.module;
    let message = m.message.trimEnd();
    // CONFIG_LOG_FUNC_NAME_PREFIX_*: "func: message". "error: ..." is part of the message.
    const f = /^(\w+): (.*)$/.exec(message);
    if (f && f[1] !== 'error' && !parseMessage(message, module)) message = f[2];
    out.push({ line: i + 1, level: m.level, module, op: parseMessage(message, module), text: raw });
  });
  return out;
}
