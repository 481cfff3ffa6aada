import assert from "node:assert/strict";
import { test } from "node:test";
import { ExpectationError, Expectations, parseExpectations } from "./expectations.js";

const entry = {
  config: "reinit.json",
  script: "change_ciphersuite",
  reason: "why",
  known_issue: "KNOWN-ISSUES.md#reinit-suite",
};

test("the file is a list of documented entries", () => {
  assert.deepEqual(parseExpectations("f", JSON.stringify([entry, { ...entry, suite: 3, encrypt: false }])).length, 2);
  const bad: [unknown, RegExp][] = [
    [{}, /must be a JSON list/],
    [[{ ...entry, known_issue: "#x" }], /entry 0: "known_issue" must look like "KNOWN-ISSUES.md#anchor"/],
    [[{ ...entry, reason: "" }], /"reason" must be a non-empty string/],
    [[{ ...entry, colour: 1 }], /unknown key "colour"/],
    [[{ ...entry, suite: "3" }], /"suite" must be a ciphersuite number/],
    [[entry, { ...entry, encrypt: "yes" }], /entry 1: "encrypt" must be true or false/],
  ];
  for (const [value, message] of bad)
    assert.throws(
      () => parseExpectations("f", JSON.stringify(value)),
      (e: Error) => e instanceof ExpectationError && message.test(e.message),
    );
  assert.throws(() => parseExpectations("f", "["), /f: not valid JSON/);
});

test("entries match by config and script, and by suite and mode when given", () => {
  const suite3 = { ...entry, suite: 3, encrypt: true };
  const x = new Expectations([suite3, entry]);
  const run = { config: "reinit.json", script: "change_ciphersuite", suite: 3, encrypt: true };
  assert.equal(x.match(run), suite3);
  assert.equal(x.match({ ...run, encrypt: false }), entry);
  assert.equal(x.match({ ...run, script: "other" }), undefined);
});

test("an entry all of whose runs pass is stale; one with any failure is not", () => {
  const a = { ...entry, script: "a" };
  const b = { ...entry, script: "b" };
  const c = { ...entry, script: "c" };
  const x = new Expectations([a, b, c]);
  const key = (script: string) => ({ config: "reinit.json", script, suite: 1, encrypt: true });
  assert.equal(x.classify(key("a"), true), a, "a matched failure is expected");
  assert.equal(x.classify(key("a"), false), undefined);
  assert.equal(x.classify(key("b"), false), undefined);
  assert.equal(x.classify(key("b"), false), undefined);
  assert.equal(x.classify(key("zzz"), true), undefined, "an unmatched failure is not expected");
  assert.deepEqual(x.stale(), [b]);
  assert.deepEqual(x.unexercised(), [c]);
});
