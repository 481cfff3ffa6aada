import assert from "node:assert/strict";
import { test } from "node:test";
import { compareSummaries } from "./changes.js";
import type { ComboSummary, GroupSummary, MatrixSummary } from "./summary.js";

type Failing = Array<{ column: string; alice: string; bob: string }>;

function group(script: string, failing: Failing): GroupSummary {
  return {
    script,
    step: "step 1 (commit)",
    rpc: "Commit",
    side: "alice on b (Commit)",
    server: "b",
    kind: "failure",
    cause: "INVALID_ARGUMENT: no",
    raw: "Commit by alice on s2: INVALID_ARGUMENT: no",
    again: "",
    assignments: failing.map((f) => ({ column: f.column, actors: { alice: f.alice, bob: f.bob } })),
  };
}

function combo(stacks: string[], failing: Failing, columns: string[], random: number[] = []): ComboSummary {
  const figures = { runs: 0, passedRuns: 0, distinct: 0, passed: 0 };
  return {
    combo: stacks.join("×"),
    stacks,
    full: { suites: [1], ours: figures },
    random: { suites: random, ours: figures },
    cells: { "c.json/s": Object.fromEntries(columns.map((c) => [c, { total: 4, passed: 4 }])) },
    failures: { assignments: failing.length, groups: 1, byFault: {} },
    groups: failing.length === 0 ? [] : [group("c.json/s", failing)],
  };
}

function summary(combos: ComboSummary[], seed = 1): MatrixSummary {
  return {
    format: "mls-interop-cross/1",
    date: "2026-01-01T00:00:00.000Z",
    command: "mls-interop cross",
    seed,
    ours: { dirty: false },
    stacks: [],
    skipped: [],
    configs: { where: "c", files: 1, sha256: "0" },
    combos,
    incidents: [],
    problems: [],
    durationS: 1,
  };
}

const P1 = "suite 1 private";
const P2 = "suite 2 private";

test("a run failing now that passed then regressed; one that failed then and passes now was fixed", () => {
  const then = summary([combo(["a", "b"], [{ column: P1, alice: "a", bob: "b" }], [P1])]);
  const now = summary([combo(["b", "a"], [{ column: P1, alice: "b", bob: "b" }], [P1])]);
  const changes = compareSummaries(now, then);
  assert.deepEqual(
    changes.regressed.map((c) => [c.combo, c.column, c.actors]),
    [["b×a", P1, { alice: "b", bob: "b" }]],
    "the same stacks in another order are the same combination",
  );
  assert.deepEqual(
    changes.fixed.map((c) => [c.combo, c.actors, c.group.cause]),
    [["b×a", { alice: "a", bob: "b" }, "INVALID_ARGUMENT: no"]],
  );
  assert.deepEqual([changes.added, changes.removed, changes.notes], [[], [], []]);
});

test("what one run did not play is neither a regression nor a fix", () => {
  // Then only suite 1 was played; now suite 2 fails too, and suite 1 is not played.
  const then = summary([combo(["a", "b"], [{ column: P1, alice: "a", bob: "b" }], [P1]), combo(["a"], [], [P1])]);
  const now = summary([combo(["a", "b"], [{ column: P2, alice: "a", bob: "b" }], [P2]), combo(["c"], [], [P1])]);
  const changes = compareSummaries(now, then);
  assert.deepEqual([changes.regressed, changes.fixed], [[], []]);
  assert.deepEqual(changes.added, ["c"]);
  assert.deepEqual(changes.removed, ["a"]);
});

test("random passes drawn with other seeds are not compared, and the page is told why", () => {
  const then = summary([combo(["a", "b"], [{ column: P2, alice: "a", bob: "b" }], [P1, P2], [2])], 1);
  const now = summary([combo(["a", "b"], [{ column: P1, alice: "a", bob: "a" }], [P1, P2], [2])], 7);
  const changes = compareSummaries(now, then);
  assert.deepEqual(
    changes.regressed.map((c) => c.column),
    [P1],
    "the full pass is compared whatever the seed",
  );
  assert.deepEqual(changes.fixed, []);
  assert.match(changes.notes.join(), /seeds 1 then and 7 now/);
  assert.equal(compareSummaries(now, summary(then.combos, 7)).fixed.length, 1, "with the same seed it is");
});
