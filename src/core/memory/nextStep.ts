// Under a firmware model that ignores heap_bytes_requirement (`current`), a heap finding can only
// say "the firmware ignores it", which leaves the reader nowhere. This says what the same
// topology does under `topology-sized`, the design that reads the value, and which value to
// write for it: the next step, and the quick fix an editor can offer.
import type { Finding } from '../model';
import type { FirmwareModelId } from './models';

/** The model a heap finding's next step is computed under. */
export const SIZED_MODEL: FirmwareModelId = 'topology-sized';

const HEAP = 'heap_bytes_requirement';

/** Findings whose only advice under an ignoring model is the heap value. */
export function needsNextStep(f: Finding): boolean {
  return f.attribute === HEAP && f.suggested === undefined && !!f.widget && /^MEM01[0-3]$/.test(f.code);
}

/**
 * `findings` of an ignoring model, each heap finding extended with what `sized` (the same run
 * under topology-sized) says about its widget: the value to write, or that the declared one fits.
 */
export function withNextSteps(findings: readonly Finding[], sized: readonly Finding[], declared: ReadonlyMap<string, number | undefined>): Finding[] {
  return findings.map((f) => {
    if (!needsNextStep(f)) return f;
    const alt = sized.find((x) => x.widget === f.widget && x.attribute === HEAP);
    const has = declared.get(f.widget as string);
    const value = has === undefined ? `no ${HEAP} (default 20480)` : `${HEAP} ${has}`;
    if (alt && typeof alt.suggested === 'number') {
      return {
        ...f,
        message: `${f.message}. Next step: under ${SIZED_MODEL} (vregions phase II), which sizes the vregion from ${value}, it fails too (${alt.code}); set ${HEAP} to ${alt.suggested} so the topology is ready for it`,
        nextStep: { model: SIZED_MODEL, suggested: alt.suggested, code: alt.code },
      };
    }
    if (alt) return { ...f, message: `${f.message}. Under ${SIZED_MODEL} it fails too (${alt.code}: ${alt.message})`, nextStep: { model: SIZED_MODEL, code: alt.code } };
    return { ...f, message: `${f.message}. Under ${SIZED_MODEL}, which sizes the vregion from ${value}, it fits: nothing to change for that design`, nextStep: { model: SIZED_MODEL } };
  });
}
