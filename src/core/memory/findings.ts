// Finding codes of the memory simulator. Codes are stable: never renumber, only add.
// docs/findings.md explains each one; keep the two in step.

import type { Finding, ResolvedWidget, Severity, SourceRange } from '../model';

export const FINDING_CODES = {
  MEM001: 'vpage pool has not enough free pages for a vregion',
  MEM002: 'vpage pool fragmented: no contiguous run for a vregion',
  MEM003: 'vpage allocation limit (CONFIG_SOF_VPAGE_MAX_ALLOCS) reached',
  MEM004: 'vpage mapping failed (region end or physical pages)',
  MEM005: 'vpage pool cannot exist on this platform build',
  MEM010: 'lifetime allocation does not fit in the vregion',
  MEM011: 'less than 1024 bytes left for the interim heap: vregion becomes INVALID',
  MEM012: 'interim allocation does not fit at the first prepare',
  MEM013: 'interim heap runs out after repeated stop/start cycles',
  MEM014: 'declared heap_bytes_requirement is smaller than the inferred need (error when the stream could not start)',
  MEM015: 'declared heap_bytes_requirement is much larger than the inferred need',
  MEM016: 'declared heap is larger than the fixed DP vregion of the current firmware',
  MEM020: 'SRC rate pair not supported by the firmware tables',
  MEM021: 'DP period too short: sink buffer holds less than 1 ms',
  MEM022: 'SRC delay lines exceed the firmware sanity limit',
  MEM030: 'stack_bytes_requirement below the 2048-byte DP thread minimum',
  MEM031: 'heap_bytes_requirement above the 64 MB cap',
  MEM040: 'vpage element-compaction defect would lose a record',
  MEM041: 'DP modules do not get vregions on this platform build',
  MEM050: 'deep buffer got a smaller predefined size than it requested (ladder what-if)',
  MEM051: 'deep buffer does not fit in the vpage pool (deep-buffer what-if)',
} as const;

export type FindingCode = keyof typeof FINDING_CODES;

export interface FindingInput {
  code: FindingCode;
  severity: Severity;
  message: string;
  widget?: ResolvedWidget;
  pipeline?: string;
  attribute?: string;
  suggested?: number | string;
}

/** A Finding located on the attribute to change, or on the widget when the attribute is unset. */
export function finding(f: FindingInput): Finding {
  const w = f.widget;
  let range: SourceRange | undefined;
  if (w) range = (f.attribute ? w.provenance[f.attribute]?.range : undefined) ?? w.range;
  const out: Finding = { code: f.code, severity: f.severity, message: f.message };
  if (w) out.widget = w.name;
  if (f.pipeline !== undefined) out.pipeline = f.pipeline;
  if (f.attribute) out.attribute = f.attribute;
  if (range) out.range = range;
  if (f.suggested !== undefined) out.suggested = f.suggested;
  return out;
}
