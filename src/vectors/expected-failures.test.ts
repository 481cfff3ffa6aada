import assert from "node:assert/strict";
import { test } from "node:test";
import { parseExpectedFailures } from "./expected-failures.js";

test("parses entries with and without a case", () => {
  const text = JSON.stringify([
    { file: "test-vectors/treekem.json", case: 3, reason: "r", known_issue: "KNOWN-ISSUES.md#some-slug" },
    { file: "interop/passive/commit.json", reason: "r", known_issue: "KNOWN-ISSUES.md#other" },
  ]);
  assert.deepEqual(parseExpectedFailures(text, "x.json"), [
    { file: "test-vectors/treekem.json", case: 3, reason: "r", knownIssue: "KNOWN-ISSUES.md#some-slug" },
    { file: "interop/passive/commit.json", case: undefined, reason: "r", knownIssue: "KNOWN-ISSUES.md#other" },
  ]);
});

test("rejects entries without a known-issue link or reason", () => {
  const entry = { file: "f.json", reason: "r", known_issue: "KNOWN-ISSUES.md#a" };
  assert.throws(
    () => parseExpectedFailures(JSON.stringify([{ ...entry, known_issue: "see chat" }]), "x.json"),
    /x\.json entry 0: field 'known_issue' is "see chat"/,
  );
  assert.throws(
    () => parseExpectedFailures(JSON.stringify([{ ...entry, reason: " " }]), "x.json"),
    /field 'reason' is empty/,
  );
  assert.throws(() => parseExpectedFailures(JSON.stringify([{ ...entry, case: -1 }]), "x.json"), /field 'case'/);
  assert.throws(() => parseExpectedFailures("{}", "x.json"), /x\.json: expected a JSON array of entries/);
});
