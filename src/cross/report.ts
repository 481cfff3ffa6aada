// The committed report of a cross run (configs/results/PEER.md): versions,
// pass counts by distinct assignment for both runners, the verdict
// comparison, and every failure of our runner with its step, side, cause and
// classification. Deterministic for the same results apart from the date, so
// regenerating it shows what changed.
import type { PeerSpec, SourceCommit } from "./peers.js";
import type { RunRecord } from "./record.js";
import type { Analysis, Cell, FailureGroup, Pass, Played, Tally } from "./analysis.js";

export type ReportMeta = Pick<
  RunRecord,
  | "command"
  | "ours"
  | "peerName"
  | "peerCommit"
  | "goCommit"
  | "builtAt"
  | "configs"
  | "fullSuite"
  | "randomSuites"
  | "seed"
  | "problems"
> & { peer: PeerSpec; date: Date };

function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replaceAll("|", "\\|");
}

function code(text: string): string {
  const clean = cell(text);
  return clean.includes("`") ? `<code>${clean.replaceAll("<", "&lt;")}</code>` : `\`${clean}\``;
}

function linkEvidence(text: string): string {
  return text.replace(/KNOWN-ISSUES\.md#([a-z0-9-]+)/g, "[KNOWN-ISSUES.md#$1](../../KNOWN-ISSUES.md#$1)");
}

const mark = (c: Cell | undefined) => (c === undefined ? "–" : c.passed === c.total ? "✅" : "❌");

function count(c: Cell | undefined): string {
  return c === undefined ? "–" : `${mark(c)} ${c.passed}/${c.total}`;
}

function goCount(c: Cell | undefined): string {
  if (c === undefined) return "–";
  return `${count(c)}${c.runs === c.total ? "" : ` (${c.runs} runs)`}`;
}

function commitText(c: SourceCommit | undefined): string {
  return c?.commit === undefined ? "unknown (no source-commit file, no logs/versions.txt)" : `\`${c.commit}\``;
}

function columnsOf(analysis: Analysis, pass: Pass): string[] {
  const used = new Set<string>();
  for (const t of [analysis.ours[pass], analysis.go?.[pass]])
    for (const row of t?.cells.values() ?? []) for (const c of row.keys()) used.add(c);
  return analysis.columns.filter((c) => used.has(c));
}

function fullTable(analysis: Analysis): string[] {
  const columns = columnsOf(analysis, "full");
  const go = analysis.go?.full;
  const head = columns.flatMap((c) => [`ours ${c}`, ...(go === undefined ? [] : [`Go ${c}`])]);
  const lines = [`| script | ${head.join(" | ")} |`, `| --- |${" ---: |".repeat(head.length)}`];
  for (const script of analysis.scripts) {
    const ours = analysis.ours.full.cells.get(script);
    const theirs = go?.cells.get(script);
    if (ours === undefined && theirs === undefined) continue;
    const cells = columns.flatMap((c) => [count(ours?.get(c)), ...(go === undefined ? [] : [goCount(theirs?.get(c))])]);
    lines.push(`| ${cell(script)} | ${cells.join(" | ")} |`);
  }
  return lines;
}

function randomTable(analysis: Analysis): string[] {
  const columns = columnsOf(analysis, "random");
  const go = analysis.go?.random;
  const lines = [`| script | ${columns.join(" | ")} |`, `| --- |${" :---: |".repeat(columns.length)}`];
  for (const script of analysis.scripts) {
    const ours = analysis.ours.random.cells.get(script);
    const theirs = go?.cells.get(script);
    if (ours === undefined && theirs === undefined) continue;
    const cells = columns.map((c) => `${mark(ours?.get(c))}${go === undefined ? "" : ` / ${mark(theirs?.get(c))}`}`);
    lines.push(`| ${cell(script)} | ${cells.join(" | ")} |`);
  }
  return lines;
}

/**
 * Writes a set of assignments as few patterns as possible: `alice=ours,
 * others any (16)` stands for every assignment with alice on ours. Exact:
 * the patterns cover the set and nothing else.
 */
export function summarizeAssignments(
  assignments: ReadonlyArray<Record<string, string>>,
  servers: readonly string[],
): string[] {
  const actors = Object.keys(assignments[0] ?? {}).sort();
  const out: string[] = [];
  const cover = (set: ReadonlyArray<Record<string, string>>) => {
    const constant = actors.filter((a) => set.every((s) => s[a] === set[0]?.[a]));
    const free = actors.filter((a) => !constant.includes(a));
    // Distinct assignments that agree on the constant actors: complete when every mix of the others is there.
    if (set.length === servers.length ** free.length) {
      const text = constant.map((a) => `${a}=${set[0]?.[a]}`).join(" ");
      out.push(free.length === 0 ? text : `${text}${text === "" ? "" : ", "}others any (${set.length})`);
      return;
    }
    const split = free[0] as string;
    for (const server of servers) {
      const part = set.filter((s) => s[split] === server);
      if (part.length > 0) cover(part);
    }
  };
  if (assignments.length > 0) cover(assignments);
  return out;
}

function failureGroup(group: FailureGroup, servers: readonly string[]): string[] {
  const { info, verdict } = group;
  const classification =
    verdict === undefined
      ? "**unclassified**"
      : `fault: **${verdict.fault}**, ${linkEvidence(cell(verdict.evidence))}${
          verdict.source === "known issue cited by our server" ? " (cited by our server)" : ` (${cell(verdict.reason)})`
        }`;
  const byColumn = new Map<string, Array<Record<string, string>>>();
  for (const a of group.assignments) byColumn.set(a.column, [...(byColumn.get(a.column) ?? []), a.actors]);
  const patterns = [...byColumn].flatMap(([column, set]) =>
    summarizeAssignments(set, servers).map((p) => `${column}: ${p}`),
  );
  const n = group.assignments.length;
  return [
    `- ${info.step}, ${cell(info.side)}: ${code(info.cause)} — ${n} assignment${n === 1 ? "" : "s"}; ${classification}`,
    ...patterns.map((p) => `  - ${cell(p)}`),
  ];
}

function failureSection(groups: readonly FailureGroup[], analysis: Analysis, servers: readonly string[]): string[] {
  const out: string[] = [];
  const scripts = [...new Set(groups.map((g) => g.script))];
  for (const script of scripts) {
    const mine = groups.filter((g) => g.script === script);
    const failing = mine.reduce((n, g) => n + g.assignments.length, 0);
    const total = (["full", "random"] as const).reduce(
      (n, pass) => n + [...(analysis.ours[pass].cells.get(script)?.values() ?? [])].reduce((m, c) => m + c.total, 0),
      0,
    );
    out.push("", `### ${script}: ${failing} of ${total || "?"} assignments fail`, "");
    for (const group of mine) out.push(...failureGroup(group, servers));
  }
  return out;
}

function playedLine(p: Played): string {
  if (p.failures === 0) return `pass${p.plays > 1 ? ` (${p.plays} plays)` : ""}`;
  const step = p.row.failedStep === undefined ? "" : ` at step ${p.row.failedStep}`;
  const plays = p.plays > 1 ? ` (${p.failures} of ${p.plays} plays failed)` : "";
  return `FAIL${step}${plays}: ${code(p.row.error ?? "")}`;
}

function totals(t: Tally | undefined): string {
  return t === undefined ? "–" : `${t.passed} of ${t.distinct}`;
}

function classifiedCounts(groups: readonly FailureGroup[]): string {
  const counts = { ours: 0, peer: 0, runner: 0, unclassified: 0 };
  for (const g of groups) counts[g.verdict?.fault ?? "unclassified"] += g.assignments.length;
  return `ours ${counts.ours}, peer ${counts.peer}, runner ${counts.runner}, unclassified ${counts.unclassified}`;
}

export function crossReport(analysis: Analysis, meta: ReportMeta): string {
  const { peer } = meta;
  const servers = ["ours", peer.id];
  const day = meta.date.toISOString().slice(0, 10);
  const out: string[] = [
    `# ours × ${peer.title}: cross-stack results`,
    "",
    `Written on ${day} by \`${meta.command}\`; do not edit, run it again.`,
    "",
    "## Versions",
    "",
    "| side | what | source |",
    "| --- | --- | --- |",
    `| ours | ${cell(meta.ours.name)} | this repository at ${meta.ours.commit === undefined ? "an unknown commit" : `\`${meta.ours.commit}\``}${meta.ours.dirty ? " with uncommitted changes" : ""} |`,
    `| peer | ${cell(meta.peerName)}: ${peer.title}, ${cell(peer.part)} | ${peer.repository} ${commitText(meta.peerCommit)} |`,
  ];
  if (meta.goCommit !== undefined)
    out.push(
      `| runner | the working group's test runner (Go) | mlswg/mls-implementations ${commitText(meta.goCommit)} |`,
    );
  out.push(
    `| configs | ${cell(meta.configs.where)} (${meta.configs.files} files) | sha256 \`${meta.configs.sha256.slice(0, 16)}\` |`,
    "",
    `The peers were built by \`../shared/peers/build.sh\`${meta.builtAt === undefined ? "" : ` (${meta.builtAt})`}, outside this project.`,
    "",
    "## Summary",
    "",
  );
  const full = meta.fullSuite;
  if (full !== undefined) {
    const go = analysis.go?.full;
    out.push(
      `- **Suite ${full}, both modes, every assignment**: our runner passes **${totals(analysis.ours.full)}** distinct assignments.` +
        (go === undefined
          ? ""
          : ` The Go runner played ${go.runs} runs (${go.passedRuns} passed, its own total) covering ${go.distinct} distinct assignments; ${go.passed} of those pass.`),
    );
  }
  if (meta.randomSuites.length > 0) {
    out.push(
      `- **Random pass over suites ${meta.randomSuites.join(", ")}** (one assignment per script, suite and mode; our runner \`--random --seed ${meta.seed}\`, the Go runner \`-random\`, which cannot be seeded): ` +
        `our runner ${totals(analysis.ours.random)}` +
        (analysis.go === undefined ? "." : `, the Go runner ${totals(analysis.go.random)}.`),
    );
  }
  const cmp = analysis.comparison;
  if (cmp !== undefined) {
    out.push(
      `- **Verdicts**: on the ${cmp.compared} distinct assignments both runners played, they ` +
        (cmp.differences.length === 0
          ? `agree on every one: **0 differences**.`
          : `differ on **${cmp.differences.length}** (listed below).`) +
        (cmp.goOnly > 0 ? ` ${cmp.goOnly} assignments only the Go runner drew (random pass) are not compared.` : ""),
    );
  }
  const failing = analysis.failures.reduce((n, g) => n + g.assignments.length, 0);
  out.push(
    `- **Failures** (our runner): ${failing} failing assignments in ${analysis.failures.length} groups by step, side and cause; ` +
      `by fault: ${classifiedCounts(analysis.failures)}.`,
  );
  if (meta.problems.length > 0) out.push(`- **The run had problems** (below): the figures may be incomplete.`);

  if (full !== undefined) {
    out.push(
      "",
      `## Suite ${full}, every assignment`,
      "",
      "Passing distinct assignments of all played. Our runner plays each of the 2^actors assignments once;",
      "the Go runner plays as many runs but, through its `combinations()` bug, repeats some and never plays",
      "others (README.md, Cross-stack runs): its cells count the distinct assignments it reached, with its runs.",
      "",
      ...fullTable(analysis),
    );
  }
  const missed = analysis.goCoverage.filter((c) => c.distinct < c.possible);
  if (missed.length > 0) {
    out.push(
      "",
      `What the Go runner's "every assignment" missed on suite ${full ?? "?"} (both modes), script by script:`,
      "",
      "| script | Go runs | distinct | of | never on ours | never on the peer |",
      "| --- | ---: | ---: | ---: | --- | --- |",
    );
    for (const c of missed)
      out.push(
        `| ${cell(c.script)} | ${c.runs} | ${c.distinct} | ${c.possible} | ${c.neverOnOurs.join(", ") || "–"} | ${c.neverOnPeer.join(", ") || "–"} |`,
      );
  }
  if (meta.randomSuites.length > 0) {
    out.push(
      "",
      `## Random pass, suites ${meta.randomSuites.join(", ")}`,
      "",
      `One random assignment per script, suite and mode${analysis.go === undefined ? "" : "; each cell: our runner / Go runner (each draws its own assignment)"}.`,
      "",
      ...randomTable(analysis),
    );
  }
  if (cmp !== undefined) {
    out.push("", "## Verdict comparison", "");
    out.push(
      `Runs match by script, suite, mode and each actor's server name, which both results formats carry. ` +
        `${cmp.agree} of ${cmp.compared} assignments agree.`,
    );
    if (cmp.differences.length > 0) {
      out.push("", "| assignment | Go runner | our runner |", "| --- | --- | --- |");
      for (const d of cmp.differences) out.push(`| ${cell(d.key)} | ${playedLine(d.go)} | ${playedLine(d.ours)} |`);
    }
    if (cmp.otherStep.length > 0) {
      out.push(
        "",
        `Both fail, at different steps, on ${cmp.otherStep.length} assignments (the Go runner reports a failed Free at the end ` +
          "of a run in place of the step that failed; ours keeps the step):",
        "",
      );
      for (const d of cmp.otherStep.slice(0, 10))
        out.push(`- ${cell(d.key)}: Go ${playedLine(d.go)}; ours ${playedLine(d.ours)}`);
      if (cmp.otherStep.length > 10) out.push(`- and ${cmp.otherStep.length - 10} more`);
    }
    const unrepeatable = [...(analysis.go?.full.unrepeatable ?? []), ...(analysis.go?.random.unrepeatable ?? [])];
    out.push(
      "",
      unrepeatable.length === 0
        ? "The Go runner's repeated plays of one assignment always reached the same verdict."
        : `The Go runner's repeated plays disagree on ${unrepeatable.length} assignments:`,
    );
    for (const p of unrepeatable) out.push(`- ${cell(p.key)}: ${playedLine(p)}`);
  }
  out.push("", "## Failures", "");
  out.push(
    "Every failing assignment of our runner, grouped by step, side (the actor whose call failed, and its server) and cause;",
    "assignments are written as patterns (`alice=ours, others any` is every assignment with alice on our server).",
    "Classification: `configs/results/classifications.json`, or the KNOWN-ISSUES.md entry our server cites in its error.",
  );
  if (analysis.failures.length === 0) out.push("", "None.");
  out.push(...failureSection(analysis.failures, analysis, servers));
  if (analysis.goOnlyFailures.length > 0) {
    out.push("", "## Go runner failures on assignments our runner did not draw", "");
    out.push(
      "Its random pass draws its own assignments (unseeded), so this list changes from run to run. The Go runner does not",
      "say which call failed: an error that starts with a method name is our server's (its messages do), else the peer's.",
      "",
    );
    for (const g of analysis.goOnlyFailures) out.push(...failureGroup(g, servers).slice(0, 1));
  }
  if (meta.problems.length > 0) {
    out.push("", "## Problems during the run", "", ...meta.problems.map((p) => `- ${cell(p)}`));
  }
  return `${out.join("\n")}\n`;
}
