// Resident memory of server processes through a long run, and whether it
// trends upwards once warmed up. Samples are taken on a timer for every
// tracked process; each sample is credited to the process only while the
// process is working (its side of the comparison is running), so idle
// stretches, while the other side runs, neither dilute nor hide a trend.
import { treeRssBytes } from "./procfs.js";

export interface Tracked {
  label: string;
  pid: number;
}

export interface MemorySeries {
  label: string;
  /** [seconds of active time, resident bytes of the process tree]. */
  samples: Array<[number, number]>;
}

export class RssSampler {
  private readonly series = new Map<string, MemorySeries & { pid: number; activeS: number; active: boolean }>();
  private readonly timer: NodeJS.Timeout;
  private last = performance.now();

  constructor(
    tracked: readonly Tracked[],
    private readonly intervalMs = 1000,
  ) {
    for (const t of tracked) this.series.set(t.label, { ...t, samples: [], activeS: 0, active: false });
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Marks which processes are working from now on (the others' clocks stop). */
  setActive(labels: readonly string[]): void {
    this.sample();
    for (const s of this.series.values()) s.active = labels.includes(s.label);
  }

  private sample(): void {
    const now = performance.now();
    const elapsedS = (now - this.last) / 1000;
    this.last = now;
    for (const s of this.series.values()) {
      if (!s.active) continue;
      s.activeS += elapsedS;
      const rss = treeRssBytes(s.pid);
      if (rss !== undefined) s.samples.push([Math.round(s.activeS * 10) / 10, rss]);
    }
  }

  stop(): MemorySeries[] {
    this.sample();
    clearInterval(this.timer);
    return [...this.series.values()].map(({ label, samples }) => ({ label, samples }));
  }
}

export interface MemoryTrend {
  label: string;
  samples: number;
  /** Resident bytes: the first sample, the mean of the warm-up's last tenth, the largest, the last. */
  startBytes: number;
  warmBytes: number;
  maxBytes: number;
  endBytes: number;
  /** Least-squares slope after warm-up, bytes per minute of active time, and what it adds up to over that stretch. */
  slopeBytesPerMin: number;
  fittedGrowthBytes: number;
}

/**
 * Memory is flat when the run ends no higher than its warm level, give or
 * take `flatLimit`. A line fitted through the whole run is not the verdict:
 * under the official configs the load itself rises and falls (the Go runner
 * leaves thousands of states behind in reinit.json, which --idle-ttl later
 * drops), so a leak-free server's line slopes upwards with the load, while a
 * leak is growth that stays once the load is gone.
 */
export function memoryFlat(t: Pick<MemoryTrend, "warmBytes" | "endBytes">): boolean {
  return t.endBytes - t.warmBytes < flatLimit(t.warmBytes);
}

/** Growth after warm-up below which memory counts as flat: 16 MiB, or 10% of the warm level when that is more. */
export function flatLimit(warmBytes: number): number {
  return Math.max(16 * 1024 * 1024, 0.1 * warmBytes);
}

/**
 * The trend after warm-up (the first `warmupShare` of the active time): a
 * least-squares line through the rest, for information; the verdict is
 * memoryFlat's.
 */
export function memoryTrend(series: MemorySeries, warmupShare = 0.2): MemoryTrend | undefined {
  const { samples } = series;
  if (samples.length < 3) return undefined;
  const end = (samples[samples.length - 1] as [number, number])[0];
  const warmEnd = end * warmupShare;
  const warm = samples.filter(([t]) => t <= warmEnd);
  const after = samples.filter(([t]) => t > warmEnd);
  const tail = warm.slice(-Math.max(1, Math.ceil(warm.length / 10)));
  const warmBytes =
    tail.length > 0 ? tail.reduce((sum, [, b]) => sum + b, 0) / tail.length : (samples[0] as [number, number])[1];
  const slope = after.length >= 2 ? leastSquaresSlope(after) : 0;
  const spanS =
    after.length >= 2 ? (after[after.length - 1] as [number, number])[0] - (after[0] as [number, number])[0] : 0;
  const fittedGrowthBytes = slope * spanS;
  const endBytes = (samples[samples.length - 1] as [number, number])[1];
  return {
    label: series.label,
    samples: samples.length,
    startBytes: (samples[0] as [number, number])[1],
    warmBytes,
    maxBytes: Math.max(...samples.map(([, b]) => b)),
    endBytes,
    slopeBytesPerMin: slope * 60,
    fittedGrowthBytes,
  };
}

/** Slope of the least-squares line through (x, y) points. */
export function leastSquaresSlope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
