// The cross-stack page: one self-contained HTML file made from a matrix
// summary (src/cross/summary.ts), with its style and its one script inline
// and nothing fetched. Modelled on the QUIC interop runner's page: the
// stacks × stacks grid, one cell per combination coloured by the share of
// assignments that pass (a symbol beside each colour), each cell opening its
// pair: scripts × suites × modes, then every failure with its step, RPC,
// side, status text, classification and the command that plays each failing
// run again. Suite and mode filters recompute what is shown. Given an
// earlier summary it marks what regressed and what was fixed since.
import { type Change, type Changes, compareSummaries } from "./changes.js";
import { cellLook, changeText } from "./page-look.js";
import { pageScript } from "./page-script.js";
import { pageStyle } from "./page-style.js";
import { comboFile } from "./plan.js";
import { CROSS_REPLAY, replayCommand } from "./replay.js";
import { summarizeAssignments } from "./report.js";
import type { ComboSummary, Figures, GroupSummary, MatrixSummary } from "./summary.js";

export interface PageOptions {
  /** An earlier run's summary: what regressed and what was fixed since. */
  baseline?: MatrixSummary;
  title?: string;
  /** Failing runs listed with their command per failure group; the rest are counted (default 100). */
  runsPerGroup?: number;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** Per column (`suite 1 private`), a pair of numbers, as the script reads them from `data-` attributes. */
type PerColumn = Record<string, [number, number]>;

const attribute = (value: PerColumn) => escape(JSON.stringify(value));

function add(to: PerColumn, column: string, a: number, b: number): void {
  const was = to[column] ?? [0, 0];
  to[column] = [was[0] + a, was[1] + b];
}

/** Passing and played distinct assignments per column, over every script. */
function perColumn(c: ComboSummary): PerColumn {
  const out: PerColumn = {};
  for (const row of Object.values(c.cells))
    for (const [column, f] of Object.entries(row)) add(out, column, f.passed, f.total);
  return out;
}

function columnsOf(c: ComboSummary): string[] {
  return Object.keys(perColumn(c)).sort((a, b) => {
    const [, sa, ma] = a.split(" ");
    const [, sb, mb] = b.split(" ");
    return Number(sa) - Number(sb) || (ma === mb ? 0 : ma === "private" ? -1 : 1);
  });
}

const title = (c: ComboSummary) => (c.stacks.length === 1 ? `${c.stacks[0]} alone` : c.stacks.join(" × "));
const anchor = (c: ComboSummary) => `pair-${comboFile({ id: c.combo, stacks: c.stacks })}`;
const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
const assignmentText = (column: string, actors: Record<string, string>) =>
  `${column}: ${Object.entries(actors)
    .map(([a, s]) => `${a}=${s}`)
    .join(" ")}`;

/** Regressions and fixes of one combination, per column. */
function changesOf(c: ComboSummary, changes: Changes | undefined): PerColumn {
  const out: PerColumn = {};
  for (const r of changes?.regressed ?? []) if (r.combo === c.combo) add(out, r.column, 1, 0);
  for (const f of changes?.fixed ?? []) if (f.combo === c.combo) add(out, f.column, 0, 1);
  return out;
}

/**
 * A combination's count, in a grid cell, the list's cell or a pair's heading
 * (`<td>` or `<span>`); the script recomputes it under the filters.
 */
function countCell(
  c: ComboSummary,
  changes: Changes | undefined,
  className: string,
  tag: "td" | "span" = "td",
): string {
  const columns = perColumn(c);
  const total = Object.values(columns).reduce((s, [p, t]) => [s[0] + p, s[1] + t], [0, 0]);
  const changed = Object.values(changesOf(c, changes)).reduce((s, [r, f]) => [s[0] + r, s[1] + f], [0, 0]);
  const look = cellLook(total[0], total[1]);
  const parts =
    `<span class="sym">${look.symbol}</span><span class="n">${look.text}</span>` +
    `<span class="chg">${changeText(changed[0], changed[1])}</span>`;
  return (
    `<${tag} class="${className}" data-cells="${attribute(columns)}" data-changes="${attribute(changesOf(c, changes))}"` +
    ` data-name="${escape(title(c))}" data-state="${look.state}" style="background:${look.colour}">` +
    (tag === "td" ? `<a href="#${anchor(c)}" title="${escape(`${title(c)}: ${look.label}`)}">${parts}</a>` : parts) +
    `</${tag}>`
  );
}

function comboOf(s: MatrixSummary, a: string, b: string): ComboSummary | undefined {
  return s.combos.find((c) =>
    a === b
      ? c.stacks.length === 1 && c.stacks[0] === a
      : c.stacks.length === 2 && c.stacks.includes(a) && c.stacks.includes(b),
  );
}

function grid(s: MatrixSummary, changes: Changes | undefined): string {
  const ids = s.stacks.map((x) => x.id);
  if (!s.combos.some((c) => c.stacks.length <= 2)) return "";
  const head = ids.map((id) => `<th scope="col"><span>${escape(id)}</span></th>`).join("");
  const rows = ids.map((a) => {
    const cells = ids.map((b) => {
      const c = comboOf(s, a, b);
      return c === undefined ? `<td class="empty" title="not played">·</td>` : countCell(c, changes, "cell");
    });
    return `<tr><th scope="row">${escape(a)}</th>${cells.join("")}</tr>`;
  });
  return `<div class="scroll"><table class="grid"><thead><tr><td></td>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function legend(withChanges: boolean): string {
  const swatch = (share: number) => `<span class="swatch" style="background:${cellLook(share, 1).colour}"></span>`;
  const keys = [
    `${swatch(1)} ✔ every assignment passes`,
    `${swatch(0.5)} ◐ some pass`,
    `${swatch(0)} ✘ none pass`,
    "· not played",
    ...(withChanges ? ["▼ regressed since the baseline", "▲ fixed since"] : []),
  ];
  return (
    `<p class="legend">${keys.map((k) => `<span>${k}</span>`).join(" ")}</p>` +
    `<p class="legend">Counts are distinct assignments of stacks to actors that pass, of those played, over the suites and modes the filters keep; ` +
    `the colour goes from red (none pass) to green (all pass); the diagonal is each stack alone. A cell opens its pair.</p>`
  );
}

function figuresText(f: Figures | undefined, who: string): string {
  if (f === undefined || f.distinct === 0) return "";
  const runs = f.runs === f.distinct ? "" : ` (${f.passedRuns.toLocaleString("en")} of ${plural(f.runs, "run")})`;
  return `${who} ${f.passed.toLocaleString("en")}/${f.distinct.toLocaleString("en")}${runs}`;
}

function goText(c: ComboSummary): string {
  return [figuresText(c.full.go, "full"), figuresText(c.random.go, "random")].filter(Boolean).join(", ") || "–";
}

const faultText = (c: ComboSummary) =>
  Object.entries(c.failures.byFault)
    .map(([k, v]) => `${escape(k)} ${v}`)
    .join(", ") || "none";

function comboList(s: MatrixSummary, changes: Changes | undefined): string {
  // The Go runner's columns only where it played.
  const go = s.combos.some((c) => goText(c) !== "–" || c.comparison !== undefined);
  const rows = s.combos.map(
    (c) =>
      `<tr><td><a href="#${anchor(c)}">${escape(title(c))}</a></td>${countCell(c, changes, "count")}` +
      (go ? `<td>${escape(goText(c))}</td><td>${c.comparison?.differences ?? "–"}</td>` : "") +
      `<td>${faultText(c)}</td></tr>`,
  );
  return (
    `<div class="scroll"><table class="combos"><thead><tr><th>combination</th><th>our runner</th>` +
    (go ? `<th>Go runner (distinct)</th><th>verdicts differ</th>` : "") +
    `<th>failing assignments by verdict</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`
  );
}

function stackSource(s: MatrixSummary, id: string): string {
  const x = s.stacks.find((t) => t.id === id);
  if (x === undefined) return "";
  if (x.repository === "") return `at ${escape(x.address ?? "an unknown address")}`;
  if (id === "ours")
    return `this repository at ${s.ours.commit === undefined ? "an unknown commit" : `<code>${s.ours.commit.slice(0, 12)}</code>`}${s.ours.dirty ? " with uncommitted changes" : ""}`;
  const commit = x.commit?.commit === undefined ? "an unknown commit" : `<code>${x.commit.commit.slice(0, 12)}</code>`;
  return `${escape(x.repository)}${x.folder === undefined ? "" : ` ${escape(x.folder)}`} at ${commit}${x.commit?.dirty === true ? " with local changes" : ""}`;
}

function stackTable(s: MatrixSummary): string {
  const rows = s.stacks.map(
    (x) =>
      `<tr><td>${escape(x.id)}</td><td>${escape(x.name)}</td><td>${stackSource(s, x.id)}</td><td>${x.suites.join(", ")}</td></tr>`,
  );
  const skipped =
    s.skipped.length === 0
      ? ""
      : `<p>Declared but not played:</p><ul>${s.skipped.map((k) => `<li>${escape(k.id)}: ${escape(k.why)}</li>`).join("")}</ul>`;
  return `<div class="scroll"><table><thead><tr><th>id</th><th>name it answers</th><th>source</th><th>suites</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>${skipped}`;
}

function when(date: string): string {
  return `${date.slice(0, 10)} ${date.slice(11, 16)} UTC`;
}

function baselineText(baseline: MatrixSummary, changes: Changes): string {
  const lines = [
    `<strong>▼ ${plural(changes.regressed.length, "assignment")} regressed, ` +
      `▲ ${changes.fixed.length.toLocaleString("en")} fixed</strong> since the baseline of ${when(baseline.date)}.`,
  ];
  if (changes.added.length > 0) lines.push(`New combinations: ${escape(changes.added.join(", "))}.`);
  if (changes.removed.length > 0) lines.push(`No longer played: ${escape(changes.removed.join(", "))}.`);
  lines.push(...changes.notes.map((n) => `${escape(n[0]?.toUpperCase() ?? "")}${escape(n.slice(1))}.`));
  return `<p class="baseline">${lines.join(" ")}</p>`;
}

/** The header: what was played, when, and below a fold how (the commands, the configs). */
function header(
  s: MatrixSummary,
  heading: string,
  baseline: MatrixSummary | undefined,
  changes: Changes | undefined,
): string {
  const minutes = Math.round(s.durationS / 60);
  const ours =
    s.ours.commit === undefined
      ? ""
      : ` · ours at <code>${s.ours.commit.slice(0, 12)}</code>${s.ours.dirty ? " (uncommitted changes)" : ""}`;
  const how = [
    `Written by <code>${escape(s.command)}</code>.`,
    `Configs ${escape(s.configs.where)} (${plural(s.configs.files, "file")}, sha256 <code>${escape(s.configs.sha256.slice(0, 12))}</code>); seed of the random pass ${s.seed}.`,
    baseline === undefined
      ? ""
      : `The baseline was written ${when(baseline.date)} by <code>${escape(baseline.command)}</code>.`,
  ].filter((t) => t !== "");
  return (
    `<header><h1>${heading}</h1><p class="meta">${plural(s.combos.length, "combination")} of ${plural(s.stacks.length, "stack")} · ` +
    `${when(s.date)} · ${minutes === 0 ? `${s.durationS} s` : `${minutes} min`}${ours}</p>` +
    (baseline === undefined || changes === undefined ? "" : baselineText(baseline, changes)) +
    `<details class="meta"><summary>How this was played</summary>${how.map((t) => `<p>${t}</p>`).join("")}</details></header>`
  );
}

function filters(s: MatrixSummary, withChanges: boolean): string {
  const suites = [...new Set(s.combos.flatMap((c) => columnsOf(c).map((col) => Number(col.split(" ")[1]))))].sort(
    (a, b) => a - b,
  );
  const options = suites.map((n) => `<option value="${n}">suite ${n}</option>`).join("");
  return (
    `<form class="filters" aria-label="filters" onsubmit="return false">` +
    `<label>Suite <select id="suite"><option value="">every suite</option>${options}</select></label>` +
    `<label>Mode <select id="mode"><option value="">both modes</option><option value="private">private</option>` +
    `<option value="public">public</option></select></label>` +
    (withChanges ? `<label><input type="checkbox" id="changed"> changes only</label>` : "") +
    `<span id="shown" aria-live="polite"></span></form>`
  );
}

function kindText(kind: GroupSummary["kind"]): string {
  return kind === "crash" ? "the stack fell over" : kind === "unimplemented" ? "a method the stack lacks" : "a failure";
}

function verdictTag(g: GroupSummary): string {
  if (g.verdict === undefined) return `<span class="tag unclassified">unclassified</span>`;
  return `<span class="tag fault">fault: ${escape(g.verdict.fault)}</span>`;
}

function verdictText(g: GroupSummary): string {
  const v = g.verdict;
  if (v === undefined) return `<strong>unclassified</strong>: no classification matches it`;
  return `fault: <strong>${escape(v.fault)}</strong>: ${escape(v.reason)} (${escape(v.source)}); evidence: ${escape(v.evidence)}`;
}

const changeKey = (script: string, column: string, actors: Record<string, string>) =>
  `${script}\0${column}\0${Object.keys(actors)
    .sort()
    .map((a) => `${a}=${actors[a]}`)
    .join(" ")}`;

function failureGroup(
  s: MatrixSummary,
  c: ComboSummary,
  g: GroupSummary,
  regressed: ReadonlySet<string>,
  options: { open: boolean; runs: number },
): string {
  const replay = s.replay ?? CROSS_REPLAY;
  const columns = [...new Set(g.assignments.map((a) => a.column))];
  const worse = g.assignments.filter((a) => regressed.has(changeKey(g.script, a.column, a.actors))).length;
  const patterns = columns.flatMap((column) =>
    summarizeAssignments(
      g.assignments.filter((a) => a.column === column).map((a) => a.actors),
      c.stacks,
    ).map((p) => `<li data-column="${escape(column)}"><code>${escape(`${column}: ${p}`)}</code></li>`),
  );
  const runs = g.assignments.slice(0, options.runs).map((a) => {
    const tag = regressed.has(changeKey(g.script, a.column, a.actors))
      ? `<span class="tag regressed">▼ regressed</span>`
      : "";
    const command = replayCommand(replay, c.stacks, g.script, a.column, a.actors);
    return `<li data-run data-column="${escape(a.column)}"${tag === "" ? "" : " data-changed"}><code>${escape(assignmentText(a.column, a.actors))}</code>${tag}<code class="cmd">${escape(command)}</code></li>`;
  });
  const more = g.assignments.length - runs.length;
  const field = (name: string, value: string) => `<dt>${name}</dt><dd>${value}</dd>`;
  return (
    `<details class="group" data-columns="${escape(columns.join("|"))}"${worse > 0 ? " data-changed" : ""}${options.open ? " open" : ""}>` +
    `<summary>✘ ${escape(g.step)} · ${escape(g.side)} — ${plural(g.assignments.length, "assignment")} ${verdictTag(g)}` +
    `${worse > 0 ? `<span class="tag regressed">▼ ${worse} regressed</span>` : ""}</summary><div><dl>` +
    field("step", escape(g.step)) +
    field("RPC", g.rpc === undefined ? "not known" : `<code>${escape(g.rpc)}</code>`) +
    field("side", `${escape(g.side)} (stack: ${escape(g.server)})`) +
    field("status", `<code class="status">${escape(g.raw || g.cause)}</code>`) +
    field("cause", `<code>${escape(g.cause)}</code>`) +
    field("classification", `${kindText(g.kind)}; ${verdictText(g)}`) +
    field("assignments", `<ul>${patterns.join("")}</ul>`) +
    `</dl><p>Each failing run, with the command that plays it again on fresh servers:</p><ol class="runs">${runs.join("")}</ol>` +
    (more > 0 ? `<p>and ${plural(more, "more run")} of this group (the patterns above cover them).</p>` : "") +
    `</div></details>`
  );
}

function cellTable(c: ComboSummary): string {
  const columns = columnsOf(c);
  const head = columns.map((col) => `<th data-column="${escape(col)}">${escape(col)}</th>`).join("");
  const rows = Object.entries(c.cells).map(([script, row]) => {
    const cells = columns.map((col) => {
      const f = row[col];
      const look = cellLook(f?.passed ?? 0, f?.total ?? 0);
      return `<td data-column="${escape(col)}" style="background:${look.colour}" title="${escape(look.label)}">${look.symbol} ${look.text}</td>`;
    });
    return `<tr><td class="script">${escape(script)}</td>${cells.join("")}</tr>`;
  });
  return `<div class="scroll"><table class="cells"><thead><tr><th>script</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function changeList(kind: "regressed" | "fixed", list: readonly Change[]): string {
  if (list.length === 0) return "";
  const items = list.map(
    (ch) =>
      `<li data-column="${escape(ch.column)}"><code>${escape(`${ch.script} ${assignmentText(ch.column, ch.actors)}`)}</code>` +
      `${kind === "fixed" ? ` (failed then: ${escape(ch.group.step)}, <code>${escape(ch.group.cause)}</code>)` : ""}</li>`,
  );
  const head =
    kind === "regressed"
      ? `▼ ${plural(list.length, "assignment")} regressed`
      : `▲ ${plural(list.length, "assignment")} fixed`;
  // A long list is there to look up, folded.
  return (
    `<details class="changes"${list.length <= 10 ? " open" : ""}><summary><h3>${head} since the baseline</h3></summary>` +
    `<ul>${items.join("")}</ul></details>`
  );
}

function incidentList(incidents: MatrixSummary["incidents"]): string {
  if (incidents.length === 0) return "";
  const rows = incidents.map(
    (i) =>
      `<tr><td>${escape(i.stack)}</td><td>${escape(i.kind)}</td><td>${i.times}</td><td><code>${escape(i.detail)}</code></td></tr>`,
  );
  const fell = incidents.filter((i) => i.kind !== "restarted").reduce((n, i) => n + i.times, 0);
  return (
    `<h3>Stacks that fell over</h3><details${incidents.length <= 4 ? " open" : ""}><summary>${plural(fell, "time")}, with the restarts</summary>` +
    `<div class="scroll"><table><thead><tr><th>stack</th><th>what</th><th>times</th><th>for instance</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table></div></details>`
  );
}

function pairSection(s: MatrixSummary, c: ComboSummary, changes: Changes | undefined, runsPerGroup: number): string {
  const regressed = (changes?.regressed ?? []).filter((r) => r.combo === c.combo);
  const fixed = (changes?.fixed ?? []).filter((r) => r.combo === c.combo);
  const worse = new Set(regressed.map((r) => changeKey(r.script, r.column, r.actors)));
  const stacks = c.stacks.map((id) => {
    const x = s.stacks.find((t) => t.id === id);
    return `<li><strong>${escape(id)}</strong>${x === undefined ? "" : `: ${escape(x.name)}, ${stackSource(s, id)}`}</li>`;
  });
  const figures = [
    c.full.suites.length === 0
      ? ""
      : `Every assignment, suite${c.full.suites.length > 1 ? "s" : ""} ${c.full.suites.join(", ")}: our runner ${figuresText(c.full.ours, "") || "–"}` +
        (figuresText(c.full.go, "") === "" ? "" : `; the Go runner ${figuresText(c.full.go, "")} distinct assignments`),
    c.random.suites.length === 0
      ? ""
      : `One seeded random assignment per script, suite and mode, suites ${c.random.suites.join(", ")}: our runner ${figuresText(c.random.ours, "") || "–"}` +
        (figuresText(c.random.go, "") === "" ? "" : `; the Go runner ${figuresText(c.random.go, "")}`),
    c.comparison === undefined
      ? ""
      : `The runners' verdicts differ on ${c.comparison.differences} of the ${c.comparison.compared} assignments both played`,
    `Failing assignments (our runner): ${c.failures.assignments} in ${plural(c.failures.groups, "group")}; by verdict: ${faultText(c)}`,
  ].filter((t) => t !== "");
  const incidents = s.incidents.filter((i) => i.combo === c.combo);
  const scripts = [...new Set(c.groups.map((g) => g.script))];
  const open = c.groups.length <= 3;
  const failures = scripts.map((script) => {
    const mine = c.groups.filter((g) => g.script === script);
    const failing = mine.reduce((n, g) => n + g.assignments.length, 0);
    const total = Object.values(c.cells[script] ?? {}).reduce((n, f) => n + f.total, 0);
    return (
      `<section data-failures><h3>${escape(script)}: ${failing} of ${total || "?"} assignments fail</h3>` +
      mine.map((g) => failureGroup(s, c, g, worse, { open, runs: runsPerGroup })).join("") +
      `</section>`
    );
  });
  return (
    `<section class="pair" id="${anchor(c)}"><a class="back" href="#overview">← every combination</a><h2>${escape(title(c))} ${countCell(c, changes, "badge", "span")}</h2>` +
    `<ul>${stacks.join("")}</ul><ul class="figures">${figures.map((f) => `<li>${f}.</li>`).join("")}</ul>` +
    changeList("regressed", regressed) +
    changeList("fixed", fixed) +
    `<h3>Scripts × suites × modes (distinct assignments that pass, our runner)</h3>${cellTable(c)}` +
    `<h3>Failures</h3>${c.groups.length === 0 ? "<p>None.</p>" : failures.join("")}` +
    incidentList(incidents) +
    `</section>`
  );
}

export function pageHtml(summary: MatrixSummary, options: PageOptions = {}): string {
  const changes = options.baseline === undefined ? undefined : compareSummaries(summary, options.baseline);
  const heading = escape(options.title ?? "MLS cross-stack matrix");
  const problems =
    summary.problems.length === 0
      ? ""
      : `<h2>Problems during the run</h2><ul>${summary.problems.map((p) => `<li>${escape(p)}</li>`).join("")}</ul>`;
  const gridHtml = grid(summary, changes);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${heading}</title><style>${pageStyle}</style></head>
<body>
${header(summary, heading, options.baseline, changes)}
${filters(summary, changes !== undefined)}
<main id="overview">
${gridHtml === "" ? "" : `<section id="grid"><h2>Stacks × stacks</h2>${gridHtml}${legend(changes !== undefined)}</section>`}
<section id="combinations"><h2>Combinations</h2>${comboList(summary, changes)}</section>
${problems}
<section id="stacks"><h2>Stacks</h2>${stackTable(summary)}</section>
</main>
${summary.combos.map((c) => pairSection(summary, c, changes, options.runsPerGroup ?? 100)).join("\n")}
<script>${pageScript()}</script>
</body></html>
`;
}
