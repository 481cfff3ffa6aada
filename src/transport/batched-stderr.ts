// A pino destination that gathers log lines and hands them to stderr in one
// write when 4 KiB have gathered or 100 ms have passed since the first of
// them. One write per RPC line cost the server more CPU than a small call's
// whole handler; a batch costs one. process.stderr writes synchronously to
// files and pipes on Linux, so a flush never leaves a half-written batch and
// the exit hook loses nothing.
export interface BatchedDestination {
  write(line: string): void;
  /** Writes what has gathered now; pino's logger.flush() calls this. */
  flush(done?: (error?: Error) => void): void;
}

export interface BatchOptions {
  maxBytes: number;
  maxDelayMs: number;
  /** Where batches go; stderr unless a test says otherwise. */
  sink?: (text: string) => void;
}

// One exit hook for every destination (tests create many loggers).
const atExit = new Set<() => void>();
let hooked = false;

function flushAtExit(flush: () => void): void {
  atExit.add(flush);
  if (hooked) return;
  hooked = true;
  process.once("exit", () => atExit.forEach((f) => f()));
}

export function batchedStderr({ maxBytes, maxDelayMs, sink }: BatchOptions): BatchedDestination {
  const out = sink ?? ((text: string) => void process.stderr.write(text));
  let lines: string[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = (done?: (error?: Error) => void): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (lines.length > 0) {
      const text = lines.join("");
      lines = [];
      bytes = 0;
      out(text);
    }
    done?.();
  };
  flushAtExit(flush);
  return {
    write(line) {
      lines.push(line);
      bytes += line.length;
      if (bytes >= maxBytes) flush();
      else if (timer === undefined) timer = setTimeout(flush, maxDelayMs).unref();
    },
    flush,
  };
}
