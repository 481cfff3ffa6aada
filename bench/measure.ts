// Timing and memory primitives shared by every bench section. Medians, not
// means: a 2-core machine shared with other work throws the odd outlier.
import { performance } from "node:perf_hooks";

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Milliseconds `fn` took, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

export interface Samples {
  /** Wall milliseconds of each timed call. */
  wall: number[];
  /** CPU milliseconds each timed call cost, as the given clock counts them. */
  cpu: number[];
}

/** CPU milliseconds this process has used, all threads (WebCrypto runs on libuv's pool). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `prepare` (untimed) then `measure` (timed) `warmup + rounds` times and
 * returns the last `rounds` timings: the first calls pay for JIT compilation
 * and lazily built tables, which no steady state pays. `cpuMs` is the CPU
 * clock of whichever process does the work.
 */
export async function sample<P>(
  rounds: number,
  warmup: number,
  prepare: (i: number) => Promise<P>,
  measure: (prepared: P, i: number) => Promise<unknown>,
  cpuMs: () => number = ownCpuMs,
): Promise<Samples> {
  const out: Samples = { wall: [], cpu: [] };
  for (let i = 0; i < warmup + rounds; i++) {
    const prepared = await prepare(i);
    const cpuBefore = cpuMs();
    const { ms } = await timed(() => measure(prepared, i));
    const cpu = cpuMs() - cpuBefore;
    if (i >= warmup) {
      out.wall.push(ms);
      out.cpu.push(cpu);
    }
  }
  return out;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Live heap bytes after a full collection; the bench runs node with --expose-gc for it. */
export function heapAfterGc(): number {
  if (gc === undefined) throw new Error("run the bench with node --expose-gc (npm run bench does)");
  // Twice: weak references and finalizers let a second pass free more.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
