// Runs independent script runs concurrently (--jobs), each run's RPCs still
// strictly in order inside playRun. Runs start in matrix order; with
// --fail-fast a script's remaining runs are skipped after its first failure,
// which is what the Go runner's sequential loop amounts to.
//
// A run may also hold resources (the servers it plays on) of which only a
// few runs may hold each at once: another stack's server gets one run at a
// time by default, since some (MLSpp's interop client) are not safe under
// concurrent calls. A run that has to wait for such a server lets later runs
// that do not need it go first, so our own servers stay busy meanwhile.

export interface ScheduleOptions<S, R> {
  jobs: number;
  failFast: boolean;
  /** Runs that share a group stop together under --fail-fast. */
  groupOf(spec: S): string;
  execute(spec: S): Promise<R>;
  /** Whether a result stops its group under --fail-fast. */
  stops(result: R): boolean;
  onResult(spec: S, result: R): void;
  signal?: AbortSignal;
  /** The limited resources a run holds while it plays (default: none). */
  resourcesOf?(spec: S): readonly string[];
  /** How many runs may hold a resource at once (default: no limit but --jobs). */
  capacityOf?(resource: string): number;
}

interface Queue<S> {
  resources: string[];
  entries: Array<{ spec: S; position: number }>;
  next: number;
}

/** Returns the specs that were never started (fail-fast or interruption). */
export async function schedule<S, R>(specs: readonly S[], options: ScheduleOptions<S, R>): Promise<S[]> {
  const stopped = new Set<string>();
  const skipped: S[] = [];
  // One queue per set of resources, each in matrix order: the next run to
  // start is the earliest queue head whose resources are free.
  const queues = new Map<string, Queue<S>>();
  for (const [position, spec] of specs.entries()) {
    const resources = [...new Set(options.resourcesOf?.(spec) ?? [])].sort();
    const key = resources.join("\0");
    const queue = queues.get(key) ?? { resources, entries: [], next: 0 };
    queue.entries.push({ spec, position });
    queues.set(key, queue);
  }
  const inUse = new Map<string, number>();
  const free = (queue: Queue<S>) =>
    queue.resources.every((r) => (inUse.get(r) ?? 0) < (options.capacityOf?.(r) ?? Number.POSITIVE_INFINITY));
  const hold = (resources: readonly string[], delta: number) => {
    for (const r of resources) inUse.set(r, (inUse.get(r) ?? 0) + delta);
  };

  const take = (): { spec: S; resources: string[] } | undefined => {
    let best: Queue<S> | undefined;
    for (const queue of queues.values()) {
      // Runs that must not start any more are dropped from the head first.
      for (let head = queue.entries[queue.next]; head !== undefined; head = queue.entries[queue.next]) {
        const group = options.groupOf(head.spec);
        if (options.signal?.aborted !== true && !(options.failFast && stopped.has(group))) break;
        skipped.push(head.spec);
        queue.next++;
      }
      const head = queue.entries[queue.next];
      if (head === undefined || !free(queue)) continue;
      if (best === undefined || head.position < (best.entries[best.next]?.position ?? Infinity)) best = queue;
    }
    const entry = best?.entries[best.next++];
    return best === undefined || entry === undefined ? undefined : { spec: entry.spec, resources: best.resources };
  };

  const jobs = Math.max(1, options.jobs);
  let running = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const pump = (): void => {
      if (failed) return;
      while (running < jobs) {
        const next = take();
        if (next === undefined) break;
        running++;
        hold(next.resources, 1);
        let played: Promise<R>;
        try {
          played = options.execute(next.spec);
        } catch (error) {
          played = Promise.reject(error as Error);
        }
        played.then(
          (result) => {
            running--;
            hold(next.resources, -1);
            if (options.failFast && options.stops(result)) stopped.add(options.groupOf(next.spec));
            try {
              options.onResult(next.spec, result);
            } catch (error) {
              failed = true;
              reject(error);
              return;
            }
            pump();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
      // Nothing running and nothing startable: every queue is empty (a run
      // never waits for a resource no one holds).
      if (running === 0) resolve();
    };
    pump();
  });
  return skipped;
}
