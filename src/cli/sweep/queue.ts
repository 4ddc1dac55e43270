// Which job an idle worker runs next. Targets built from the same top-level file share its
// parse (the worker's load cache), so a worker stays on its file while it has targets, and moves
// to the largest file no other worker is on; only when every file left is taken do two workers
// share one. Each file is then loaded by as few workers as possible.

export class AffinityQueue<J> {
  private readonly groups = new Map<string, J[]>();
  private readonly workersOn = new Map<string, number>();
  private readonly current = new Map<number, string>();

  constructor(jobs: readonly J[], key: (job: J) => string) {
    for (const j of jobs) {
      const k = key(j);
      const g = this.groups.get(k);
      if (g) g.push(j);
      else this.groups.set(k, [j]);
    }
  }

  /** The next job for `worker`, or undefined when none is left. */
  take(worker: number): J | undefined {
    const mine = this.current.get(worker);
    if (mine !== undefined && this.groups.get(mine)?.length) return this.groups.get(mine)?.shift();
    let best: string | undefined;
    let bestScore = -1;
    for (const [k, list] of this.groups) {
      if (!list.length) continue;
      // Unshared files first, then the most targets left.
      const score = ((this.workersOn.get(k) ?? 0) === 0 ? 1e9 : 0) + list.length;
      if (score > bestScore) [best, bestScore] = [k, score];
    }
    if (mine !== undefined) this.workersOn.set(mine, (this.workersOn.get(mine) ?? 1) - 1);
    if (best === undefined) {
      this.current.delete(worker);
      return undefined;
    }
    this.current.set(worker, best);
    this.workersOn.set(best, (this.workersOn.get(best) ?? 0) + 1);
    return this.groups.get(best)?.shift();
  }
}
