// The few figures of a cross run, for the terminal and for machines
// (summary.json beside the raw results).
import type { Analysis, Tally } from "./analysis.js";

export interface Summary {
  peer: string;
  full?: { suite: number; ours: Figures; go?: Figures };
  random?: { suites: number[]; ours: Figures; go?: Figures };
  comparison?: { compared: number; differences: number; otherStep: number; goOnly: number };
  failures: { assignments: number; groups: number; byFault: Record<string, number> };
}

export interface Figures {
  runs: number;
  passedRuns: number;
  distinct: number;
  passed: number;
}

const figures = (t: Tally): Figures => ({
  runs: t.runs,
  passedRuns: t.passedRuns,
  distinct: t.distinct,
  passed: t.passed,
});

export function summarize(analysis: Analysis, suites: { fullSuite?: number; randomSuites: number[] }): Summary {
  const byFault: Record<string, number> = { ours: 0, peer: 0, runner: 0, unclassified: 0 };
  for (const g of analysis.failures) {
    const fault = g.verdict?.fault ?? "unclassified";
    byFault[fault] = (byFault[fault] ?? 0) + g.assignments.length;
  }
  const cmp = analysis.comparison;
  return {
    peer: analysis.peer,
    full:
      suites.fullSuite === undefined
        ? undefined
        : {
            suite: suites.fullSuite,
            ours: figures(analysis.ours.full),
            go: analysis.go === undefined ? undefined : figures(analysis.go.full),
          },
    random:
      suites.randomSuites.length === 0
        ? undefined
        : {
            suites: suites.randomSuites,
            ours: figures(analysis.ours.random),
            go: analysis.go === undefined ? undefined : figures(analysis.go.random),
          },
    comparison:
      cmp === undefined
        ? undefined
        : {
            compared: cmp.compared,
            differences: cmp.differences.length,
            otherStep: cmp.otherStep.length,
            goOnly: cmp.goOnly,
          },
    failures: {
      assignments: analysis.failures.reduce((n, g) => n + g.assignments.length, 0),
      groups: analysis.failures.length,
      byFault,
    },
  };
}

function line(f: Figures | undefined, who: string): string {
  if (f === undefined) return "";
  const runs = f.runs === f.distinct ? "" : ` (${f.passedRuns} of ${f.runs} runs)`;
  return `${who} ${f.passed} of ${f.distinct} distinct assignments pass${runs}`;
}

export function summaryText(s: Summary): string {
  const out = [`ours × ${s.peer}`];
  if (s.full !== undefined)
    out.push(
      `  suite ${s.full.suite}, every assignment: ${[line(s.full.ours, "our runner"), line(s.full.go, "Go runner")].filter(Boolean).join("; ")}`,
    );
  if (s.random !== undefined)
    out.push(
      `  random pass, suites ${s.random.suites.join(", ")}: ${[line(s.random.ours, "our runner"), line(s.random.go, "Go runner")].filter(Boolean).join("; ")}`,
    );
  if (s.comparison !== undefined)
    out.push(
      `  verdicts: ${s.comparison.differences} differences on ${s.comparison.compared} assignments both runners played` +
        ` (${s.comparison.otherStep} failing at different steps; ${s.comparison.goOnly} only the Go runner drew)`,
    );
  const f = s.failures;
  out.push(
    `  failures (our runner): ${f.assignments} assignments in ${f.groups} groups; by fault: ` +
      Object.entries(f.byFault)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
  );
  return `${out.join("\n")}\n`;
}
