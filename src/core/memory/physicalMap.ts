// Physical backing of the vpage pool, derived from the simulator's page maps. The TLB driver maps
// each new virtual page, in address order, onto the first free physical page, and an unmap returns
// it (spec §1.5 step 5, `vpage_free` step 3). Pages that VMH and LLEXT map are not modelled: the
// pool's physical budget is its own (spec §1.2).

/** Runs of allocated virtual pages `[firstPage, pages, owner]`, as in `SimEvent.runs`. */
export type PageRuns = ReadonlyArray<readonly [number, number, number]>;

export interface PhysicalState {
  /** Physical page -> owner id (0 = free). */
  owners: Int32Array;
  /** Virtual page -> physical page (-1 = unmapped). */
  physOf: Int32Array;
}

/** Replays page maps one after another; `step` returns the physical state after each map. */
export class PhysicalReplay {
  private readonly virt: Int32Array;
  private readonly state: PhysicalState;

  constructor(
    readonly virtualPages: number,
    readonly physicalPages: number,
  ) {
    this.virt = new Int32Array(virtualPages);
    this.state = { owners: new Int32Array(physicalPages), physOf: new Int32Array(virtualPages).fill(-1) };
  }

  clone(): PhysicalReplay {
    const c = new PhysicalReplay(this.virtualPages, this.physicalPages);
    c.virt.set(this.virt);
    c.state.owners.set(this.state.owners);
    c.state.physOf.set(this.state.physOf);
    return c;
  }

  /** The state after the last step (shared: the next step changes it). */
  get current(): PhysicalState {
    return this.state;
  }

  step(runs: PageRuns): PhysicalState {
    const next = new Int32Array(this.virtualPages);
    for (const [start, pages, owner] of runs) next.fill(owner, start, Math.min(start + pages, this.virtualPages));
    const { owners, physOf } = this.state;
    // Unmaps first: a page whose owner changed was freed before it was taken again.
    for (let v = 0; v < this.virtualPages; v++) {
      if (this.virt[v] !== 0 && next[v] !== this.virt[v] && physOf[v] >= 0) {
        owners[physOf[v]] = 0;
        physOf[v] = -1;
      }
    }
    let cursor = 0;
    for (let v = 0; v < this.virtualPages; v++) {
      if (next[v] === 0 || physOf[v] >= 0) continue;
      while (cursor < this.physicalPages && owners[cursor] !== 0) cursor++;
      if (cursor === this.physicalPages) break; // out of physical pages: the map fails (MEM004)
      owners[cursor] = next[v];
      physOf[v] = cursor;
    }
    this.virt.set(next);
    return this.state;
  }
}

/**
 * Physical state after any event of a run, for a timeline that moves both ways: replays from the
 * nearest checkpoint (one every `every` events), so a step costs at most `every` page maps.
 */
export class PhysicalTimeline {
  private readonly checkpoints = new Map<number, PhysicalReplay>();

  constructor(
    private readonly maps: readonly PageRuns[],
    private readonly virtualPages: number,
    private readonly physicalPages: number,
    private readonly every = 32,
  ) {}

  at(index: number): PhysicalState {
    let from = -1;
    for (const k of this.checkpoints.keys()) if (k <= index && k > from) from = k;
    const replay = from >= 0 ? (this.checkpoints.get(from) as PhysicalReplay).clone() : new PhysicalReplay(this.virtualPages, this.physicalPages);
    for (let i = from + 1; i <= index && i < this.maps.length; i++) {
      replay.step(this.maps[i]);
      if (i % this.every === 0 && !this.checkpoints.has(i)) this.checkpoints.set(i, replay.clone());
    }
    return replay.current;
  }
}
