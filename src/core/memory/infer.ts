// Infers what one DP module really needs: replays its own ops (init, binds, set_interim, the
// first prepare and the stop/start cycles) in a fresh single-buffer vregion, growing it a page
// at a time until nothing fails. The answer is the smallest heap_bytes_requirement that works
// under the topology-sized firmware, which rounds to pages anyway.

import type { MemOp, ModuleScript } from './costModels/moduleScripts';
import { ModuleMemory, SharedCopies } from './moduleMemory';
import { VpagePool } from './vpage';
import { Vregion } from './vregion';

export interface ModuleRun {
  ok: boolean;
  /** Phase that failed: init, bind, interim (set_interim), or prepare cycle n. */
  failedAt?: 'init' | 'bind' | 'interim' | number;
  failedTag?: string;
  lifetimeUsed: number;
  interimSize: number;
  interimPeak: number;
}

/** One module alone in a vregion of `pages` pages. */
export function runModuleAlone(script: ModuleScript, binds: MemOp[], cycles: number, pages: number, pageSize: number, cacheLine: number): ModuleRun {
  const pool = new VpagePool({ totalPages: pages + 1, maxAllocs: 1, pageSize });
  const { region } = Vregion.create(pool, pages * pageSize, 1, cacheLine);
  const res: ModuleRun = { ok: false, lifetimeUsed: 0, interimSize: 0, interimPeak: 0 };
  if (!region) return res;
  const mem = new ModuleMemory(region, new SharedCopies());
  const done = (failedAt: ModuleRun['failedAt'], failedTag?: string): ModuleRun => {
    res.lifetimeUsed = region.lifetimeUsed;
    res.interimSize = region.interimSize;
    res.interimPeak = region.interimPeak;
    res.failedAt = failedAt;
    res.failedTag = failedTag;
    res.ok = failedAt === undefined;
    return res;
  };
  let r = mem.runAll(script.init);
  if (!r.ok) return done('init', r.tag);
  r = mem.runAll(binds);
  if (!r.ok) return done('bind', r.tag);
  if (!region.setInterim().ok) return done('interim');
  for (let c = 0; c <= cycles; c++) {
    r = mem.runAll(script.prepare(c));
    if (!r.ok) return done(c, r.tag);
  }
  return done(undefined);
}

export interface Inference {
  /** Smallest page multiple that runs every phase and cycle, or undefined above the cap. */
  heapBytes?: number;
  lifetimeBytes: number;
  interimPeakBytes: number;
}

const MAX_PAGES = 16384; // 64 MB, the #10783 cap

export function inferDpHeap(script: ModuleScript, binds: MemOp[], cycles: number, pageSize: number, cacheLine: number): Inference {
  // Lifetime use and the peak of live interim chunks do not depend on the region size, so a
  // run in a roomy region gives a lower bound; the search only has to cover fragmentation.
  const big = runModuleAlone(script, binds, cycles, 64, pageSize, cacheLine);
  const floor = big.ok ? big.lifetimeUsed + Math.max(1024, big.interimPeak + 64) : big.lifetimeUsed + 1024;
  let pages = Math.max(1, Math.ceil(floor / pageSize));
  let run = runModuleAlone(script, binds, cycles, pages, pageSize, cacheLine);
  while (!run.ok && pages < MAX_PAGES) {
    pages++;
    run = runModuleAlone(script, binds, cycles, pages, pageSize, cacheLine);
  }
  return {
    heapBytes: run.ok ? pages * pageSize : undefined,
    lifetimeBytes: run.lifetimeUsed,
    interimPeakBytes: run.interimPeak,
  };
}
