// The committed overview of a cross run (configs/results/matrix.md): the
// stacks once, with where each comes from, then stacks × stacks grids of
// pass counts (each stack alone on the diagonal), what each stack lacks or
// fell over on, and a line per combination linking its own page.
import { comboFile } from "./plan.js";
import { cell, commitText } from "./report.js";
import type { ComboSummary, Figures, MatrixSummary } from "./summary.js";

const mark = (f: Figures) => (f.distinct === 0 ? "" : f.passed === f.distinct ? "✅" : f.passed === 0 ? "❌" : "🟠");

function count(f: Figures | undefined): string {
  if (f === undefined || f.distinct === 0) return "–";
  return `${mark(f)} ${f.passed}/${f.distinct}`;
}

function comboOf(s: MatrixSummary, a: string, b: string): ComboSummary | undefined {
  return s.combos.find((c) =>
    a === b
      ? c.stacks.length === 1 && c.stacks[0] === a
      : c.stacks.length === 2 && c.stacks.includes(a) && c.stacks.includes(b),
  );
}

function grid(s: MatrixSummary, value: (c: ComboSummary) => string): string[] {
  const ids = s.stacks.map((x) => x.id);
  const lines = [`| | ${ids.join(" | ")} |`, `| --- |${" :---: |".repeat(ids.length)}`];
  for (const a of ids) {
    const cells = ids.map((b) => {
      const c = comboOf(s, a, b);
      return c === undefined ? "·" : `[${value(c)}](pairs/${comboFile({ id: c.combo, stacks: c.stacks })}.md)`;
    });
    lines.push(`| **${a}** | ${cells.join(" | ")} |`);
  }
  return lines;
}

/** Per stack, the methods it lacks (UNIMPLEMENTED, `todo!()`) and how often it fell over, over every combination. */
export function lacksAndFalls(s: MatrixSummary): Map<string, { lacks: Set<string>; fell: number }> {
  const out = new Map<string, { lacks: Set<string>; fell: number }>();
  for (const c of s.combos)
    for (const g of c.groups) {
      if (g.verdict === undefined) continue;
      const entry = out.get(g.verdict.fault) ?? { lacks: new Set<string>(), fell: 0 };
      if (g.verdict.source === "the stack lacks the method") entry.lacks.add(g.rpc ?? "?");
      if (g.verdict.source === "the stack fell over") entry.fell += g.assignments.length;
      out.set(g.verdict.fault, entry);
    }
  return out;
}

export function matrixReport(s: MatrixSummary): string {
  const day = s.date.slice(0, 10);
  const out: string[] = [
    "# Cross-stack matrix",
    "",
    `Written on ${day} by \`${s.command}\`; do not edit, run it again (docs/cross-stack.md). ` +
      `${s.combos.length} combinations of ${s.stacks.length} stacks in ${Math.round(s.durationS / 60)} min; the page: [matrix.html](matrix.html).`,
    "",
    "## Stacks",
    "",
    "| id | name it answers | source | suites |",
    "| --- | --- | --- | --- |",
    ...s.stacks.map(
      (x) =>
        `| ${x.id} | ${cell(x.name)} | ${x.id === "ours" ? `this repository at ${s.ours.commit === undefined ? "?" : `\`${s.ours.commit.slice(0, 12)}\``}${s.ours.dirty ? " with uncommitted changes" : ""}` : `${x.repository}${x.folder === undefined ? "" : ` ${cell(x.folder)}`} at ${commitText(x.commit)}`} | ${x.suites.join(", ")} |`,
    ),
  ];
  if (s.skipped.length > 0)
    out.push("", "Declared but not played:", "", ...s.skipped.map((k) => `- ${k.id}: ${cell(k.why)}`));
  const fullSuites = [...new Set(s.combos.flatMap((c) => c.full.suites))].sort((a, b) => a - b);
  const randomSuites = [...new Set(s.combos.flatMap((c) => c.random.suites))].sort((a, b) => a - b);
  out.push(
    "",
    `## Every assignment (suite${fullSuites.length > 1 ? "s" : ""} ${fullSuites.join(", ")}), our runner`,
    "",
    "Distinct assignments that pass, of those played; the diagonal is each stack alone (one server holding every actor, so",
    "one assignment per script, suite and mode, on every suite it supports). ✅ all pass, 🟠 some, ❌ none. A cell opens the pair's page.",
    "",
    ...grid(s, (c) => count(c.full.ours)),
  );
  if (randomSuites.length > 0)
    out.push(
      "",
      `## One seeded random assignment per script, suite and mode (suites ${randomSuites.join(", ")} that both support), our runner`,
      "",
      ...grid(s, (c) => count(c.random.ours)),
    );
  out.push(
    "",
    "## Combinations",
    "",
    "| combination | every assignment | random pass | Go runner (distinct) | runner verdicts differ | failing assignments by verdict |",
    "| --- | --- | --- | --- | ---: | --- |",
  );
  for (const c of s.combos) {
    const go = [c.full.go, c.random.go].filter((f): f is Figures => f !== undefined && f.distinct > 0);
    const goText =
      go.length === 0
        ? "–"
        : go.map((f) => `${f.passed}/${f.distinct}${f.runs === f.distinct ? "" : ` (${f.runs} runs)`}`).join(" + ");
    const faults = Object.entries(c.failures.byFault)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    out.push(
      `| [${c.combo}](pairs/${comboFile({ id: c.combo, stacks: c.stacks })}.md) | ${count(c.full.ours)} | ${count(c.random.ours)} | ${goText} | ${c.comparison?.differences ?? "–"} | ${faults || "none"} |`,
    );
  }
  const lacks = lacksAndFalls(s);
  if (lacks.size > 0) {
    out.push("", "## What the stacks lack, and how often they fell over", "");
    for (const [stack, { lacks: methods, fell }] of lacks)
      out.push(
        `- **${stack}**: ${methods.size === 0 ? "lacks no method the configs need" : `lacks ${[...methods].sort().join(", ")}`}` +
          `${fell === 0 ? "" : `; fell over in ${fell} failing assignments`}.`,
      );
  }
  const restarts = new Map<string, number>();
  for (const i of s.incidents)
    if (i.kind === "restarted") restarts.set(i.stack, (restarts.get(i.stack) ?? 0) + i.times);
  if (restarts.size > 0)
    out.push(
      "",
      `Stacks started again after they panicked, died or hung: ${[...restarts].map(([k, v]) => `${k} ${v} times`).join(", ")} (each pair's page says why).`,
    );
  if (s.problems.length > 0) out.push("", "## Problems during the run", "", ...s.problems.map((p) => `- ${cell(p)}`));
  return `${out.join("\n")}\n`;
}
