// A Markdown summary for people (CI job summaries, PR comments): pass counts
// per script × (suite, mode), then every failure with where it happened.
import { describeExpectation } from "../expectations.js";
import { formatDuration } from "../progress.js";
import {
  FinishedRun,
  SessionReport,
  assignmentOf,
  countRuns,
  failedStepLabel,
  modeOf,
  runTitle,
  summaryLine,
} from "../session-report.js";

// Table cells must stay on one line and not open new columns.
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replaceAll("|", "\\|");
}

function column(run: FinishedRun): string {
  return `suite ${run.record.spec.suite} ${modeOf(run.record.spec.encrypt)}`;
}

function matrixTable(runs: readonly FinishedRun[]): string[] {
  const columns: string[] = [];
  const rows = new Map<string, Map<string, FinishedRun[]>>();
  const ordered = [...runs].sort(
    (a, b) =>
      a.record.spec.suite - b.record.spec.suite || Number(b.record.spec.encrypt) - Number(a.record.spec.encrypt),
  );
  for (const run of ordered) {
    const col = column(run);
    if (!columns.includes(col)) columns.push(col);
  }
  for (const run of runs) {
    const row = rows.get(runTitle(run.record)) ?? new Map<string, FinishedRun[]>();
    rows.set(runTitle(run.record), row);
    row.set(column(run), [...(row.get(column(run)) ?? []), run]);
  }
  const lines = [`| script | ${columns.join(" | ")} |`, `| --- |${" --- |".repeat(columns.length)}`];
  for (const [title, row] of rows) {
    const cells = columns.map((col) => {
      const group = row.get(col);
      if (group === undefined) return "–";
      const passed = group.filter((r) => r.outcome === "passed").length;
      const failed = group.filter((r) => r.outcome === "failed").length;
      const expected = group.length - passed - failed;
      const mark = failed > 0 ? "❌" : expected > 0 ? "🟡" : "✅";
      return `${mark} ${passed}/${group.length}${expected > 0 ? ` (${expected} expected)` : ""}`;
    });
    lines.push(`| ${cell(title)} | ${cells.join(" | ")} |`);
  }
  return lines;
}

function failureLine(run: FinishedRun): string {
  const r = run.record;
  const where = `suite ${r.spec.suite}, ${modeOf(r.spec.encrypt)}, ${assignmentOf(r)}`;
  return `- **${cell(runTitle(r))}** (${where}) ${failedStepLabel(r)}: \`${cell(r.error ?? "")}\``;
}

export function markdownReport(report: SessionReport): string {
  const c = countRuns(report);
  const out: string[] = ["# MLS interop results", "", summaryLine(report) + ".", ""];
  out.push(`Started ${report.startedAt.toISOString()}, total time ${formatDuration(report.durationMs)}.`);
  if (report.seed !== undefined) out.push(`Random assignments drawn with --seed ${report.seed}.`);
  if (report.shard !== undefined) out.push(`Shard ${report.shard} of the matrix.`);
  out.push("", "## Servers", "", "| server | address | name | ciphersuites |", "| --- | --- | --- | --- |");
  for (const s of report.servers)
    out.push(`| ${s.label} | ${cell(s.address)} | ${cell(s.name)} | ${s.suites.join(", ")} |`);

  out.push("", "## Results", "", ...(report.runs.length === 0 ? ["No runs."] : matrixTable(report.runs)));

  const failed = report.runs.filter((r) => r.outcome === "failed");
  if (failed.length > 0) out.push("", `## Failures (${c.failed})`, "", ...failed.map(failureLine));

  if (report.stale.length > 0) {
    out.push("", "## Expected failures that now pass", "");
    for (const e of report.stale) {
      out.push(`- **${cell(describeExpectation(e))}** passes: fixed? remove from expected failures (${e.known_issue})`);
    }
  }
  const expected = report.runs.filter((r) => r.outcome === "expected-failure");
  if (expected.length > 0) {
    out.push("", `## Expected failures (${expected.length})`, "");
    for (const run of expected) {
      out.push(`${failureLine(run)} — ${run.expectation?.known_issue ?? ""}: ${cell(run.expectation?.reason ?? "")}`);
    }
  }
  if (report.unexercised.length > 0) {
    out.push("", "## Expected failures not exercised by this session", "");
    for (const e of report.unexercised) out.push(`- ${cell(describeExpectation(e))} (${e.known_issue})`);
  }
  if (report.warnings.length > 0) {
    out.push("", "## Warnings", "", ...report.warnings.map((w) => `- ${cell(w)}`));
  }
  return `${out.join("\n")}\n`;
}
