// Spreads a file's cases over worker threads in small ranges, so one large
// file (treekem, the passive configs) keeps every core busy.
import { Worker } from "node:worker_threads";
import { workerOptions } from "../ts-mls/rfc-codecs/register.js";
import type { VectorFile } from "./loader.js";
import type { CaseOutcome } from "./outcome.js";
import type { CaseRange, RangeResult } from "./worker-messages.js";

/** Small enough that the slow ciphersuites' cases spread over all workers. */
const rangeSize = 4;

export class WorkerPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly queue: CaseRange[] = [];
  private readonly pending = new Map<number, { resolve: (o: CaseOutcome[]) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      // Node 20 does not pass module hooks on to workers: they register the RFC codecs themselves.
      const worker = new Worker(new URL("./case-worker.js", import.meta.url), workerOptions());
      worker.on("message", (result: RangeResult) => this.settle(worker, result));
      worker.on("error", (err) => this.failAll(err));
      return worker;
    });
    this.idle = [...this.workers];
  }

  /** Outcomes of cases 0..count-1 of `file` through the verifier named, in order. */
  async run(file: VectorFile, verifier: string, count: number): Promise<CaseOutcome[]> {
    const ranges: Array<Promise<CaseOutcome[]>> = [];
    for (let start = 0; start < count; start += rangeSize) {
      const range: CaseRange = { id: this.nextId++, file, verifier, start, end: Math.min(count, start + rangeSize) };
      ranges.push(new Promise((resolve, reject) => this.pending.set(range.id, { resolve, reject })));
      this.queue.push(range);
    }
    this.dispatch();
    return (await Promise.all(ranges)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) this.idle.pop()?.postMessage(this.queue.shift());
  }

  private settle(worker: Worker, result: RangeResult): void {
    const waiter = this.pending.get(result.id);
    this.pending.delete(result.id);
    if ("error" in result) waiter?.reject(new Error(result.error));
    else waiter?.resolve(result.outcomes);
    this.idle.push(worker);
    this.dispatch();
  }

  private failAll(err: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}
