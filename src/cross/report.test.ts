import assert from "node:assert/strict";
import { test } from "node:test";
import type { PlayedRow } from "./analysis.js";
import { analyse } from "./analysis.js";
import { comboSides, uniqueNames } from "./failures.js";
import { lacksAndFalls, matrixReport } from "./matrix-report.js";
import type { PlayedStack } from "./record.js";
import { pairReport, summarizeAssignments } from "./report.js";
import { type MatrixSummary, summarizeCombo } from "./summary.js";

const servers = ["ours", "mlspp"];

function all(actors: string[]): Array<Record<string, string>> {
  let out: Array<Record<string, string>> = [{}];
  for (const a of actors) out = out.flatMap((m) => servers.map((s) => ({ ...m, [a]: s })));
  return out;
}

/** Every assignment a pattern line stands for. */
function expand(line: string, actors: string[]): string[] {
  const fixed = Object.fromEntries([...line.matchAll(/(\w+)=(\w+)/g)].map((m) => [m[1], m[2]]));
  assert.ok(line.includes("others any") || Object.keys(fixed).length === actors.length, line);
  return all(actors)
    .filter((a) => Object.entries(fixed).every(([k, v]) => a[k] === v))
    .map((a) => actors.map((k) => `${k}=${a[k]}`).join(" "));
}

test("assignment patterns cover exactly the failing set", () => {
  const actors = ["alice", "bob", "carol", "dave"];
  const everything = all(actors);
  assert.deepEqual(summarizeAssignments(everything, servers), ["others any (16)"]);
  assert.deepEqual(
    summarizeAssignments(
      everything.filter((a) => a.alice === "ours"),
      servers,
    ),
    ["alice=ours, others any (8)"],
  );
  // Arbitrary subsets: the patterns expand back to the very same set.
  let seed = 7;
  for (let round = 0; round < 50; round++) {
    const subset = everything.filter(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 3 === 0);
    if (subset.length === 0) continue;
    const lines = summarizeAssignments(subset, servers);
    const covered = lines.flatMap((l) => expand(l, actors)).sort();
    const wanted = subset.map((a) => actors.map((k) => `${k}=${a[k]}`).join(" ")).sort();
    assert.deepEqual(covered, wanted, lines.join("\n"));
    assert.ok(lines.length <= subset.length);
  }
});

const OURS = "mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10)";
const stacks: PlayedStack[] = [
  { id: "ours", title: "mls-interop-ts", name: OURS, repository: "this repository", commit: {}, suites: [1, 2] },
  {
    id: "mlspp",
    title: "MLSpp",
    name: "mlspp",
    repository: "cisco/mlspp",
    folder: "cmd/interop",
    commit: { commit: "b".repeat(40), from: "/x" },
    suites: [1, 2],
  },
];
const sides = comboSides(["ours", "mlspp"], uniqueNames(stacks));

function row(runner: "go" | "ours", alice: "s1" | "s2", error?: string, extra: Partial<PlayedRow> = {}): PlayedRow {
  return {
    runner,
    pass: "full",
    config: "c.json",
    script: "s",
    suite: 1,
    encrypt: true,
    actors: { alice: alice === "s1" ? OURS : "mlspp" },
    ...(runner === "ours" ? { assignment: { alice } } : {}),
    failed: error !== undefined,
    authenticators: [],
    ...(error === undefined ? {} : { error, failedStep: 1, failedStepJson: '{"action":"commit","actor":"alice"}' }),
    ...extra,
  };
}

const combo = { combo: { id: "ours×mlspp", stacks: ["ours", "mlspp"] }, full: [1], random: [] };
const meta = {
  command: "mls-interop cross",
  date: new Date("2030-01-02T03:04:05Z"),
  ours: { commit: "a".repeat(40), dirty: false },
  goCommit: { commit: "c".repeat(40) },
  configs: { where: "../shared/interop/configs", files: 1, sha256: "d".repeat(64) },
  seed: 1,
  problems: [],
  combo,
  stacks,
  incidents: [],
};

test("a pair's page names versions, both runners' counts, the comparison, each failure's verdict and how to play it again", () => {
  const odd = "HandleCommit by alice on s2 at 127.0.0.1:9 (mlspp): INTERNAL: odd";
  const analysis = analyse(
    [
      row("ours", "s1"),
      row("ours", "s2", odd),
      row("go", "s2", "rpc error: code = Internal desc = odd"),
      row("go", "s2", "rpc error: code = Internal desc = odd"),
    ],
    "ours×mlspp",
    sides,
    [],
    true,
  );
  const text = pairReport(analysis, meta);
  assert.match(text, /^# ours × mlspp: cross-stack results\n\nWritten on 2030-01-02 by `mls-interop cross`/);
  assert.match(text, new RegExp(`this repository at \`${"a".repeat(12)}\``));
  assert.match(text, new RegExp(`cisco/mlspp cmd/interop at \`${"b".repeat(12)}\``));
  assert.match(text, new RegExp(`mlswg/mls-implementations at \`${"c".repeat(12)}\``));
  assert.match(
    text,
    /our runner passes \*\*1 of 2\*\* distinct assignments\. The Go runner played 2 runs \(0 passed, its own total\) covering 1 distinct/,
  );
  assert.match(text, /\| c\.json\/s \| ❌ 1\/2 \| ❌ 0\/1 \(2 runs\) \|/);
  assert.match(text, /agree on every one: \*\*0 differences\*\*/);
  assert.match(
    text,
    /- step 1 \(commit\), alice on mlspp \(HandleCommit\): `INTERNAL: odd` — 1 assignment; \*\*unclassified\*\*/,
  );
  assert.match(
    text,
    /again: `mls-interop cross --pair ours:mlspp --script c\.json\/s --suite 1 --private --assignment alice=mlspp`/,
  );
  assert.match(text, /never on ours \| never on mlspp \|\n.*\n\| c\.json\/s \| 2 \| 1 \| 2 \| alice \| – \|/);
  assert.doesNotMatch(text, /Problems during the run/);
});

test("the grid: stacks × stacks with each alone on the diagonal; methods a stack lacks counted apart", () => {
  const lacks = row("ours", "s2", "ReInitProposal by alice on s2 at 127.0.0.1:9 (mlspp): UNIMPLEMENTED: not here");
  const pair = analyse([row("ours", "s1"), lacks], "ours×mlspp", sides, [], false);
  const alone = analyse([row("ours", "s1")], "ours", comboSides(["ours"], uniqueNames(stacks)), [], false);
  const summary: MatrixSummary = {
    format: "mls-interop-cross/1",
    date: "2030-01-02T03:04:05Z",
    command: "mls-interop cross",
    seed: 1,
    ours: { commit: "a".repeat(40), dirty: false },
    stacks,
    skipped: [{ id: "openmls", why: "/peers/openmls does not exist" }],
    configs: meta.configs,
    combos: [
      summarizeCombo(alone, { combo: { id: "ours", stacks: ["ours"] }, full: [1, 2], random: [] }),
      summarizeCombo(pair, combo),
    ],
    incidents: [],
    problems: [],
    durationS: 60,
  };
  assert.deepEqual(summary.combos[1]?.failures.byFault, { "mlspp lacks a method": 1 });
  assert.deepEqual([...(lacksAndFalls(summary).get("mlspp")?.lacks ?? [])], ["ReInitProposal"]);
  const text = matrixReport(summary);
  assert.match(
    text,
    /\| \| ours \| mlspp \|\n\| --- \| :---: \| :---: \|\n\| \*\*ours\*\* \| \[✅ 1\/1\]\(pairs\/ours\.md\) \| \[🟠 1\/2\]\(pairs\/ours--mlspp\.md\) \|\n\| \*\*mlspp\*\* \| \[🟠 1\/2\]\(pairs\/ours--mlspp\.md\) \| · \|/,
  );
  assert.match(text, /- openmls: \/peers\/openmls does not exist/);
  assert.match(text, /\*\*mlspp\*\*: lacks ReInitProposal\./);
  assert.match(
    text,
    /\| \[ours×mlspp\]\(pairs\/ours--mlspp\.md\) \| 🟠 1\/2 \| – \| – \| – \| mlspp lacks a method 1 \|/,
  );
});
