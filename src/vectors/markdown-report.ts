// The human-readable report: the per-file table, then every failing,
// expected-failing and unexpectedly passing case with what differed, then
// skip reasons and the checks that could not be made.
import type { CaseResult, FileResult, RunResult } from "./run.js";
import { compactIndices, summarizeFile, totals } from "./summary.js";

/** Table cells must not break the row. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function caseLines(c: CaseResult): string[] {
  const o = c.outcome;
  const head = `- **case ${c.index}** (${c.status})`;
  const lines = [
    c.expected === undefined
      ? head
      : `${head}, expected: ${c.expected.reason} ([${c.expected.knownIssue}](${c.expected.knownIssue}))`,
  ];
  if (o.status === "failed") {
    if (o.error !== undefined) lines.push(`  - error: \`${cell(o.error)}\``);
    for (const d of o.differences)
      lines.push(`  - ${cell(d.what)}: expected \`${cell(d.expected)}\`, got \`${cell(d.got)}\``);
  }
  return lines;
}

function fileSection(f: FileResult): string[] {
  const s = summarizeFile(f);
  const interesting = f.cases.filter((c) => c.status !== "passed" && c.status !== "skipped");
  if (
    interesting.length === 0 &&
    s.skipReasons.length === 0 &&
    s.notChecked.length === 0 &&
    f.fileProblem === undefined
  )
    return [];
  const lines = [`### ${f.file}`, ""];
  if (f.fileProblem !== undefined) lines.push(`- whole file ${f.fileProblem.status}: ${f.fileProblem.reason}`);
  for (const c of interesting) lines.push(...caseLines(c));
  for (const r of s.skipReasons) lines.push(`- skipped ${r.count} (cases ${compactIndices(r.cases)}): ${r.reason}`);
  for (const r of s.notChecked)
    lines.push(`- not checked in ${r.count} (cases ${compactIndices(r.cases)}): ${r.reason}`);
  lines.push("");
  return lines;
}

export function markdownReport(result: RunResult, generatedAt: Date = new Date()): string {
  const t = totals(result);
  const lines = [
    "# Test-vector report",
    "",
    `Generated ${generatedAt.toISOString()} from \`${result.dir}\` in ${(result.durationMs / 1000).toFixed(1)} s.`,
    "",
    `**${t.cases} cases: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ` +
      `${t["expected-failure"]} expected failures, ${t["unexpected-pass"]} unexpected passes.**`,
    "",
    "| file | verifier | cases | passed | failed | skipped | expected failures | unexpected passes |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
  ];
  for (const f of result.files) {
    const s = summarizeFile(f);
    const n = s.tally;
    const name = f.fileProblem === undefined ? f.file : `${f.file} (${f.fileProblem.status})`;
    lines.push(
      `| ${cell(name)} | ${f.verifier ?? "—"} | ${n.cases} | ${n.passed} | ${n.failed} | ${n.skipped} | ${n["expected-failure"]} | ${n["unexpected-pass"]} |`,
    );
  }
  const sections = result.files.flatMap(fileSection);
  if (sections.length > 0) lines.push("", "## Details", "", ...sections);
  if (result.unusedExpectedFailures.length > 0) {
    lines.push("## Expected failures that matched no case", "");
    for (const e of result.unusedExpectedFailures)
      lines.push(`- ${e.file}${e.case === undefined ? "" : ` case ${e.case}`}: ${e.reason} (${e.knownIssue})`);
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
