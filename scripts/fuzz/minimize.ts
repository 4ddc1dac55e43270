// Shrinks a problem case before it is kept: drops mutated files that do not matter, then chunks of
// lines and of characters from the rest while the same problem still shows (a bounded ddmin).
import type { FuzzCase } from './case';

/** `still(c)` tells whether `c` shows the problem; at most `budget` calls are made. */
export function minimize(c: FuzzCase, still: (c: FuzzCase) => boolean, budget = 400): FuzzCase {
  let best = c;
  let tries = 0;
  const attempt = (cand: FuzzCase): boolean => {
    if (tries++ >= budget || !still(cand)) return false;
    best = cand;
    return true;
  };
  for (const file of Object.keys(best.overlay)) {
    const { [file]: _dropped, ...rest } = best.overlay;
    if (Object.keys(rest).length) attempt({ ...best, overlay: rest });
  }
  for (const file of Object.keys(best.overlay)) {
    for (const unit of ['\n', '']) {
      let parts = split(best.overlay[file], unit);
      for (let size = Math.max(1, parts.length >> 1); size >= 1 && tries < budget; size >>= 1) {
        for (let i = 0; i < parts.length && tries < budget; ) {
          const cand = [...parts.slice(0, i), ...parts.slice(i + size)];
          if (attempt({ ...best, overlay: { ...best.overlay, [file]: cand.join('') } })) parts = cand;
          else i += size;
        }
      }
    }
  }
  return best;
}

/** Lines (keeping their newline) or characters. */
function split(text: string, unit: string): string[] {
  return unit ? text.split(/(?<=\n)/) : [...text];
}
