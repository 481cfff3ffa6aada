// Replays vector files through their verifiers and collects per-case results.
import { performance } from "node:perf_hooks";
import { errorMessage } from "../errors.js";
import { runCases } from "./case-runner.js";
import { ExpectedFailureIndex, type ExpectedFailure } from "./expected-failures.js";
import { baseName, readVectorArray, type VectorFile } from "./loader.js";
import type { CaseOutcome } from "./outcome.js";
import { recognise } from "./registry.js";
import { WorkerPool } from "./worker-pool.js";

/**
 * "expected-failure": failed, and listed in the expected-failures file.
 * "unexpected-pass": passed although listed there; fails the run.
 */
export type CaseStatus = "passed" | "failed" | "skipped" | "expected-failure" | "unexpected-pass";

export interface CaseResult {
  readonly index: number;
  readonly status: CaseStatus;
  readonly outcome: CaseOutcome;
  readonly expected?: ExpectedFailure;
}

export interface FileResult {
  readonly file: string;
  readonly verifier: string | undefined;
  readonly cases: readonly CaseResult[];
  /** The file as a whole could not be run (unreadable, not an array, no verifier: the reason says why). */
  readonly fileProblem?: { readonly status: "failed" | "skipped"; readonly reason: string };
  readonly durationMs: number;
}

export interface RunResult {
  readonly dir: string;
  readonly files: readonly FileResult[];
  readonly unusedExpectedFailures: readonly ExpectedFailure[];
  readonly durationMs: number;
}

export type Tally = Record<CaseStatus, number> & { cases: number };

export function tally(cases: readonly CaseResult[]): Tally {
  const t: Tally = {
    cases: cases.length,
    passed: 0,
    failed: 0,
    skipped: 0,
    "expected-failure": 0,
    "unexpected-pass": 0,
  };
  for (const c of cases) t[c.status]++;
  return t;
}

/** Exit status 0 only when nothing failed and no expected failure passed. */
export function runSucceeded(result: RunResult): boolean {
  return result.files.every((f) => {
    const t = tally(f.cases);
    return f.fileProblem?.status !== "failed" && t.failed === 0 && t["unexpected-pass"] === 0;
  });
}

function classify(outcome: CaseOutcome, expected: ExpectedFailure | undefined): CaseStatus {
  if (outcome.status === "skipped") return "skipped";
  if (expected === undefined) return outcome.status;
  return outcome.status === "failed" ? "expected-failure" : "unexpected-pass";
}

export interface RunOptions {
  readonly expectedFailures?: readonly ExpectedFailure[];
  /** Worker threads to spread cases over; 0 or 1 runs them in this thread. */
  readonly jobs?: number;
  /** Called after each file, for progress output. */
  readonly onFile?: (result: FileResult) => void;
}

export async function runFile(
  file: VectorFile,
  expected: ExpectedFailureIndex,
  pool?: WorkerPool,
): Promise<FileResult> {
  const started = performance.now();
  const done = (rest: Pick<FileResult, "verifier" | "cases" | "fileProblem">): FileResult => ({
    file: file.name,
    durationMs: performance.now() - started,
    ...rest,
  });
  let raws: unknown[];
  try {
    raws = readVectorArray(file);
  } catch (err) {
    return done({ verifier: undefined, cases: [], fileProblem: { status: "failed", reason: errorMessage(err) } });
  }
  const recognised = recognise(file.name, raws);
  if ("reason" in recognised)
    return done({ verifier: undefined, cases: [], fileProblem: { status: "skipped", reason: recognised.reason } });
  const suite = recognised.verifier;
  const outcomes =
    pool === undefined
      ? await runCases(suite, raws, baseName(file.name), 0)
      : await pool.run(file, suite.name, raws.length);
  const cases = outcomes.map((outcome, index): CaseResult => {
    const entry = outcome.status === "skipped" ? undefined : expected.lookup(file.name, index);
    return { index, status: classify(outcome, entry), outcome, ...(entry === undefined ? {} : { expected: entry }) };
  });
  return done({ verifier: suite.name, cases });
}

export async function runVectors(
  dir: string,
  files: readonly VectorFile[],
  options: RunOptions = {},
): Promise<RunResult> {
  const started = performance.now();
  const index = new ExpectedFailureIndex(options.expectedFailures ?? []);
  const results: FileResult[] = [];
  const pool = (options.jobs ?? 0) > 1 ? new WorkerPool(options.jobs ?? 0) : undefined;
  try {
    for (const file of files) {
      const result = await runFile(file, index, pool);
      options.onFile?.(result);
      results.push(result);
    }
  } finally {
    await pool?.close();
  }
  return {
    dir,
    files: results,
    unusedExpectedFailures: index.unused(new Set(files.map((f) => f.name))),
    durationMs: performance.now() - started,
  };
}
