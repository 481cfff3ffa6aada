import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../testing/paths.js";
import { ClassificationError, classify, loadClassifications, parseClassifications } from "./classifications.js";
import type { FailureInfo } from "./failures.js";

const entry = {
  config: "commit.json",
  script: "update",
  stacks: ["mlspp"],
  match: "Path required",
  fault: "mlspp",
  reason: "MLSpp requires a path where RFC 9420 §12.4.2 leaves it optional",
  evidence: "docs/peer-issues.md#mlspp-path-required",
};

const failure = (cause: string, server = "mlspp", kind: FailureInfo["kind"] = "failure"): FailureInfo => ({
  step: "step 2 (handleCommit)",
  rpc: "HandleCommit",
  side: `bob on ${server} (HandleCommit)`,
  server,
  kind,
  cause,
  raw: cause,
});

const where = { config: "commit.json", script: "update", stacks: ["ours", "mlspp"] };

test("entries are checked: keys, fault, a pattern that compiles, evidence for each side's faults", () => {
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
  bad({ ...entry, fault: "Not An Id" }, /"fault" must be a stack's id or "runner"/);
  bad({ ...entry, stacks: "mlspp" }, /"stacks" must be a list of stack ids/);
  bad({ ...entry, match: "(" }, /not a regular expression/);
  bad({ ...entry, fault: "ours", evidence: "trust me" }, /cites its KNOWN-ISSUES\.md#anchor/);
  bad({ ...entry, evidence: "MLSpp is wrong" }, /cites its docs\/peer-issues\.md#anchor/);
  bad({ ...entry, reason: "" }, /"reason" must be a non-empty string/);
  bad({ ...entry, script: [] }, /"script" must be a script name or a list of them/);
  bad({ ...entry, chance: true }, /"chance" must say why the failure shows in some plays only/);
  assert.equal(parseClassifications("c.json", JSON.stringify([{ ...entry, chance: "a random draw" }])).length, 1);
  assert.throws(() => parseClassifications("c.json", "{"), /not valid JSON/);
  assert.equal(
    parseClassifications("c.json", JSON.stringify([{ ...entry, fault: "runner", evidence: "x" }])).length,
    1,
  );
});

test("a failure takes the first entry for its config, script, stacks and pattern", () => {
  const entries = parseClassifications("c.json", JSON.stringify([entry]));
  assert.equal(classify(entries, where, failure("INTERNAL: Path required but not present"))?.fault, "mlspp");
  assert.equal(classify(entries, where, failure("INTERNAL: something else")), undefined);
  assert.equal(
    classify(entries, { ...where, stacks: ["ours", "mls-rs"] }, failure("INTERNAL: Path required")),
    undefined,
    "an entry for MLSpp does not judge a pair without it",
  );
});

test("a stack that lacks the method or falls over is judged without an entry", () => {
  const lacks = classify([], where, failure("UNIMPLEMENTED: ReInitProposal", "openmls", "unimplemented"));
  assert.deepEqual(
    { fault: lacks?.fault, source: lacks?.source, reason: lacks?.reason },
    { fault: "openmls", source: "the stack lacks the method", reason: "openmls does not implement HandleCommit" },
  );
  const crash = classify([], where, failure("UNAVAILABLE; the server died: SIGSEGV", "mls-rs", "crash"));
  assert.equal(crash?.source, "the stack fell over");
  assert.equal(crash?.fault, "mls-rs");
  // Whose crash it was must be known: a disagreement is not anyone's by itself.
  assert.equal(classify([], where, failure("x", "both", "crash")), undefined);
});

test("our own UNIMPLEMENTED cites its known issue and is classified by it", () => {
  const cited = failure("FAILED_PRECONDITION: Commit: force_path: ... (KNOWN-ISSUES.md#force-path)", "ours");
  const verdict = classify([], where, cited);
  assert.deepEqual(
    { fault: verdict?.fault, evidence: verdict?.evidence, source: verdict?.source },
    { fault: "ours", evidence: "KNOWN-ISSUES.md#force-path", source: "known issue cited by our server" },
  );
  // The same text from another stack's side proves nothing about us.
  assert.equal(classify([], where, { ...cited, server: "mlspp" }), undefined);
});

test("the committed entries cite headings of docs/peer-issues.md and keep to their stack's side", () => {
  const entries = loadClassifications(join(repoRoot, "configs", "results", "classifications.json"));
  const headings = new Set(
    readFileSync(join(repoRoot, "docs", "peer-issues.md"), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("## "))
      .map((line) => line.slice(3).trim()),
  );
  for (const e of entries) {
    const anchor = /docs\/peer-issues\.md#([a-z0-9-]+)/.exec(e.evidence)?.[1];
    if (anchor !== undefined) assert.ok(headings.has(anchor), `${e.evidence} has no heading in docs/peer-issues.md`);
  }
  // OpenMLS main and #2129 answer the same texts: an entry for one must not judge the other.
  const grease = (server: string): FailureInfo => ({
    step: "step 0 (createGroup)",
    rpc: "JoinGroup",
    side: `bob on ${server} (JoinGroup)`,
    server,
    kind: "failure",
    cause: "ABORTED: mls group error Extensions are not acceptable.",
    raw: "",
  });
  const at = (stacks: string[]) => ({ config: "application.json", script: "in_order", stacks });
  assert.equal(classify(entries, at(["mlspp", "openmls"]), grease("openmls"))?.fault, "openmls");
  assert.equal(classify(entries, at(["mlspp", "openmls-pr2129"]), grease("openmls-pr2129")), undefined);
  assert.equal(classify(entries, at(["ours", "openmls"]), grease("openmls")), undefined);
  // The Go runner does not say whose call failed between two other stacks: the cause still judges it.
  const goSays = (stacks: string[], cause: string): FailureInfo => ({
    step: "step 6 (fullCommit)",
    side: `${stacks.join(" or ")} (the Go runner does not say)`,
    server: "?",
    kind: "failure",
    cause,
    raw: "",
  });
  const mlsppPr = ["mlspp", "openmls-pr2129"];
  const capabilities = "ABORTED: mls group error A key package extension is not supported in the leaf's capabilities.";
  const greaseVerdict = classify(
    entries,
    { config: "commit.json", script: "add", stacks: mlsppPr },
    goSays(mlsppPr, capabilities),
  );
  assert.equal(greaseVerdict?.fault, "mlspp");
  assert.ok(greaseVerdict?.chance, "MLSpp's GREASE is drawn afresh each time");
  // A clock race any config can meet.
  const expired = classify(
    entries,
    { config: "reinit.json", script: "anything", stacks: ["mlspp", "mls-rs"] },
    {
      ...goSays(["mlspp", "mls-rs"], "INTERNAL: Expired key package"),
      side: "alice on mlspp (AddProposal)",
      server: "mlspp",
    },
  );
  assert.equal(expired?.fault, "mls-rs");
  assert.ok(expired?.chance);
});
