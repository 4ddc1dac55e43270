// Which job a worker runs next. Targets built from the same top-level file share its parse (the
// worker's load cache), so a worker stays on its file while it has targets, and moves to the
// largest file no other worker is on; only when every file left is taken do two workers share one.
// Each file is then loaded by as few workers as possible.
//
// The state lives in a SharedArrayBuffer and every worker takes its own jobs with atomics: a worker
// never waits for the main thread between two jobs (a round trip costs milliseconds when the cores
// are busy, against 5-25 ms per job), and the last jobs go to whichever worker is free first.

export interface QueuePlan<J> {
  /** The jobs, those of one file together, largest file first. */
  order: J[];
  /** How many jobs each file has, in `order`. */
  sizes: number[];
}

/** Groups jobs by file, largest file first; order within a file is kept. */
export function planQueue<J>(jobs: readonly J[], key: (job: J) => string): QueuePlan<J> {
  const groups = new Map<string, J[]>();
  for (const j of jobs) {
    const k = key(j);
    const g = groups.get(k);
    if (g) g.push(j);
    else groups.set(k, [j]);
  }
  const sorted = [...groups.values()].sort((a, b) => b.length - a.length);
  return { order: sorted.flat(), sizes: sorted.map((g) => g.length) };
}

/** Int32 slots: per file the next job and the workers on it; per worker its file and its job. */
export function queueMemory(files: number, workers: number): SharedArrayBuffer {
  const memory = new SharedArrayBuffer(4 * (2 * files + 2 * workers));
  new Int32Array(memory, 8 * files).fill(-1);
  return memory;
}

export class AffinityQueue {
  private readonly next: Int32Array;
  private readonly workersOn: Int32Array;
  private readonly fileOf: Int32Array;
  private readonly running: Int32Array;
  private readonly starts: number[] = [];

  constructor(
    private readonly sizes: readonly number[],
    workers: number,
    memory: SharedArrayBuffer,
  ) {
    const n = sizes.length;
    this.next = new Int32Array(memory, 0, n);
    this.workersOn = new Int32Array(memory, 4 * n, n);
    this.fileOf = new Int32Array(memory, 8 * n, workers);
    this.running = new Int32Array(memory, 8 * n + 4 * workers, workers);
    let at = 0;
    for (const s of sizes) {
      this.starts.push(at);
      at += s;
    }
  }

  /** The position in the plan's order of the next job for `worker`, or undefined when none is left. */
  take(worker: number): number | undefined {
    for (;;) {
      const mine = Atomics.load(this.fileOf, worker);
      if (mine >= 0) {
        const i = Atomics.add(this.next, mine, 1);
        if (i < this.sizes[mine]) return this.start(worker, this.starts[mine] + i);
        this.leave(worker);
      }
      // Unshared files first, then the most jobs left. Another worker may take the same file at
      // the same moment: then both share it, which costs a second load, never a job.
      let best = -1;
      let bestScore = -1;
      for (let f = 0; f < this.sizes.length; f++) {
        const left = this.sizes[f] - Atomics.load(this.next, f);
        if (left <= 0) continue;
        const score = (Atomics.load(this.workersOn, f) === 0 ? 1e9 : 0) + left;
        if (score > bestScore) [best, bestScore] = [f, score];
      }
      if (best < 0) {
        Atomics.store(this.running, worker, -1);
        return undefined;
      }
      Atomics.add(this.workersOn, best, 1);
      Atomics.store(this.fileOf, worker, best);
    }
  }

  /** The job `worker` took and has not finished, if any: the one it was running when it died. */
  runningJob(worker: number): number | undefined {
    const j = Atomics.load(this.running, worker);
    return j < 0 ? undefined : j;
  }

  /** `worker` is done with its job (its outcome is on the way). */
  finish(worker: number): void {
    Atomics.store(this.running, worker, -1);
  }

  /** `worker` is gone, or has run out of jobs in its file: it no longer counts as on it. */
  leave(worker: number): void {
    const mine = Atomics.exchange(this.fileOf, worker, -1);
    if (mine >= 0) Atomics.sub(this.workersOn, mine, 1);
    Atomics.store(this.running, worker, -1);
  }

  /** Jobs nobody has taken yet. */
  left(): number {
    let n = 0;
    for (let f = 0; f < this.sizes.length; f++) n += Math.max(0, this.sizes[f] - Atomics.load(this.next, f));
    return n;
  }

  private start(worker: number, job: number): number {
    Atomics.store(this.running, worker, job);
    return job;
  }
}
