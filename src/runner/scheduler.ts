// Runs independent script runs concurrently (--jobs), each run's RPCs still
// strictly in order inside playRun. Runs start in matrix order; with
// --fail-fast a script's remaining runs are skipped after its first failure,
// which is what the Go runner's sequential loop amounts to.

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
}

/** Returns the specs that were never started (fail-fast or interruption). */
export async function schedule<S, R>(specs: readonly S[], options: ScheduleOptions<S, R>): Promise<S[]> {
  const stopped = new Set<string>();
  const skipped: S[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const position = next++;
      if (position >= specs.length) return;
      const spec = specs[position] as S;
      const group = options.groupOf(spec);
      if (options.signal?.aborted === true || (options.failFast && stopped.has(group))) {
        skipped.push(spec);
        continue;
      }
      const result = await options.execute(spec);
      if (options.failFast && options.stops(result)) stopped.add(group);
      options.onResult(spec, result);
    }
  };
  const workers = Math.max(1, Math.min(options.jobs, specs.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return skipped;
}
