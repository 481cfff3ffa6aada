import assert from "node:assert/strict";
import { test } from "node:test";
import { goCombinations, goCoverage } from "./go-combinations.js";

// What the Go runner's own combinations() printed when compiled with Go 1.19
// (the toolchain ../shared/peers/build.sh uses): runs, distinct tuples, first
// and last tuple.
const printedByGo: Array<[number, number, number, number, string, string]> = [
  [2, 3, 8, 8, "0 0 0", "1 1 1"],
  [2, 4, 16, 8, "0 0 0 1", "1 1 1 1"],
  [2, 5, 32, 16, "0 0 0 1 0", "1 1 1 1 1"],
  [2, 6, 64, 16, "0 0 0 1 0 1", "1 1 1 1 1 1"],
  [2, 8, 256, 16, "0 0 0 1 0 1 1 1", "1 1 1 1 1 1 1 1"],
  [2, 9, 512, 32, "0 0 0 1 0 1 1 1 0", "1 1 1 1 1 1 1 1 1"],
  [3, 4, 81, 27, "0 0 0 2", "2 2 2 2"],
  [3, 5, 243, 81, "0 0 0 2 0", "2 2 2 2 2"],
  [3, 8, 6561, 81, "0 0 0 2 0 2 2 2", "2 2 2 2 2 2 2 2"],
  [1, 4, 1, 1, "0 0 0 0", "0 0 0 0"],
];

test("the model of Go's combinations() gives what Go printed", () => {
  for (const [vals, slots, runs, distinct, first, last] of printedByGo) {
    const tuples = goCombinations(vals, slots);
    const what = `combinations(${vals}, ${slots})`;
    assert.equal(tuples.length, runs, `${what} runs`);
    assert.equal(new Set(tuples.map((t) => t.join(" "))).size, distinct, `${what} distinct`);
    assert.equal(tuples[0]?.join(" "), first, `${what} first`);
    assert.equal(tuples.at(-1)?.join(" "), last, `${what} last`);
  }
});

test("up to three actors Go plays every assignment once; from four on, slots 3, 5, 6, 7 are pinned", () => {
  assert.deepEqual(goCoverage(2, 3), { runs: 8, distinct: 8, pinnedSlots: [] });
  assert.deepEqual(goCoverage(2, 8), { runs: 256, distinct: 16, pinnedSlots: [3, 5, 6, 7] });
  assert.deepEqual(goCoverage(3, 5).pinnedSlots, [3]);
});
