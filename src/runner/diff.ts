// Comparing two results files (ours or the Go runner's): which runs newly
// fail, newly pass, appeared or disappeared. A run is known by config,
// script, suite, handshake mode and server assignment.
import { readFileSync } from "node:fs";

export interface DiffRun {
  key: string;
  failed: boolean;
  error?: string;
  failedStep?: number;
}

export class ResultsFormatError extends Error {}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function pairs(map: unknown): string {
  if (!isObject(map)) return "";
  return Object.keys(map)
    .sort()
    .map((k) => `${k}=${String(map[k])}`)
    .join(" ");
}

/** Every run of a results file by key; repeated keys get #2, #3 in file order. */
export function flattenResults(results: unknown, file = "results"): Map<string, DiffRun> {
  if (!isObject(results) || !isObject(results.scripts))
    throw new ResultsFormatError(`${file}: not a results file (no "scripts" object)`);
  const runs = new Map<string, DiffRun>();
  for (const [script, list] of Object.entries(results.scripts)) {
    if (!Array.isArray(list)) throw new ResultsFormatError(`${file}: scripts.${script} is not a list`);
    for (const run of list as unknown[]) {
      if (!isObject(run)) throw new ResultsFormatError(`${file}: scripts.${script} holds a non-object`);
      const config = typeof run.config === "string" ? `${run.config}/` : "";
      // The Go runner writes no assignment; its actor → server-name map is the next best thing.
      const assignment = run.assignment !== undefined ? pairs(run.assignment) : pairs(run.actors);
      const mode = run.encrypt_flag === true ? "private" : "public";
      const base = `${config}${script} suite ${String(run.cipher_suite)} ${mode} ${assignment}`;
      let key = base;
      for (let n = 2; runs.has(key); n++) key = `${base} #${n}`;
      const failed = run.failed_step !== undefined || run.error !== undefined;
      runs.set(key, {
        key,
        failed,
        error: typeof run.error === "string" ? run.error : undefined,
        failedStep: typeof run.failed_step === "number" ? run.failed_step : undefined,
      });
    }
  }
  return runs;
}

export interface Diff {
  newlyFailing: DiffRun[];
  newlyPassing: DiffRun[];
  /** In NEW only; those that fail count as new failures too. */
  appeared: DiffRun[];
  disappeared: DiffRun[];
  stillFailing: number;
  stillPassing: number;
}

export function diffRuns(before: ReadonlyMap<string, DiffRun>, after: ReadonlyMap<string, DiffRun>): Diff {
  const diff: Diff = {
    newlyFailing: [],
    newlyPassing: [],
    appeared: [],
    disappeared: [],
    stillFailing: 0,
    stillPassing: 0,
  };
  for (const [key, run] of after) {
    const old = before.get(key);
    if (old === undefined) diff.appeared.push(run);
    else if (run.failed && !old.failed) diff.newlyFailing.push(run);
    else if (!run.failed && old.failed) diff.newlyPassing.push(run);
    else if (run.failed) diff.stillFailing++;
    else diff.stillPassing++;
  }
  for (const [key, run] of before) {
    if (!after.has(key)) diff.disappeared.push(run);
  }
  return diff;
}

/** Whether NEW is worse: a run that passed (or did not exist) now fails. */
export function regressed(diff: Diff): boolean {
  return diff.newlyFailing.length > 0 || diff.appeared.some((r) => r.failed);
}

function line(run: DiffRun): string {
  const status = run.failed
    ? `FAIL${run.failedStep === undefined ? "" : ` at step ${run.failedStep}`}: ${run.error ?? ""}`
    : "pass";
  return `  ${run.key}: ${status}`;
}

export function formatDiff(diff: Diff): string {
  const out: string[] = [];
  const section = (title: string, runs: DiffRun[]) => {
    if (runs.length > 0) out.push(`${title} (${runs.length}):`, ...runs.map(line), "");
  };
  section("newly failing", diff.newlyFailing);
  section("appeared", diff.appeared);
  section("newly passing", diff.newlyPassing);
  section("disappeared", diff.disappeared);
  out.push(
    `${diff.newlyFailing.length} newly failing, ${diff.newlyPassing.length} newly passing, ` +
      `${diff.appeared.length} appeared (${diff.appeared.filter((r) => r.failed).length} failing), ${diff.disappeared.length} disappeared, ` +
      `${diff.stillFailing} still failing, ${diff.stillPassing} still passing`,
  );
  return `${out.join("\n")}\n`;
}

export function readResults(file: string): Map<string, DiffRun> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ResultsFormatError(`${file}: ${(error as Error).message}`);
  }
  return flattenResults(parsed, file);
}
