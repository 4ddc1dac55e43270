// What a host or DAI copier's hover says about its DMA buffer and, for a host deep buffer, the
// deep-buffer what-if. Pure: markdown text from a simulation result; editors only display it.

import type { SimulationResult } from './simulate';

const b = (n: number | undefined): string => (n === undefined ? '-' : n % 1024 === 0 ? `${n / 1024} KiB` : `${n} B`);

/** Markdown lines for `widget`'s DMA buffer, or undefined when it is not a host or DAI copier. */
export function copierDmaHover(sim: SimulationResult | undefined, widget: string): string | undefined {
  const d = sim?.dmaBuffers.list.find((x) => x.widget === widget);
  if (!sim || !d) return undefined;
  const lines = [
    `DMA buffer (${d.kind}, ${d.direction}): the driver asks ${b(d.requestedBytes)}${d.deepBufferMs !== undefined ? ` (deep_buffer_dma_ms ${d.deepBufferMs})` : ' (2 ms)'}; ` +
      `the firmware allocates ${b(d.preferredBytes)}, at least ${b(d.minimumBytes)} (4 periods of ${b(d.periodBytes)}), in sof_heap outside the vpage pool` +
      ' _(checked against host-zephyr.c / dai-zephyr.c; the format is the largest advertised: estimate)_',
  ];
  const deep = sim.deepBuffers.find((x) => x.widget === widget);
  if (deep && deep.placement === 'vpage-pool') {
    const how = deep.ladderMs ? `ladder ${deep.ladderMs.join('/')} ms` : 'exact size';
    lines.push(
      deep.ok
        ? `Deep-buffer what-if (${how}): got ${deep.obtainedMs} ms = ${b(deep.obtainedBytes)}, ${deep.pages} pages from page ${deep.firstPage}; ${deep.pagesLeft} pages left to the others` +
            (deep.obtainedMs !== undefined && deep.obtainedMs < deep.requestedMs ? `; ${Math.round((deep.requestedMs - deep.obtainedMs) * 10) / 10} ms less latency headroom than asked` : '')
        : `Deep-buffer what-if (${how}): the ${deep.requestedMs} ms deep buffer does not fit in the vpage pool`,
    );
  }
  return lines.join('\n\n');
}
