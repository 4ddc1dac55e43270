// Records the simulation's allocator calls as replay operations (replay.ts), in the order the
// firmware would make them, so one topology's sequence can be replayed on the model or run on
// the firmware's own code (harness/firmware) to produce the log a device would print.

import type { TraceOp } from './replay';
import { hex } from './hex';


export class AllocJournal {
  readonly ops: TraceOp[] = [];
  /** vpage index of each live vregion's pages -> its id, so a pool free becomes vregion_put. */
  private readonly regionAt = new Map<number, string>();

  created(id: string, bytes: number, vpage: number | undefined): void {
    this.ops.push({ op: 'create', id, bytes });
    if (vpage !== undefined) this.regionAt.set(vpage, id);
  }

  createdSplit(id: string, lifetimeBytes: number, interimBytes: number, vpage: number | undefined): void {
    this.ops.push({ op: 'create_split', id, lifetimeBytes, interimBytes });
    if (vpage !== undefined) this.regionAt.set(vpage, id);
  }

  allocated(region: string, bytes: number, align: number, coherent: boolean, type?: 'lifetime' | 'interim'): void {
    this.ops.push({ op: 'alloc', region, bytes, ...(align ? { align } : {}), ...(coherent ? { coherent } : {}), ...(type ? { type } : {}) });
  }

  setInterim(region: string): void {
    this.ops.push({ op: 'set_interim', region });
  }

  freed(region: string, ptr: number): void {
    this.ops.push({ op: 'free', region, ptr: hex(ptr) });
  }

  /** A pool free: the last put of a vregion (vregion_put frees its pages), else a raw vpage_free. */
  pagesFreed(vpage: number, address: number): void {
    const id = this.regionAt.get(vpage);
    if (id === undefined) {
      this.ops.push({ op: 'vpage_free', ptr: hex(address) });
      return;
    }
    this.regionAt.delete(vpage);
    this.ops.push({ op: 'put', region: id });
  }
}
