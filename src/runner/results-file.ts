// Reading a results file, ours or the Go runner's, into one row per run.
// Both carry per run the suite, the handshake mode, the actors' server names
// and the failure; ours adds the config and the actors' server labels (s1,
// s2, ...), which the Go runner's lacks.
import { readFileSync } from "node:fs";
import type { ServerEvent } from "./engine.js";

export interface ResultRow {
  script: string;
  /** The config file, when the file says (ours does, the Go runner's does not). */
  config?: string;
  suite: number;
  encrypt: boolean;
  /** actor → the server's Name. */
  actors: Record<string, string>;
  /** actor → the server's label in --client order, when the file says. */
  assignment?: Record<string, string>;
  failed: boolean;
  error?: string;
  failedStep?: number;
  failedStepJson?: string;
  /** Every epoch authenticator an answer in the transcript carried (base64), with who answered. */
  authenticators: Array<{ actor: string; rpc: string; value: string }>;
  /** What a supervised server did during the run (ours only, from a cross run). */
  serverEvents?: ServerEvent[];
  durationMs?: number;
}

export class ResultsFormatError extends Error {}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (!isObject(value)) throw new ResultsFormatError(`${where} is not an object`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export function parseResults(results: unknown, file = "results"): ResultRow[] {
  if (!isObject(results) || !isObject(results.scripts))
    throw new ResultsFormatError(`${file}: not a results file (no "scripts" object)`);
  const rows: ResultRow[] = [];
  for (const [script, list] of Object.entries(results.scripts)) {
    if (!Array.isArray(list)) throw new ResultsFormatError(`${file}: scripts.${script} is not a list`);
    for (const [i, run] of (list as unknown[]).entries()) {
      const where = `${file}: scripts.${script}[${i}]`;
      if (!isObject(run)) throw new ResultsFormatError(`${where} is not an object`);
      const row: ResultRow = {
        script,
        suite: Number(run.cipher_suite ?? 0),
        encrypt: run.encrypt_flag === true,
        actors: run.actors === undefined ? {} : stringMap(run.actors, `${where}.actors`),
        failed: run.failed_step !== undefined || (run.error !== undefined && run.error !== null),
        authenticators: authenticatorsOf(run.transcript),
      };
      if (typeof run.config === "string") row.config = run.config;
      if (run.assignment !== undefined) row.assignment = stringMap(run.assignment, `${where}.assignment`);
      if (run.error !== undefined && run.error !== null) row.error = String(run.error);
      if (typeof run.failed_step === "number") row.failedStep = run.failed_step;
      if (typeof run.failed_step_json === "string") row.failedStepJson = run.failed_step_json;
      if (typeof run.duration_ms === "number") row.durationMs = run.duration_ms;
      const events = serverEventsOf(run.server_events);
      if (events.length > 0) row.serverEvents = events;
      rows.push(row);
    }
  }
  return rows;
}

function serverEventsOf(value: unknown): ServerEvent[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((e: unknown) =>
    isObject(e) && typeof e.server === "string" && typeof e.kind === "string"
      ? [{ server: e.server, kind: e.kind as ServerEvent["kind"], detail: String(e.detail ?? "") }]
      : [],
  );
}

function authenticatorsOf(transcript: unknown): ResultRow["authenticators"] {
  if (!Array.isArray(transcript)) return [];
  return transcript.flatMap((entry: unknown) => {
    if (!isObject(entry) || !isObject(entry.response)) return [];
    const value = entry.response.epoch_authenticator;
    return typeof value === "string" && value !== ""
      ? [{ actor: String(entry.actor), rpc: String(entry.rpc), value }]
      : [];
  });
}

export function readResultsFile(file: string): ResultRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ResultsFormatError(`${file}: ${(error as Error).message}`);
  }
  return parseResults(parsed, file);
}

/** `alice=x bob=y`, actors sorted: the same assignment reads the same in every file. */
export function pairs(map: Record<string, string>): string {
  return Object.keys(map)
    .sort()
    .map((k) => `${k}=${map[k]}`)
    .join(" ");
}
