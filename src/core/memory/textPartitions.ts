// TEXT partition what-if for loadable (LLEXT) DP modules, the two layouts of the vregions review:
// phase I's TEXT partition in every DP module's vregion (one copy of the code per instance) against
// the reviewer's one mapping per module type, shared by every instance, which is also what the
// llext manager does today (pages mapped at the first load, released after the last free:
// llext_manager.c:211-300, spec §7.1 item 7). Sizes are the loader's page-aligned regions from the
// module's ELF, or a profile's per-UUID bytes.

import { normalizeUuid } from './profiles';
import type { WidgetReport } from './simulate';

export interface TextModuleReport {
  uuid: string;
  /** Where the size came from: an ELF file name or `profile`. */
  source: string;
  /** Mapped bytes (whole pages) of one copy of the module's text, rodata and data. */
  bytes: number;
  pages: number;
  /** DP widgets of this module type. */
  instances: string[];
}

export interface TextPartitionReport {
  modules: TextModuleReport[];
  /** Phase I proposal: a TEXT partition in each DP module's vregion. */
  perVregionPages: number;
  /** Review counter-proposal (and the llext manager today): one mapping per module type. */
  sharedPages: number;
  /** Pages the shared layout saves over the per-vregion one. */
  savedPages: number;
  /** Free pool pages at the run's peak, against which either layout would be taken. */
  freePagesAtPeak: number;
}

export interface ModuleTextSize {
  bytes: number;
  source: string;
}

/** The two layouts for the DP widgets whose module UUID has a known size; undefined if none. */
export function textPartitions(
  widgets: Array<Pick<WidgetReport, 'name' | 'domain'> & { uuid?: string }>,
  sizes: Map<string, ModuleTextSize>,
  pageSize: number,
  freePagesAtPeak: number,
): TextPartitionReport | undefined {
  const byUuid = new Map<string, TextModuleReport>();
  for (const w of widgets) {
    if (w.domain !== 'DP' || !w.uuid) continue;
    const uuid = normalizeUuid(w.uuid);
    const size = sizes.get(uuid);
    if (!size) continue;
    const pages = Math.ceil(size.bytes / pageSize);
    const m = byUuid.get(uuid) ?? { uuid, source: size.source, bytes: pages * pageSize, pages, instances: [] };
    m.instances.push(w.name);
    byUuid.set(uuid, m);
  }
  if (!byUuid.size) return undefined;
  const modules = [...byUuid.values()];
  const perVregionPages = modules.reduce((a, m) => a + m.pages * m.instances.length, 0);
  const sharedPages = modules.reduce((a, m) => a + m.pages, 0);
  return { modules, perVregionPages, sharedPages, savedPages: perVregionPages - sharedPages, freePagesAtPeak };
}
