// Logs: pino on stderr (stdout stays free for command output): JSON lines
// for machines (containers, CI, selftest's parent process), batched; readable
// lines when a person watches a terminal. One line per RPC at info; request and
// response contents, which hold private keys and secrets, only with
// --log-secrets.
import { pino, type DestinationStream, type Level, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export const logLevels: readonly Level[] = ["fatal", "error", "warn", "info", "debug", "trace"];

/** Longest a log line waits in the buffer before it is written. */
const flushIntervalMs = 100;

export function createLogger(level: Level | "silent" = "info"): Logger {
  if (process.stderr.isTTY === true) return pino({ level, base: { name: "mls-interop" } }, terminal());
  if (level === "silent")
    return pino({ level, base: { name: "mls-interop" } }, pino.destination({ fd: 2, sync: false }));
  // Writing each line on its own cost the server more CPU than a small call's
  // whole handler (a write through libuv's thread pool, and the wake-ups
  // around it, per RPC): lines are buffered and written when 4 KiB gather or
  // within flushIntervalMs. pino flushes the buffer synchronously at exit.
  const stream = pino.destination({ fd: 2, sync: false, minLength: 4096 });
  let pending = false;
  setInterval(() => {
    if (!pending) return;
    pending = false;
    stream.flush();
  }, flushIntervalMs).unref();
  const markPending = (line: string): string => {
    pending = true;
    return line;
  };
  return pino({ level, base: { name: "mls-interop" }, hooks: { streamWrite: markPending } }, stream);
}

function terminal(): DestinationStream {
  // Synchronous: a person reads at human speed, and nothing is lost at exit.
  return pretty({
    destination: 2,
    sync: true,
    colorize: process.stderr.hasColors(),
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "name",
    singleLine: true,
  });
}

const handleFields = ["stateId", "transactionId", "reinitId", "signerId", "stateOrTransactionId"] as const;

/** The handle ids a request or response names, for the per-RPC log line. */
export function handleIds(message: unknown): Record<string, number> | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const out: Record<string, number> = {};
  for (const field of handleFields) {
    const value = (message as Record<string, unknown>)[field];
    if (typeof value === "number" && value !== 0) out[field] = value;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Bytes as hex, bigints as strings: a printable copy of a message, for --log-secrets only. */
export function printable(message: unknown): unknown {
  return JSON.parse(
    JSON.stringify(message, (_key, value: unknown) => {
      if (typeof value === "bigint") return value.toString();
      if (value !== null && typeof value === "object" && (value as { type?: string }).type === "Buffer")
        return Buffer.from((value as { data: number[] }).data).toString("hex");
      return value;
    }),
  );
}
