import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { goCombinations } from "../cross/go-combinations.js";
import type { Script } from "./config.js";
import { MatrixError, MatrixOptions, RunSpec, assignmentLabel, buildMatrix, parseShard, takeShard } from "./matrix.js";

function script(name: string, actors: string[], config = "c.json"): Script {
  return { config, name, steps: [], actors };
}

const two = [
  { label: "s1", suites: [1, 2] },
  { label: "s2", suites: [1, 2, 3] },
];

const all: MatrixOptions = { encryptModes: [true, false], random: false, seed: 0, maxAssignments: 4096 };

function cells(runs: RunSpec[]): string[] {
  return runs.map((r) => `${r.script.name} ${r.suite} ${r.encrypt ? "p" : "P"} ${r.assignment.join("")}`);
}

describe("matrix", () => {
  test("k^n assignments per suite and mode, last actor fastest, like Go's combinations", () => {
    const { runs } = buildMatrix([script("s", ["a", "b", "c"])], two, { ...all, suite: 1, encryptModes: [true] });
    assert.deepEqual(
      runs.map((r) => r.assignment.join("")),
      ["000", "001", "010", "011", "100", "101", "110", "111"],
    );
  });

  test("every assignment exactly once, where the Go runner's combinations() repeats some and skips others", () => {
    for (const k of [1, 2, 3]) {
      const servers = Array.from({ length: k }, (_, i) => ({ label: `s${i + 1}`, suites: [1] }));
      for (let n = 1; n <= 8; n++) {
        const actors = Array.from({ length: n }, (_, i) => `a${i}`);
        const { runs } = buildMatrix([script("s", actors)], servers, {
          ...all,
          encryptModes: [true],
          maxAssignments: 10_000,
        });
        const played = runs.map((r) => r.assignment.join(" "));
        assert.equal(played.length, k ** n, `k=${k} n=${n}: k^n runs`);
        assert.equal(new Set(played).size, played.length, `k=${k} n=${n}: no assignment repeats`);
        // Same length and order as Go's intended listing, so its model is a fair comparison.
        const go = goCombinations(k, n).map((t) => t.join(" "));
        assert.equal(go.length, played.length);
        if (k > 1 && n >= 4) assert.ok(new Set(go).size < go.length, `k=${k} n=${n}: Go repeats`);
      }
    }
  });

  test("counts over suites and modes; a suite only one server supports has k = 1", () => {
    const { runs } = buildMatrix([script("s", ["a", "b", "c"]), script("t", ["a"])], two, all);
    // suites 1 and 2: 2^3 and 2^1 per mode; suite 3: only s2, so 1 each.
    assert.equal(runs.length, 2 * 2 * (8 + 2) + 2 * (1 + 1));
    assert.ok(runs.filter((r) => r.suite === 3).every((r) => r.assignment.every((i) => i === 1)));
    assert.deepEqual(
      runs.map((r) => r.id),
      runs.map((_, i) => i),
    );
    assert.deepEqual([...new Set(runs.map((r) => r.suite))], [1, 2, 3]);
  });

  test("--suite restricts, and an unsupported one is an error", () => {
    assert.ok(buildMatrix([script("s", ["a"])], two, { ...all, suite: 3 }).runs.every((r) => r.suite === 3));
    assert.throws(() => buildMatrix([script("s", ["a"])], two, { ...all, suite: 7 }), MatrixError);
  });

  test("handshake modes follow the options", () => {
    const { runs } = buildMatrix([script("s", ["a"])], two, { ...all, encryptModes: [false] });
    assert.ok(runs.every((r) => !r.encrypt));
  });

  test("--random: one assignment per script, suite and mode, reproducible by seed", () => {
    const scripts = [script("s", ["a", "b", "c", "d", "e"]), script("t", ["a", "b", "c", "d", "e"])];
    const random = { ...all, random: true, seed: 42 };
    const first = buildMatrix(scripts, two, random).runs;
    assert.equal(first.length, 2 * (2 * 2 + 2));
    assert.deepEqual(cells(buildMatrix(scripts, two, random).runs), cells(first));
    const other = buildMatrix(scripts, two, { ...random, seed: 43 }).runs;
    assert.notDeepEqual(cells(other), cells(first));
  });

  test("a cell's random assignment does not depend on which other scripts are played", () => {
    const s = script("s", ["a", "b", "c", "d", "e", "f"]);
    const random = { ...all, random: true, seed: 9 };
    const alone = cells(buildMatrix([s], two, random).runs);
    const withOthers = cells(buildMatrix([script("x", ["a", "b"]), s], two, random).runs).filter((c) =>
      c.startsWith("s "),
    );
    assert.deepEqual(withOthers, alone);
  });

  test("too many assignments fall back to one seeded random assignment, with a note", () => {
    const big = script(
      "big",
      Array.from({ length: 20 }, (_, i) => `m${i}`),
    );
    const { runs, notes } = buildMatrix([big, script("small", ["a", "b"])], two, { ...all, maxAssignments: 1000 });
    assert.equal(runs.filter((r) => r.script.name === "big").length, 3 * 2);
    assert.equal(runs.filter((r) => r.script.name === "small" && r.suite === 1).length, 2 * 4);
    assert.equal(notes.length, 1);
    assert.match(notes[0] ?? "", /c\.json\/big: 20 actors give more than 1000 server assignments/);
  });

  test("--shard: the shards partition the matrix, each run exactly once", () => {
    const { runs } = buildMatrix([script("s", ["a", "b", "c"]), script("t", ["a", "b"])], two, all);
    for (const count of [1, 2, 3, 7, runs.length + 5]) {
      const parts = Array.from({ length: count }, (_, i) => takeShard(runs, { index: i + 1, count }));
      const ids = parts.flat().map((r) => r.id);
      assert.equal(ids.length, runs.length, `shards of ${count} cover every run once`);
      assert.deepEqual(
        [...ids].sort((a, b) => a - b),
        runs.map((r) => r.id),
      );
      assert.ok(
        parts.every((p) => Math.abs(p.length - runs.length / count) <= 1),
        "shards are balanced",
      );
    }
  });

  test("parseShard accepts i/n only", () => {
    assert.deepEqual(parseShard("2/5"), { index: 2, count: 5 });
    for (const bad of ["0/3", "4/3", "1/0", "x", "1/2/3", "-1/2"])
      assert.throws(() => parseShard(bad), MatrixError, bad);
  });

  test("assignment labels name each actor's server", () => {
    assert.equal(assignmentLabel(["alice", "bob"], [1, 0], ["s1", "s2"]), "alice=s2 bob=s1");
  });
});
