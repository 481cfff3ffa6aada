import assert from "node:assert/strict";
import { test } from "node:test";
import { PlayedRow, analyse, compare, tally } from "./analysis.js";
import { comboSides, uniqueNames } from "./failures.js";

const OURS = "mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10)";
type Side = "o" | "p";
const sides = comboSides(
  ["ours", "mlspp"],
  uniqueNames([
    { id: "ours", name: OURS },
    { id: "mlspp", name: "mlspp" },
  ]),
);

function played(
  runner: "go" | "ours",
  who: Record<string, Side>,
  error?: string,
  extra: Partial<PlayedRow> = {},
): PlayedRow {
  return {
    runner,
    pass: "full",
    config: "c.json",
    script: "s",
    suite: 1,
    encrypt: true,
    actors: Object.fromEntries(Object.entries(who).map(([a, s]) => [a, s === "o" ? OURS : "mlspp"])),
    // Our runner's results name each actor's server label; the Go runner's do not.
    ...(runner === "ours"
      ? { assignment: Object.fromEntries(Object.entries(who).map(([a, s]) => [a, s === "o" ? "s1" : "s2"])) }
      : {}),
    failed: error !== undefined,
    authenticators: [],
    ...(error === undefined
      ? {}
      : {
          error,
          failedStep: 1,
          failedStepJson: JSON.stringify({ action: "fullCommit", actor: "alice" }),
        }),
    ...extra,
  };
}

const fail = `Commit by alice on s1 at 127.0.0.1:1 (${OURS}): UNIMPLEMENTED: no (KNOWN-ISSUES.md#force-path)`;

test("tally counts distinct assignments; the Go runner's repeats count once and disagreeing ones are flagged", () => {
  const t = tally(
    [
      played("go", { alice: "o", bob: "p" }),
      played("go", { alice: "o", bob: "p" }),
      played("go", { alice: "p", bob: "p" }, "x"),
      played("go", { alice: "p", bob: "o" }),
      played("go", { alice: "p", bob: "o" }, "y"),
    ],
    sides,
  );
  assert.equal(t.runs, 5);
  assert.equal(t.distinct, 3);
  assert.equal(t.passed, 1);
  assert.deepEqual(t.cells.get("c.json/s")?.get("suite 1 private"), { total: 3, passed: 1, runs: 5 });
  assert.equal(t.unrepeatable.length, 1);
  assert.equal(t.unrepeatable[0]?.row.error, "y", "the failing play speaks for the assignment");
});

test("compare: differences, failures at other steps, and assignments only the Go runner played", () => {
  const go = tally(
    [
      played("go", { alice: "o" }, "a"),
      played("go", { alice: "p" }),
      played("go", { alice: "o" }, "b", { encrypt: false }),
      played("go", { alice: "p" }, undefined, { suite: 2 }),
    ],
    sides,
  ).played;
  const ours = tally(
    [
      played("ours", { alice: "o" }, "a"),
      played("ours", { alice: "p" }, "c"),
      played("ours", { alice: "o" }, "b", { encrypt: false, failedStep: 0 }),
    ],
    sides,
  ).played;
  const c = compare(go, ours);
  assert.equal(c.compared, 3);
  assert.equal(c.agree, 2);
  assert.deepEqual(
    c.differences.map((d) => d.key),
    [`c.json/s suite 1 private alice=mlspp`],
  );
  assert.equal(c.otherStep.length, 1);
  assert.equal(c.goOnly, 1);
});

test("analyse groups our failures by step, side and cause, classifies them, and says what Go never played", () => {
  const every: Array<Record<string, Side>> = [
    { alice: "o", bob: "o" },
    { alice: "o", bob: "p" },
    { alice: "p", bob: "o" },
    { alice: "p", bob: "p" },
  ];
  const rows = [
    ...every.map((who) => played("ours", who, who.alice === "o" ? fail : undefined)),
    // Go played alice only on the peer, twice each.
    ...every.filter((w) => w.alice === "p").flatMap((w) => [played("go", w), played("go", w)]),
  ];
  const a = analyse(rows, "ours×mlspp", sides, [], true);
  assert.equal(a.failures.length, 1);
  assert.equal(a.failures[0]?.assignments.length, 2);
  assert.equal(a.failures[0]?.verdict?.evidence, "KNOWN-ISSUES.md#force-path");
  assert.deepEqual(a.goCoverage, [
    { script: "c.json/s", runs: 4, distinct: 2, possible: 4, never: { ours: ["alice"], mlspp: [] } },
  ]);
  assert.equal(a.comparison?.differences.length, 0);
  assert.deepEqual(a.columns, ["suite 1 private"]);
});

test("an answer carrying another run's epoch authenticator is a stale state, blamed on the server that gave it", () => {
  const auth = (actor: string, rpc: string, value: string) => ({ actor, rpc, value });
  const earlier = played("go", { alice: "p", bob: "p" }, undefined, {
    authenticators: [auth("alice", "HandlePendingCommit", "AAAA"), auth("bob", "HandleCommit", "AAAA")],
  });
  const stale = played("ours", { alice: "p", bob: "o" }, "Member [bob] failed to agree on epoch authenticator", {
    authenticators: [auth("alice", "HandlePendingCommit", "AAAA"), auth("bob", "HandleCommit", "BBBB")],
  });
  const a = analyse([earlier, stale], "ours×mlspp", sides, [], true);
  const group = a.failures[0];
  assert.equal(group?.info.side, "alice on mlspp (HandlePendingCommit)");
  assert.equal(group?.info.server, "mlspp");
  assert.equal(group?.verdict?.fault, "mlspp");
  assert.equal(group?.verdict?.source, "stale state found in the results");
  assert.match(
    group?.verdict?.evidence ?? "",
    /^epoch authenticator 000000… also in the Go runner's run c\.json\/s suite 1 private alice=mlspp bob=mlspp$/,
  );
  // Without the other run it is an ordinary disagreement.
  const alone = analyse([stale], "ours×mlspp", sides, [], true).failures[0];
  assert.equal(alone?.info.cause, "epoch authenticators differ");
  assert.equal(alone?.verdict, undefined);
});

test("a Go run that failed after a stack of its run fell over under the Go runner is told apart from a difference", () => {
  const go = tally(
    [
      played("go", { alice: "p" }, "rpc error: code = Internal desc = poisoned", { fellOver: ["mlspp"] }),
      played("go", { alice: "o" }, "rpc error: code = Internal desc = odd", { fellOver: ["mlspp"] }),
    ],
    sides,
  ).played;
  const ours = tally([played("ours", { alice: "p" }), played("ours", { alice: "o" })], sides).played;
  const c = compare(go, ours);
  assert.deepEqual(
    c.afterFall.map((d) => d.key),
    ["c.json/s suite 1 private alice=mlspp"],
  );
  assert.deepEqual(
    c.differences.map((d) => d.key),
    ["c.json/s suite 1 private alice=ours"],
    "a run that did not play on the fallen stack still counts",
  );
});

test("a difference whose failure shows in some plays only, by its classification, is told apart as chance, either runner failing", () => {
  const chance = "MLSpp draws its GREASE values at random";
  const entry = {
    config: "c.json",
    script: "s",
    match: "\\| (alice on mlspp \\(Commit\\)|mlspp) \\| ABORTED: grease$",
    fault: "mlspp",
    reason: "r",
    evidence: "docs/peer-issues.md#x",
    chance,
  };
  const rows = [
    played("go", { alice: "p", bob: "p" }, "rpc error: code = Aborted desc = grease"),
    played("ours", { alice: "p", bob: "p" }),
    played("go", { alice: "p", bob: "o" }),
    played("ours", { alice: "p", bob: "o" }, "Commit by alice on s2 at 127.0.0.1:2 (mlspp): ABORTED: grease"),
    // The same failure without a chance entry stays a difference.
    played("go", { alice: "o", bob: "p" }, "rpc error: code = Aborted desc = other"),
    played("ours", { alice: "o", bob: "p" }),
  ];
  const a = analyse(rows, "ours×mlspp", sides, [entry], true);
  assert.deepEqual(
    a.comparison?.byChance.map((d) => [d.key, d.chance]),
    [
      ["c.json/s suite 1 private alice=mlspp bob=mlspp", chance],
      ["c.json/s suite 1 private alice=mlspp bob=ours", chance],
    ],
  );
  assert.deepEqual(
    a.comparison?.differences.map((d) => d.key),
    ["c.json/s suite 1 private alice=ours bob=mlspp"],
  );
  const { chance: _, ...certain } = entry;
  assert.equal(analyse(rows, "ours×mlspp", sides, [certain], true).comparison?.differences.length, 3);
});

test("a Go failure between two other stacks on an assignment only it drew takes the verdict our runner gave the same cause", () => {
  const peers = comboSides(
    ["mlspp", "mls-rs"],
    uniqueNames([
      { id: "mlspp", name: "mlspp" },
      { id: "mls-rs", name: "mls-rs" },
    ]),
  );
  const row = (runner: "go" | "ours", who: Record<string, "mlspp" | "mls-rs">, error?: string): PlayedRow => ({
    runner,
    pass: "random",
    config: "c.json",
    script: "s",
    suite: runner === "go" ? 2 : 1,
    encrypt: true,
    actors: who,
    ...(runner === "ours"
      ? { assignment: Object.fromEntries(Object.entries(who).map(([a, s]) => [a, s === "mlspp" ? "s1" : "s2"])) }
      : {}),
    failed: error !== undefined,
    authenticators: [],
    ...(error === undefined
      ? {}
      : { error, failedStep: 1, failedStepJson: JSON.stringify({ action: "fullCommit", actor: "alice" }) }),
  });
  const entry = {
    config: "c.json",
    script: "s",
    match: "\\| alice on mls-rs \\(Commit\\) \\| ABORTED: Oops$",
    fault: "mls-rs",
    reason: "r",
    evidence: "docs/peer-issues.md#x",
  };
  const rows = [
    row("ours", { alice: "mls-rs", bob: "mlspp" }, "Commit by alice on s2 at 127.0.0.1:2 (mls-rs): ABORTED: Oops"),
    row("go", { alice: "mls-rs", bob: "mlspp" }, "rpc error: code = Aborted desc = Oops"),
    row("go", { alice: "mlspp", bob: "mls-rs" }, "rpc error: code = Aborted desc = unheard of"),
  ];
  const a = analyse(rows, "mlspp×mls-rs", peers, [entry], true);
  const judged = a.goOnlyFailures.map((g) => [g.info.cause, g.verdict?.fault, g.verdict?.source]);
  assert.deepEqual(judged, [
    ["ABORTED: Oops", "mls-rs", "the same cause in our runner's runs"],
    ["ABORTED: unheard of", undefined, undefined],
  ]);
});
