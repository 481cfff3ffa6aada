import assert from "node:assert/strict";
import { test } from "node:test";
import { ClassificationError, classify, parseClassifications } from "./classifications.js";
import type { FailureInfo } from "./failures.js";

const entry = {
  config: "commit.json",
  script: "update",
  peer: "mlspp",
  match: "Path required",
  fault: "ours",
  reason: "ts-mls leaves out a path the RFC requires",
  evidence: "KNOWN-ISSUES.md#path-required-rule",
};

const failure = (cause: string, server: FailureInfo["server"] = "peer"): FailureInfo => ({
  step: "step 2 (handleCommit)",
  side: "bob on mlspp (HandleCommit)",
  server,
  cause,
  raw: cause,
});

test("entries are checked: keys, fault, a pattern that compiles, evidence for our faults", () => {
  assert.equal(parseClassifications("c.json", JSON.stringify([entry])).length, 1);
  const bad = (e: object, why: RegExp) =>
    assert.throws(
      () => parseClassifications("c.json", JSON.stringify([e])),
      (err: Error) => {
        assert.ok(err instanceof ClassificationError);
        assert.match(err.message, why);
        return true;
      },
    );
  bad({ ...entry, extra: 1 }, /unknown key "extra"/);
  bad({ ...entry, fault: "theirs" }, /"fault" must be one of/);
  bad({ ...entry, match: "(" }, /not a regular expression/);
  bad({ ...entry, evidence: "trust me" }, /cites its KNOWN-ISSUES\.md#anchor/);
  bad({ ...entry, reason: "" }, /"reason" must be a non-empty string/);
  bad({ ...entry, script: [] }, /"script" must be a script name or a list of them/);
  assert.throws(() => parseClassifications("c.json", "{"), /not valid JSON/);
});

test("a failure takes the first entry for its config, script, peer and pattern", () => {
  const entries = parseClassifications("c.json", JSON.stringify([entry]));
  const where = { config: "commit.json", script: "update", peer: "mlspp" };
  assert.equal(classify(entries, where, failure("INTERNAL: Path required but not present"))?.fault, "ours");
  assert.equal(classify(entries, where, failure("INTERNAL: something else")), undefined);
  assert.equal(
    classify(entries, { ...where, peer: "ts-mls-reference" }, failure("INTERNAL: Path required")),
    undefined,
  );
});

test("our own UNIMPLEMENTED cites its known issue and is classified by it", () => {
  const cited = failure("UNIMPLEMENTED: Commit: force_path: ... (KNOWN-ISSUES.md#force-path)", "ours");
  const verdict = classify([], { config: "commit.json", script: "add", peer: "mlspp" }, cited);
  assert.deepEqual(
    { fault: verdict?.fault, evidence: verdict?.evidence, source: verdict?.source },
    { fault: "ours", evidence: "KNOWN-ISSUES.md#force-path", source: "known issue cited by our server" },
  );
  // The same text from the peer's side proves nothing about us.
  assert.equal(classify([], { config: "c", script: "s", peer: "p" }, { ...cited, server: "peer" }), undefined);
});
