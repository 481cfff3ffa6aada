import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { findVectorFiles, readVectorArray } from "./loader.js";
import { runCase } from "./case-runner.js";
import { runVectors, runSucceeded, tally } from "./run.js";
import { oneLeaf, twoLeaves } from "./testing/tree-math-cases.js";
import { treeMath } from "./tree-math.js";

function sharedDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "vectors-test-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test("finds files in both vector folders, sorted, and nothing else", () => {
  const dir = sharedDir({
    "test-vectors/b.json": "[]",
    "test-vectors/a.json": "[]",
    "test-vectors/notes.txt": "",
    "interop/passive/commit.json": "[]",
  });
  try {
    assert.deepEqual(
      findVectorFiles(dir).map((f) => f.name),
      ["test-vectors/a.json", "test-vectors/b.json", "interop/passive/commit.json"],
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("a missing folder yields no files", () => {
  assert.deepEqual(findVectorFiles(join(tmpdir(), "no-such-shared-folder")), []);
});

test("hand-written tree-math cases pass", async () => {
  for (const [i, c] of [oneLeaf, twoLeaves].entries())
    assert.deepEqual(await runCase(treeMath, c, "tree-math.json", i), { status: "passed" });
});

test("a wrong value fails with what differed", async () => {
  const outcome = await runCase(treeMath, { ...twoLeaves, parent: [1, null, 3] }, "tree-math.json", 0);
  assert.equal(outcome.status, "failed");
  assert.ok(outcome.status === "failed");
  assert.deepEqual(outcome.differences, [{ what: "parent[2]", expected: "3", got: "1" }]);
});

test("malformed cases fail naming file, case and field, never crash", async () => {
  const { n_leaves: _, ...noLeaves } = twoLeaves;
  const cases: Array<[unknown, RegExp]> = [
    [noLeaves, /tree-math\.json case 4: field 'n_leaves' missing/],
    [{ ...twoLeaves, left: "x" }, /tree-math\.json case 4: field 'left' is the string "x", expected an array/],
    [{ ...twoLeaves, root: "1" }, /field 'root' is the string "1"/],
    [{ ...twoLeaves, n_leaves: 0 }, /field 'n_leaves' is 0/],
    [42, /tree-math\.json case 4: case is number 42, expected an object/],
  ];
  for (const [raw, message] of cases) {
    const outcome = await runCase(treeMath, raw, "tree-math.json", 4);
    assert.ok(
      outcome.status === "failed" && outcome.error !== undefined && message.test(outcome.error),
      JSON.stringify(outcome),
    );
  }
});

test("a file that is not an array is a failed file, not a crash", async () => {
  const dir = sharedDir({ "test-vectors/tree-math.json": '{"n_leaves": 1}', "test-vectors/unknown.json": "[]" });
  try {
    assert.throws(
      () => readVectorArray({ name: "test-vectors/tree-math.json", path: join(dir, "test-vectors/tree-math.json") }),
      /tree-math\.json: expected a JSON array of cases/,
    );
    const result = await runVectors(dir, findVectorFiles(dir));
    const [math, unknown] = result.files;
    assert.equal(math?.fileProblem?.status, "failed");
    assert.deepEqual(unknown?.fileProblem, {
      status: "skipped",
      reason: "no verifier: the file has no cases to recognise it by",
    });
    assert.equal(runSucceeded(result), false);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("expected failures: a listed failure passes the run, a listed pass fails it", async () => {
  const dir = sharedDir({
    "test-vectors/tree-math.json": JSON.stringify([oneLeaf, { ...twoLeaves, root: 2 }]),
  });
  try {
    const entry = { file: "test-vectors/tree-math.json", reason: "test", knownIssue: "KNOWN-ISSUES.md#x" };
    const listedFailure = await runVectors(dir, findVectorFiles(dir), { expectedFailures: [{ ...entry, case: 1 }] });
    assert.deepEqual(
      listedFailure.files[0]?.cases.map((c) => c.status),
      ["passed", "expected-failure"],
    );
    assert.equal(runSucceeded(listedFailure), true);

    const listedPass = await runVectors(dir, findVectorFiles(dir), { expectedFailures: [entry] });
    const t = tally(listedPass.files[0]?.cases ?? []);
    assert.equal(t["unexpected-pass"], 1);
    assert.equal(t["expected-failure"], 1);
    assert.equal(runSucceeded(listedPass), false);

    const stale = await runVectors(dir, findVectorFiles(dir), { expectedFailures: [{ ...entry, case: 9 }] });
    assert.equal(stale.unusedExpectedFailures.length, 1);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
