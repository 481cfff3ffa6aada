// What a finished session hands to the report writers.
import type { RunRecord } from "./engine.js";
import type { ExpectedFailure } from "./expectations.js";
import { formatDuration } from "./progress.js";

export type Outcome = "passed" | "failed" | "expected-failure";

export interface FinishedRun {
  /** Its transcript is trimmed to the last few RPCs of failed runs (the JSON report keeps all). */
  record: RunRecord;
  outcome: Outcome;
  expectation?: ExpectedFailure;
}

export interface ServerSummary {
  label: string;
  address: string;
  name: string;
  suites: readonly number[];
}

export interface SessionReport {
  startedAt: Date;
  durationMs: number;
  servers: ServerSummary[];
  /** In matrix order. */
  runs: FinishedRun[];
  /** Not started because of --fail-fast. */
  skipped: number;
  stale: ExpectedFailure[];
  unexercised: ExpectedFailure[];
  warnings: string[];
  seed?: number;
  shard?: string;
}

export interface Counts {
  total: number;
  passed: number;
  failed: number;
  expected: number;
  skipped: number;
}

export function countRuns(report: SessionReport): Counts {
  const counts: Counts = { total: report.runs.length, passed: 0, failed: 0, expected: 0, skipped: report.skipped };
  for (const run of report.runs) {
    if (run.outcome === "passed") counts.passed++;
    else if (run.outcome === "failed") counts.failed++;
    else counts.expected++;
  }
  return counts;
}

/** 0 when everything passed or failed as expected and no expectation is stale. */
export function exitStatus(report: SessionReport): 0 | 1 {
  return countRuns(report).failed > 0 || report.stale.length > 0 ? 1 : 0;
}

export function summaryLine(report: SessionReport): string {
  const c = countRuns(report);
  const parts = [`${c.passed} passed`, `${c.failed} failed`];
  if (c.expected > 0) parts.push(`${c.expected} failed as expected`);
  if (c.skipped > 0) parts.push(`${c.skipped} skipped (fail-fast)`);
  if (report.stale.length > 0) parts.push(`${report.stale.length} expected failures now pass (fixed? remove them)`);
  // The seed is what reproduces a --random session, so it goes where --quiet still prints.
  const seed = report.seed === undefined ? "" : ` (--seed ${report.seed})`;
  return `${c.total} runs in ${formatDuration(report.durationMs)}: ${parts.join(", ")}${seed}`;
}

export function runTitle(record: RunRecord): string {
  const { script } = record.spec;
  return `${script.config}/${script.name}`;
}

/** `step 6 (fullCommit)`, or `end of run (Free)` past the last step. */
export function failedStepLabel(record: RunRecord): string {
  const index = record.failedStep;
  if (index === undefined) return "";
  const step = record.spec.script.steps[index];
  return step === undefined ? `step ${index} (end of run: Free)` : `step ${index} (${step.action})`;
}

/** `alice=s1 bob=s2`: tells runs of one (script, suite, mode) apart. */
export function assignmentOf(record: RunRecord): string {
  return record.spec.script.actors.map((a) => `${a}=${record.servers[a] ?? "?"}`).join(" ");
}

export function modeOf(encrypt: boolean): string {
  return encrypt ? "private" : "public";
}
