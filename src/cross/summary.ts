// The figures of a cross run for machines (summary.json beside the raw
// results, configs/results/matrix.json when committed) and for the
// terminal: per combination the pass counts of each runner and pass, the
// verdict comparison, and every failure group with its verdict and the
// command that plays it again. The Markdown reports and the page are made
// from analyses; an earlier summary is what a later page compares with.
import type { Analysis, FailureGroup, Tally } from "./analysis.js";
import type { FailureInfo } from "./failures.js";
import type { ComboSuites } from "./plan.js";
import type { IncidentSummary } from "./incidents.js";
import type { PlayedStack, RunRecord } from "./record.js";
import type { Replay } from "./replay.js";
import { faultCounts, reproduction } from "./report.js";

export interface Figures {
  runs: number;
  passedRuns: number;
  distinct: number;
  passed: number;
}

export interface GroupSummary {
  script: string;
  step: string;
  rpc?: string;
  side: string;
  server: string;
  kind: FailureInfo["kind"];
  cause: string;
  /** The first failing run's whole error, as the runner wrote it. */
  raw: string;
  verdict?: { fault: string; source: string; reason: string; evidence: string };
  again: string;
  assignments: Array<{ column: string; actors: Record<string, string> }>;
}

export interface ComboSummary {
  combo: string;
  stacks: string[];
  full: { suites: number[]; ours: Figures; go?: Figures };
  random: { suites: number[]; ours: Figures; go?: Figures };
  /** Per script, per column (`suite 1 private`), our runner's distinct assignments and passes. */
  cells: Record<string, Record<string, { total: number; passed: number }>>;
  comparison?: {
    compared: number;
    differences: number;
    afterFall: number;
    /** Absent in summaries written before it was counted. */
    byChance?: number;
    otherStep: number;
    goOnly: number;
  };
  failures: { assignments: number; groups: number; byFault: Record<string, number> };
  groups: GroupSummary[];
}

export interface MatrixSummary {
  format: "mls-interop-cross/1";
  date: string;
  command: string;
  seed: number;
  ours: RunRecord["ours"];
  stacks: PlayedStack[];
  skipped: RunRecord["skipped"];
  configs: RunRecord["configs"];
  combos: ComboSummary[];
  incidents: IncidentSummary[];
  problems: string[];
  durationS: number;
  /** How the page writes the command that plays one failing run again; absent: `mls-interop cross` with its defaults. */
  replay?: Replay;
}

const figures = (t: Tally | undefined): Figures => ({
  runs: t?.runs ?? 0,
  passedRuns: t?.passedRuns ?? 0,
  distinct: t?.distinct ?? 0,
  passed: t?.passed ?? 0,
});

function groupSummary(g: FailureGroup, stacks: readonly string[], replay?: Replay): GroupSummary {
  return {
    script: g.script,
    step: g.info.step,
    rpc: g.info.rpc,
    side: g.info.side,
    server: g.info.server,
    kind: g.info.kind,
    cause: g.info.cause,
    raw: g.info.raw,
    verdict:
      g.verdict === undefined
        ? undefined
        : { fault: g.verdict.fault, source: g.verdict.source, reason: g.verdict.reason, evidence: g.verdict.evidence },
    again: reproduction(g, stacks, replay),
    assignments: g.assignments,
  };
}

export function summarizeCombo(analysis: Analysis, suites: ComboSuites, replay?: Replay): ComboSummary {
  const cmp = analysis.comparison;
  const cells: ComboSummary["cells"] = {};
  for (const pass of ["full", "random"] as const)
    for (const [script, row] of analysis.ours[pass].cells)
      for (const [column, c] of row) {
        const at = (cells[script] ??= {});
        const was = at[column] ?? { total: 0, passed: 0 };
        at[column] = { total: was.total + c.total, passed: was.passed + c.passed };
      }
  return {
    combo: analysis.combo,
    stacks: [...analysis.stacks],
    full: { suites: suites.full, ours: figures(analysis.ours.full), go: analysis.go && figures(analysis.go.full) },
    random: {
      suites: suites.random,
      ours: figures(analysis.ours.random),
      go: analysis.go && figures(analysis.go.random),
    },
    cells,
    comparison:
      cmp === undefined
        ? undefined
        : {
            compared: cmp.compared,
            differences: cmp.differences.length,
            afterFall: cmp.afterFall.length,
            byChance: cmp.byChance.length,
            otherStep: cmp.otherStep.length,
            goOnly: cmp.goOnly,
          },
    failures: {
      assignments: analysis.failures.reduce((n, g) => n + g.assignments.length, 0),
      groups: analysis.failures.length,
      byFault: Object.fromEntries(faultCounts(analysis.failures)),
    },
    groups: analysis.failures.map((g) => groupSummary(g, analysis.stacks, replay)),
  };
}

function line(f: Figures | undefined, who: string): string {
  if (f === undefined || f.runs === 0) return "";
  const runs = f.runs === f.distinct ? "" : ` (${f.passedRuns} of ${f.runs} runs)`;
  return `${who} ${f.passed}/${f.distinct}${runs}`;
}

/** One line per combination, for the terminal. */
export function summaryText(s: MatrixSummary): string {
  const out: string[] = [];
  for (const c of s.combos) {
    const parts = [
      c.full.suites.length === 0
        ? ""
        : `every assignment (suite ${c.full.suites.join(",")}): ${[line(c.full.ours, "ours"), line(c.full.go, "Go")].filter(Boolean).join(", ")}`,
      c.random.suites.length === 0
        ? ""
        : `random (suites ${c.random.suites.join(",")}): ${[line(c.random.ours, "ours"), line(c.random.go, "Go")].filter(Boolean).join(", ")}`,
      c.comparison === undefined
        ? ""
        : `${c.comparison.differences} verdict differences` +
          (c.comparison.byChance ? ` (${c.comparison.byChance} more by chance)` : ""),
      c.failures.assignments === 0
        ? ""
        : `failures: ${Object.entries(c.failures.byFault)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}`,
    ].filter(Boolean);
    out.push(`${c.combo.padEnd(28)} ${parts.join("; ")}`);
  }
  return `${out.join("\n")}\n`;
}

export class SummaryError extends Error {}

/** A matrix summary read back (matrix.json, summary.json); what is not one is named as such. */
export function parseSummary(text: string, file: string): MatrixSummary {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SummaryError(`${file}: not JSON: ${(error as Error).message}`);
  }
  const s = parsed as Partial<MatrixSummary> | null;
  if (typeof s !== "object" || s === null || s.format !== "mls-interop-cross/1")
    throw new SummaryError(`${file}: not a matrix summary (no "format": "mls-interop-cross/1")`);
  for (const key of ["stacks", "combos", "skipped", "incidents", "problems"] as const)
    if (!Array.isArray(s[key])) throw new SummaryError(`${file}: "${key}" is not a list`);
  return s as MatrixSummary;
}
