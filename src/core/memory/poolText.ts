// One-line explanations of a simulation's vpage pool for every report: where the pool sits
// relative to the firmware image, and why a run has no vregions at all.
import type { SimulationResult } from './simulate';
import { hex } from './hex';

const kib = (b: number): string => `${+(b / 1024).toFixed(1)} KiB`;

/**
 * `pool base = image end + virtual heap; region bytes = pages x page size, up to its end`: the
 * three addresses a reader otherwise finds in different places and cannot relate.
 */
export function poolGeometryText(pool: SimulationResult['pool']): string {
  const est = pool.imageEndIsEstimate ? ' (estimated)' : '';
  const vh = pool.baseAddress - pool.imageEnd;
  return (
    `base ${hex(pool.baseAddress)} = image end ${hex(pool.imageEnd)}${est} + ${kib(vh)} virtual heap; ` +
    `${kib(pool.regionBytes)} up to ${hex(pool.baseAddress + pool.regionBytes)} (L2 end less the LLEXT region) = ` +
    `${pool.totalPages} pages of ${pool.pageSize} B`
  );
}

/** Why the run created no vregion, when it created none; undefined when it created some. */
export function noVregionsText(r: SimulationResult): string | undefined {
  if (r.vregions.length) return undefined;
  const dp = r.widgets.filter((w) => w.domain === 'DP').length;
  if (dp === 0) return `no vregions: this target has no DP modules under ${r.model}`;
  if (r.pool.unusable) return `no vregions: the vpage pool is unusable (${r.pool.unusable})`;
  return `no vregions: its ${dp} DP module${dp === 1 ? '' : 's'} get no vregion under ${r.model} on ${r.platform}`;
}
