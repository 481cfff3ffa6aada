// The per-file table the command prints, with skip reasons and unchecked
// parts listed under it (never hidden behind a count).
import type { RunResult } from "./run.js";
import { compactIndices, summarizeFile, totals } from "./summary.js";

const headers = ["file", "cases", "passed", "failed", "skipped", "xfail", "xpass", "ms"];

export function consoleTable(result: RunResult): string {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const f of result.files) {
    const s = summarizeFile(f);
    const t = s.tally;
    rows.push([
      s.file,
      ...[t.cases, t.passed, t.failed, t.skipped, t["expected-failure"], t["unexpected-pass"]].map(String),
      String(Math.round(s.durationMs)),
    ]);
    if (s.fileProblem !== undefined) notes.push(`${s.file}: ${s.fileProblem.status}: ${s.fileProblem.reason}`);
    for (const r of s.skipReasons)
      notes.push(`${s.file}: skipped ${r.count} (cases ${compactIndices(r.cases)}): ${r.reason}`);
    for (const r of s.notChecked)
      notes.push(`${s.file}: not checked in ${r.count} (cases ${compactIndices(r.cases)}): ${r.reason}`);
  }
  const t = totals(result);
  rows.push([
    "total",
    ...[t.cases, t.passed, t.failed, t.skipped, t["expected-failure"], t["unexpected-pass"]].map(String),
    String(Math.round(result.durationMs)),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const out = [
    line(headers),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => "-".repeat(w))),
    line(rows.at(-1) ?? []),
  ];
  for (const e of result.unusedExpectedFailures)
    notes.push(
      `expected failure matched no failing case: ${e.file}${e.case === undefined ? "" : ` case ${e.case}`} (${e.knownIssue})`,
    );
  return [...out, ...(notes.length > 0 ? ["", ...notes] : [])].join("\n");
}
