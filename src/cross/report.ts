// The page of one combination of a cross run (configs/results/pairs/A--B.md):
// versions, pass counts by distinct assignment for both runners, the verdict
// comparison, and every failure of our runner with its step, side, cause,
// verdict and the command that plays it again. Deterministic for the same
// results apart from the date, so regenerating it shows what changed.
import type { Analysis, Cell, FailureGroup, Played, Tally } from "./analysis.js";
import type { ComboSuites, Pass } from "./plan.js";
import type { PlayedStack, RunRecord } from "./record.js";
import type { IncidentSummary } from "./incidents.js";
import { CROSS_REPLAY, type Replay, replayCommand } from "./replay.js";
import type { SourceCommit } from "./stacks.js";

export type PairMeta = Pick<RunRecord, "command" | "ours" | "goCommit" | "configs" | "seed" | "problems"> & {
  date: Date;
  combo: ComboSuites;
  stacks: readonly PlayedStack[];
  incidents: IncidentSummary[];
  /** How a failing run is played again (default: `mls-interop cross` as it is). */
  replay?: Replay;
};

export function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replaceAll("|", "\\|");
}

export function code(text: string): string {
  const clean = cell(text);
  return clean.includes("`") ? `<code>${clean.replaceAll("<", "&lt;")}</code>` : `\`${clean}\``;
}

function linkEvidence(text: string): string {
  return text
    .replace(/KNOWN-ISSUES\.md#([a-z0-9-]+)/g, "[KNOWN-ISSUES.md#$1](../../../KNOWN-ISSUES.md#$1)")
    .replace(/docs\/peer-issues\.md#([a-z0-9-]+)/g, "[docs/peer-issues.md#$1](../../../docs/peer-issues.md#$1)");
}

const mark = (c: Cell | undefined) => (c === undefined ? "–" : c.passed === c.total ? "✅" : "❌");

function count(c: Cell | undefined): string {
  return c === undefined ? "–" : `${mark(c)} ${c.passed}/${c.total}`;
}

function goCount(c: Cell | undefined): string {
  if (c === undefined) return "–";
  return `${count(c)}${c.runs === c.total ? "" : ` (${c.runs} runs)`}`;
}

export function commitText(c: SourceCommit | undefined): string {
  if (c?.commit === undefined) return "unknown commit";
  return `\`${c.commit.slice(0, 12)}\`${c.dirty === true ? " with local changes" : ""}`;
}

function columnsOf(analysis: Analysis, pass: Pass): string[] {
  const used = new Set<string>();
  for (const t of [analysis.ours[pass], analysis.go?.[pass]])
    for (const row of t?.cells.values() ?? []) for (const c of row.keys()) used.add(c);
  return analysis.columns.filter((c) => used.has(c));
}

function passTable(analysis: Analysis, pass: Pass): string[] {
  const columns = columnsOf(analysis, pass);
  const go = analysis.go?.[pass];
  const head = columns.flatMap((c) => [`ours ${c}`, ...(go === undefined ? [] : [`Go ${c}`])]);
  const lines = [`| script | ${head.join(" | ")} |`, `| --- |${" ---: |".repeat(head.length)}`];
  for (const script of analysis.scripts) {
    const ours = analysis.ours[pass].cells.get(script);
    const theirs = go?.cells.get(script);
    if (ours === undefined && theirs === undefined) continue;
    const cells = columns.flatMap((c) => [count(ours?.get(c)), ...(go === undefined ? [] : [goCount(theirs?.get(c))])]);
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

/** The command that plays a group's first failing run again, on fresh servers of the same stacks. */
export function reproduction(
  group: Pick<FailureGroup, "script" | "assignments">,
  stacks: readonly string[],
  replay: Replay = CROSS_REPLAY,
): string {
  const first = group.assignments[0];
  return replayCommand(replay, stacks, group.script, first?.column ?? "suite 1 private", first?.actors ?? {});
}

export function verdictText(group: FailureGroup, link = linkEvidence): string {
  const { verdict } = group;
  if (verdict === undefined) return "**unclassified**";
  const where =
    verdict.source === "classifications" ? cell(verdict.reason) : `${verdict.source}: ${cell(verdict.reason)}`;
  return `fault: **${verdict.fault}**, ${link(cell(verdict.evidence))} (${where})`;
}

function failureGroup(group: FailureGroup, servers: readonly string[], replay?: Replay): string[] {
  const { info } = group;
  const byColumn = new Map<string, Array<Record<string, string>>>();
  for (const a of group.assignments) byColumn.set(a.column, [...(byColumn.get(a.column) ?? []), a.actors]);
  const patterns = [...byColumn].flatMap(([column, set]) =>
    summarizeAssignments(set, servers).map((p) => `${column}: ${p}`),
  );
  const n = group.assignments.length;
  return [
    `- ${info.step}, ${cell(info.side)}: ${code(info.cause)} — ${n} assignment${n === 1 ? "" : "s"}; ${verdictText(group)}`,
    ...patterns.map((p) => `  - ${cell(p)}`),
    `  - again: ${code(reproduction(group, servers, replay))}`,
  ];
}

function failureSection(
  groups: readonly FailureGroup[],
  analysis: Analysis,
  servers: readonly string[],
  replay?: Replay,
): string[] {
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
    for (const group of mine) out.push(...failureGroup(group, servers, replay));
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

/** Failing assignments by verdict: each stack's, the runner's, unclassified; methods a stack lacks apart. */
export function faultCounts(groups: readonly FailureGroup[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const g of groups) {
    const fault =
      g.verdict === undefined
        ? "unclassified"
        : g.verdict.source === "the stack lacks the method"
          ? `${g.verdict.fault} lacks a method`
          : g.verdict.fault;
    counts.set(fault, (counts.get(fault) ?? 0) + g.assignments.length);
  }
  return counts;
}

function countsText(counts: ReadonlyMap<string, number>): string {
  return counts.size === 0 ? "none" : [...counts].map(([k, v]) => `${k} ${v}`).join(", ");
}

export function pairReport(analysis: Analysis, meta: PairMeta): string {
  const servers = meta.combo.combo.stacks;
  const played = servers.map((id) => meta.stacks.find((s) => s.id === id) as PlayedStack);
  const day = meta.date.toISOString().slice(0, 10);
  const title = played.length === 1 ? `${played[0]?.id} alone` : played.map((s) => s.id).join(" × ");
  const out: string[] = [
    `# ${title}: cross-stack results`,
    "",
    `Written on ${day} by \`${meta.command}\`; do not edit, run it again. The whole matrix: [matrix.md](../matrix.md).`,
    "",
    "## Stacks",
    "",
    "| stack | name it answers | source |",
    "| --- | --- | --- |",
    ...played.map(
      (s) =>
        `| ${s.id} | ${cell(s.name)} | ${s.id === "ours" ? `this repository at ${meta.ours.commit === undefined ? "an unknown commit" : `\`${meta.ours.commit.slice(0, 12)}\``}${meta.ours.dirty ? " with uncommitted changes" : ""}` : `${s.repository}${s.folder === undefined ? "" : ` ${s.folder}`} at ${commitText(s.commit)}`} |`,
    ),
  ];
  if (meta.goCommit !== undefined)
    out.push(
      `| runner | the working group's test runner (Go) | mlswg/mls-implementations at ${commitText(meta.goCommit)} |`,
    );
  out.push("", "## Summary", "");
  const full = meta.combo.full;
  if (full.length > 0) {
    const go = analysis.go?.full;
    out.push(
      `- **Every assignment, suite${full.length > 1 ? "s" : ""} ${full.join(", ")}, both modes**: our runner passes **${totals(analysis.ours.full)}** distinct assignments.` +
        (go === undefined || go.runs === 0
          ? ""
          : ` The Go runner played ${go.runs} runs (${go.passedRuns} passed, its own total) covering ${go.distinct} distinct assignments; ${go.passed} of those pass.`),
    );
  }
  if (meta.combo.random.length > 0)
    out.push(
      `- **One seeded random assignment per script, suite and mode on suites ${meta.combo.random.join(", ")}** (our runner \`--random --seed ${meta.seed}\`; the Go runner \`-random\`, unseeded): ` +
        `our runner ${totals(analysis.ours.random)}` +
        (analysis.go === undefined ? "." : `, the Go runner ${totals(analysis.go.random)}.`),
    );
  const cmp = analysis.comparison;
  if (cmp !== undefined)
    out.push(
      `- **Verdicts**: on the ${cmp.compared} distinct assignments both runners played, they ` +
        (cmp.differences.length === 0 && cmp.afterFall.length === 0 && cmp.byChance.length === 0
          ? `agree on every one: **0 differences**.`
          : `agree on ${cmp.agree} and differ on **${cmp.differences.length}**${cmp.differences.length > 0 ? " (listed below)" : ""}.`) +
        (cmp.afterFall.length > 0
          ? ` On the other ${cmp.afterFall.length} the Go runner failed where ours passed after a stack fell over under it (below): that says nothing of the runners.`
          : "") +
        (cmp.byChance.length > 0
          ? ` On ${cmp.byChance.length} more one runner failed and the other passed by chance: the failure shows in some plays only (below, with why).`
          : "") +
        (cmp.goOnly > 0 ? ` ${cmp.goOnly} assignments only the Go runner drew (random pass) are not compared.` : ""),
    );
  const failing = analysis.failures.reduce((n, g) => n + g.assignments.length, 0);
  out.push(
    `- **Failures** (our runner): ${failing} failing assignments in ${analysis.failures.length} groups by step, side and cause; ` +
      `by verdict: ${countsText(faultCounts(analysis.failures))}.`,
  );
  const incidents = meta.incidents.filter((i) => i.combo === meta.combo.combo.id);
  const fell = incidents.filter((i) => i.kind !== "restarted").reduce((n, i) => n + i.times, 0);
  if (fell > 0) out.push(`- **Stacks fell over ${fell} times** (below), and were started again.`);
  if (meta.problems.length > 0) out.push(`- **The run had problems** (below): the figures may be incomplete.`);

  for (const pass of ["full", "random"] as const) {
    const suites = meta.combo[pass];
    if (suites.length === 0) continue;
    out.push(
      "",
      pass === "full"
        ? `## Every assignment, suite${suites.length > 1 ? "s" : ""} ${suites.join(", ")}`
        : `## Random pass, suites ${suites.join(", ")}`,
      "",
      pass === "full"
        ? "Passing distinct assignments of all played. Our runner plays each assignment once; the Go runner plays as many runs but, through its `combinations()` bug, repeats some and never plays others (docs/cross-stack.md): its cells count the distinct assignments it reached, with its runs."
        : "One random assignment per script, suite and mode; each runner draws its own.",
      "",
      ...passTable(analysis, pass),
    );
  }
  const missed = analysis.goCoverage.filter((c) => c.distinct < c.possible);
  if (missed.length > 0) {
    out.push(
      "",
      `What the Go runner's "every assignment" missed, script by script:`,
      "",
      `| script | Go runs | distinct | of | ${servers.map((s) => `never on ${s}`).join(" | ")} |`,
      `| --- | ---: | ---: | ---: |${" --- |".repeat(servers.length)}`,
    );
    for (const c of missed)
      out.push(
        `| ${cell(c.script)} | ${c.runs} | ${c.distinct} | ${c.possible} | ${servers.map((s) => c.never[s]?.join(", ") || "–").join(" | ")} |`,
      );
  }
  if (cmp !== undefined) {
    out.push("", "## Verdict comparison", "");
    out.push(
      `Runs match by script, suite, mode and each actor's stack. ${cmp.agree} of ${cmp.compared} assignments agree.`,
    );
    if (cmp.differences.length > 0) {
      out.push("", "| assignment | Go runner | our runner |", "| --- | --- | --- |");
      for (const d of cmp.differences) out.push(`| ${cell(d.key)} | ${playedLine(d.go)} | ${playedLine(d.ours)} |`);
    }
    if (cmp.afterFall.length > 0) {
      out.push(
        "",
        `The Go runner failed and ours passed on ${cmp.afterFall.length} assignments played by a Go runner process during which ` +
          "a stack of the pair panicked, died or hung: the Go runner cannot be told to start it afresh, so it plays on with the " +
          "stack as the fall left it (OpenMLS main's interop client, after a panic, fails every call that takes its poisoned " +
          "lock); our runner starts such a stack afresh for the next run. The first:",
        "",
      );
      for (const d of cmp.afterFall.slice(0, 10))
        out.push(`- ${cell(d.key)}: Go ${playedLine(d.go)}; ours ${playedLine(d.ours)}`);
      if (cmp.afterFall.length > 10) out.push(`- and ${cmp.afterFall.length - 10} more`);
    }
    if (cmp.byChance.length > 0) {
      const reasons = [...new Set(cmp.byChance.map((d) => d.chance))];
      out.push(
        "",
        `One runner failed and the other passed on ${cmp.byChance.length} assignments, where the failure is one that shows ` +
          "in some plays only (its classification says why), so which runner meets it is chance: " +
          reasons.map((r) => `${r}.`).join(" "),
        "",
      );
      for (const d of cmp.byChance.slice(0, 10))
        out.push(`- ${cell(d.key)}: Go ${playedLine(d.go)}; ours ${playedLine(d.ours)}`);
      if (cmp.byChance.length > 10) out.push(`- and ${cmp.byChance.length - 10} more`);
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
    if (unrepeatable.length > 0) {
      out.push("", `The Go runner's repeated plays disagree on ${unrepeatable.length} assignments:`);
      for (const p of unrepeatable) out.push(`- ${cell(p.key)}: ${playedLine(p)}`);
    }
  }
  out.push("", "## Failures", "");
  out.push(
    "Every failing assignment of our runner, grouped by step, side (the actor whose call failed, and its stack) and cause;",
    "assignments are written as patterns (`alice=ours, others any` is every assignment with alice on ours), each group",
    "with the command that plays its first assignment again. Verdicts: a stack that answers UNIMPLEMENTED or panics in",
    "`todo!()` lacks the method; one that dies or hangs fell over; the rest from `configs/results/classifications.json`",
    "or the KNOWN-ISSUES.md entry our server cites in its error.",
  );
  if (analysis.failures.length === 0) out.push("", "None.");
  out.push(...failureSection(analysis.failures, analysis, servers, meta.replay));
  if (analysis.goOnlyFailures.length > 0) {
    out.push("", "## Go runner failures on assignments our runner did not draw", "");
    out.push(
      "Its random pass draws its own assignments (unseeded), so this list changes from run to run. The Go runner does not",
      "say which call failed: an error that starts with a method name is our server's (its messages do).",
      "",
    );
    for (const g of analysis.goOnlyFailures) out.push(...failureGroup(g, servers).slice(0, 1));
  }
  if (incidents.length > 0) {
    out.push(
      "",
      "## Stacks that fell over",
      "",
      "| stack | what | times | for instance |",
      "| --- | --- | ---: | --- |",
    );
    for (const i of incidents) out.push(`| ${i.stack} | ${i.kind} | ${i.times} | ${code(i.detail)} |`);
  }
  if (meta.problems.length > 0) {
    out.push("", "## Problems during the run", "", ...meta.problems.map((p) => `- ${cell(p)}`));
  }
  return `${out.join("\n")}\n`;
}
