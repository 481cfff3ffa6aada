// The bounded recent-entries map: a read or a write refreshes an entry, and
// beyond the bound the least recently used goes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Recent } from "./recent.js";

test("beyond its bound the least recently used entry goes, a read counting as a use", () => {
  const recent = new Recent<number>(2);
  recent.set("a", 1);
  recent.set("b", 2);
  assert.equal(recent.get("a"), 1); // a is now the most recent
  recent.set("c", 3); // b goes
  assert.equal(recent.size, 2);
  assert.equal(recent.get("b"), undefined);
  assert.equal(recent.get("a"), 1);
  assert.equal(recent.get("c"), 3);
  recent.clear();
  assert.equal(recent.size, 0);
});
