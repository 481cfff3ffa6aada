// The machine-readable report: per file its counts, and per case index its
// status and, for failures, what differed.
import type { CaseResult, RunResult } from "./run.js";
import { summarizeFile, totals } from "./summary.js";

function caseEntry(c: CaseResult): Record<string, unknown> {
  const entry: Record<string, unknown> = { case: c.index, status: c.status };
  const o = c.outcome;
  if (o.status === "skipped") entry.reason = o.reason;
  if (o.status === "failed") {
    if (o.error !== undefined) entry.error = o.error;
    if (o.differences.length > 0) entry.differences = o.differences;
  }
  if (o.status !== "skipped" && o.notChecked !== undefined) entry.not_checked = o.notChecked;
  if (c.expected !== undefined)
    entry.expected_failure = { reason: c.expected.reason, known_issue: c.expected.knownIssue };
  return entry;
}

export function jsonReport(result: RunResult, generatedAt: Date = new Date()): string {
  const t = totals(result);
  const report = {
    generated_at: generatedAt.toISOString(),
    dir: result.dir,
    duration_ms: Math.round(result.durationMs),
    totals: {
      cases: t.cases,
      passed: t.passed,
      failed: t.failed,
      skipped: t.skipped,
      expected_failures: t["expected-failure"],
      unexpected_passes: t["unexpected-pass"],
    },
    files: result.files.map((f) => {
      const s = summarizeFile(f);
      return {
        file: f.file,
        verifier: f.verifier ?? null,
        ...(f.fileProblem === undefined ? {} : { file_problem: f.fileProblem }),
        cases: s.tally.cases,
        passed: s.tally.passed,
        failed: s.tally.failed,
        skipped: s.tally.skipped,
        expected_failures: s.tally["expected-failure"],
        unexpected_passes: s.tally["unexpected-pass"],
        skip_reasons: s.skipReasons,
        not_checked: s.notChecked,
        duration_ms: Math.round(f.durationMs),
        results: f.cases.map(caseEntry),
      };
    }),
    unused_expected_failures: result.unusedExpectedFailures.map((e) => ({
      file: e.file,
      ...(e.case === undefined ? {} : { case: e.case }),
      known_issue: e.knownIssue,
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
