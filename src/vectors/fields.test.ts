import assert from "node:assert/strict";
import { test } from "node:test";
import { Fields, VectorFormatError, parseJsonArray } from "./fields.js";

const where = "tree-math.json case 3";

function rejects(fn: () => unknown, message: RegExp) {
  assert.throws(fn, (err: Error) => err instanceof VectorFormatError && message.test(err.message));
}

test("reads well-formed fields", () => {
  const f = Fields.of({ n: 4, h: "00ff", s: "x", o: { k: null }, l: [1, null], ll: [[1], []], hl: ["ab"] }, where);
  assert.equal(f.uint("n"), 4);
  assert.deepEqual(f.hex("h"), Uint8Array.of(0, 255));
  assert.equal(f.string("s"), "x");
  assert.equal(f.object("o").optionalHex("k"), undefined);
  assert.deepEqual(f.optionalUintList("l"), [1, undefined]);
  assert.deepEqual(f.uintLists("ll"), [[1], []]);
  assert.deepEqual(f.hexList("hl"), [Uint8Array.of(0xab)]);
  assert.deepEqual(f.hex("h").length, 2);
});

test("a missing field names file, case index and field", () => {
  rejects(() => Fields.of({}, where).uint("n_leaves"), /^tree-math\.json case 3: field 'n_leaves' missing$/);
});

test("wrong types are named with what was found", () => {
  const f = Fields.of({ n: "4", h: 12, l: {}, neg: -1, frac: 1.5 }, where);
  rejects(() => f.uint("n"), /field 'n' is the string "4", expected a non-negative integer/);
  rejects(() => f.hex("h"), /field 'h' is number 12, expected a hex string/);
  rejects(() => f.array("l"), /field 'l' is an object, expected an array/);
  rejects(() => f.uint("neg"), /field 'neg'/);
  rejects(() => f.uint("frac"), /field 'frac'/);
  rejects(() => f.uint("n_big", 10), /missing/);
});

test("bad hex is rejected with the reason", () => {
  const f = Fields.of({ odd: "abc", bad: "zz" }, where);
  rejects(() => f.hex("odd"), /field 'odd' is not valid hex \(has an odd number of digits\)/);
  rejects(() => f.hex("bad"), /field 'bad' is not valid hex \(has a non-hex character\)/);
});

test("nested fields carry their path", () => {
  const f = Fields.of({ outer: { inner: [{ x: "q" }] } }, where);
  rejects(() => f.object("outer").objects("inner")[0]?.hex("x"), /field 'outer\.inner\[0\]\.x' is not valid hex/);
  rejects(() => Fields.of({ l: ["00", 5] }, where).hexList("l"), /field 'l\[1\]' is number 5/);
});

test("a case that is not an object is rejected", () => {
  rejects(() => Fields.of([1], where), /^tree-math\.json case 3: case is an array, expected an object$/);
  rejects(() => Fields.of(null, where), /case is null/);
});

test("bounded integers", () => {
  rejects(() => Fields.of({ s: 70000 }, where).uint("s", 0xffff), /field 's' is 70000, larger than 65535/);
});

test("parseJsonArray rejects non-JSON and non-arrays", () => {
  assert.deepEqual(parseJsonArray("[1]", "f.json", "cases"), [1]);
  rejects(() => parseJsonArray("{", "f.json", "cases"), /^f\.json: not valid JSON/);
  rejects(() => parseJsonArray("{}", "f.json", "cases"), /^f\.json: expected a JSON array of cases$/);
});
