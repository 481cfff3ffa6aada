// Logs: pino on stderr (stdout stays free for command output): JSON lines
// for machines (containers, CI, selftest's parent process), batched; readable
// lines when a person watches a terminal. One line per RPC at info; request and
// response contents, which hold private keys and secrets, only with
// --log-secrets.
import { pino, type DestinationStream, type Level, type Logger } from "pino";
import pretty from "pino-pretty";
import { batchedStderr } from "./batched-stderr.js";

export type { Logger };

export const logLevels: readonly Level[] = ["fatal", "error", "warn", "info", "debug", "trace"];

export function createLogger(level: Level | "silent" = "info"): Logger {
  const destination = process.stderr.isTTY === true ? terminal() : batchedStderr({ maxBytes: 4096, maxDelayMs: 100 });
  return pino({ level, base: { name: "mls-interop" } }, destination);
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
