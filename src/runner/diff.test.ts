import assert from "node:assert/strict";
import { test } from "node:test";
import { diffRuns, flattenResults, formatDiff, regressed } from "./diff.js";

function run(script: string, assignment: Record<string, string>, failed: boolean, suite = 1) {
  return {
    cipher_suite: suite,
    actors: { alice: "x", bob: "x" },
    encrypt_flag: true,
    config: "c.json",
    assignment,
    ...(failed ? { error: `broke in ${script}`, failed_step: 2 } : {}),
  };
}

test("runs are keyed by config, script, suite, mode and assignment", () => {
  const runs = flattenResults({
    scripts: {
      s: [
        run("s", { bob: "s2", alice: "s1" }, false),
        run("s", { alice: "s1", bob: "s2" }, true),
        run("s", { alice: "s1", bob: "s1" }, false, 2),
      ],
    },
  });
  assert.deepEqual(
    [...runs.keys()],
    [
      "c.json/s suite 1 private alice=s1 bob=s2",
      "c.json/s suite 1 private alice=s1 bob=s2 #2",
      "c.json/s suite 2 private alice=s1 bob=s1",
    ],
  );
  assert.equal(runs.get("c.json/s suite 1 private alice=s1 bob=s2 #2")?.failed, true);
});

test("the Go runner's files, without config or assignment, key by actor server names", () => {
  const runs = flattenResults({
    scripts: { s: [{ cipher_suite: 1, actors: { alice: "mlspp", bob: "ts" }, encrypt_flag: false }] },
  });
  assert.deepEqual([...runs.keys()], ["s suite 1 public alice=mlspp bob=ts"]);
  assert.throws(() => flattenResults({ runs: [] }, "x.json"), /x\.json: not a results file/);
});

test("newly failing, newly passing, appeared and disappeared", () => {
  const a1 = { alice: "s1", bob: "s1" };
  const a2 = { alice: "s1", bob: "s2" };
  const before = flattenResults({
    scripts: { p: [run("p", a1, false), run("p", a2, true)], q: [run("q", a1, false)], gone: [run("gone", a1, false)] },
  });
  const after = flattenResults({
    scripts: {
      p: [run("p", a1, true), run("p", a2, false)],
      q: [run("q", a1, false)],
      fresh: [run("fresh", a1, false)],
    },
  });
  const diff = diffRuns(before, after);
  assert.deepEqual(
    diff.newlyFailing.map((r) => r.key),
    ["c.json/p suite 1 private alice=s1 bob=s1"],
  );
  assert.deepEqual(
    diff.newlyPassing.map((r) => r.key),
    ["c.json/p suite 1 private alice=s1 bob=s2"],
  );
  assert.deepEqual(
    diff.appeared.map((r) => r.key),
    ["c.json/fresh suite 1 private alice=s1 bob=s1"],
  );
  assert.deepEqual(
    diff.disappeared.map((r) => r.key),
    ["c.json/gone suite 1 private alice=s1 bob=s1"],
  );
  assert.equal(diff.stillPassing, 1);
  assert.equal(regressed(diff), true);
  const text = formatDiff(diff);
  assert.match(
    text,
    /newly failing \(1\):\n {2}c\.json\/p suite 1 private alice=s1 bob=s1: FAIL at step 2: broke in p/,
  );
  assert.match(
    text,
    /1 newly failing, 1 newly passing, 1 appeared \(0 failing\), 1 disappeared, 0 still failing, 1 still passing/,
  );
});

test("only passing changes and vanished runs are no regression; a new failing run is", () => {
  const a = { alice: "s1", bob: "s1" };
  const before = flattenResults({ scripts: { p: [run("p", a, true)], gone: [run("gone", a, true)] } });
  assert.equal(regressed(diffRuns(before, flattenResults({ scripts: { p: [run("p", a, false)] } }))), false);
  assert.equal(
    regressed(diffRuns(before, flattenResults({ scripts: { p: [run("p", a, true)], n: [run("n", a, true)] } }))),
    true,
  );
});
