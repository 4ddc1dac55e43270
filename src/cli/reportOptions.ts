// Options shared by the commands that report problems: output format and the failing severity.
import type { AnalysisSummary } from '../core/analyze';

export const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

export type FailOn = 'error' | 'warning';

/** `--fail-on` value (default error); undefined for anything else. */
export function failOnOf(s: string | undefined): FailOn | undefined {
  if (s === undefined) return 'error';
  return s === 'error' || s === 'warning' ? s : undefined;
}

export function isFailing(s: AnalysisSummary, failOn: FailOn): boolean {
  return s.failed || (failOn === 'warning' && s.warnings > 0);
}
