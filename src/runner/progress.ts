// Progress on stderr while a session runs: done/total, failures so far and an
// estimate of the time left. Throttled so that thousands of short runs do not
// flood a CI log: a terminal line is redrawn at most a few times a second,
// and a log gets a line every ten seconds.

export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

export class Progress {
  private readonly started: number;
  private lastShown = -Infinity;
  private drawn = false;

  constructor(
    private readonly total: number,
    private readonly sink: ProgressSink,
    private readonly quiet: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  private get interval(): number {
    return this.sink.isTTY === true ? 250 : 10_000;
  }

  update(done: number, failed: number): void {
    if (this.quiet) return;
    const now = this.now();
    if (now - this.lastShown < this.interval && done < this.total) return;
    this.lastShown = now;
    const elapsed = now - this.started;
    const eta = done === 0 ? "?" : formatDuration((elapsed / done) * (this.total - done));
    const line = `${done}/${this.total} runs, ${failed} failed, ${formatDuration(elapsed)} elapsed, ETA ${eta}`;
    if (this.sink.isTTY === true) {
      this.sink.write(`\r\x1b[K${line}`);
      this.drawn = true;
    } else {
      this.sink.write(`${line}\n`);
    }
  }

  /** The closing line, printed even with --quiet. */
  finish(summary: string): void {
    if (this.drawn) this.sink.write("\r\x1b[K");
    this.sink.write(`${summary}\n`);
  }

  elapsed(): number {
    return this.now() - this.started;
  }
}
