// A top-level file analysed as written, without the defines its build target passes with -D,
// fails in a way that says nothing about the file: `$SSP_BLOB_VERSION` is undefined, an
// IncludeByKey has no key, and every object that used them cannot be built. Those errors are
// true of the file on its own, but what they mean is "choose a build target", so an editor
// shows that instead, once.
import type { Diagnostic, ResolveResult, SourceRange } from '../model';

/** The one diagnostic that stands for them. */
export const NEEDS_TARGET_CODE = 'TPLG190';

/** The define a diagnostic misses, when it only misses one (SOF names defines in capitals). */
function missingDefine(d: Diagnostic): string | undefined {
  if (d.code === 'TPLG123') return /Failed to find definition for attribute ([A-Z][A-Z0-9_]*) in /.exec(d.message)?.[1];
  if (d.code === 'TPLG151') return /No variable defined for ([A-Z][A-Z0-9_]*)/.exec(d.message)?.[1];
  return undefined;
}

/** Errors that follow from a missing define rather than say one is missing. */
const CONSEQUENCES = new Set(['TPLG101', 'TPLG133']);

/**
 * The names of the defines `result`'s errors miss, when every error is a missing define or a
 * consequence of one; undefined when any error means something else (or there is none).
 */
export function onlyMissingDefines(result: ResolveResult): string[] | undefined {
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const names = new Set<string>();
  for (const d of errors) {
    const name = missingDefine(d);
    if (name) names.add(name);
    else if (!CONSEQUENCES.has(d.code)) return undefined;
  }
  return names.size ? [...names].sort() : undefined;
}

/**
 * `diagnostics` with the errors that only mean "no defines given" replaced by one information
 * diagnostic on line 1 of `input`; unchanged when there are other errors. Warnings stay.
 */
export function collapseMissingDefines(result: ResolveResult, input: string, fileName: string): Diagnostic[] {
  const names = onlyMissingDefines(result);
  if (!names) return result.diagnostics;
  const shown = names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', ');
  const range: SourceRange = { file: input, line: 1, col: 1, endLine: 1, endCol: 1, offset: 0, endOffset: 0 };
  const info: Diagnostic = {
    severity: 'info',
    code: NEEDS_TARGET_CODE,
    message:
      `${fileName} needs defines that its build target passes with -D (${shown}); analysed on its own it does not compile, ` +
      'and nothing is simulated. Select a build target (SOF: Select Build Target) to analyse it as SOF builds it.',
    range,
  };
  return [info, ...result.diagnostics.filter((d) => d.severity !== 'error')];
}
