import assert from "node:assert/strict";
import { test } from "node:test";
import { finished, record, report, script } from "../testing/records.js";
import { junitReport } from "./junit.js";

test("one testsuite per config and one testcase per run; failures name step and error, escaped", () => {
  const s = script("add", "commit.json");
  const xml = junitReport(
    report([
      finished(record(s)),
      finished(record(s, { error: 'Incorrect plaintext: expected "<a&b>", got "\u0001x"' })),
      finished(record(script("w", "welcome.json"), { suite: 2, encrypt: false })),
    ]),
  );
  assert.match(
    xml,
    /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="mls-interop" tests="3" failures="1" errors="0" skipped="0" time="61\.000">/,
  );
  assert.match(xml, /<testsuite name="commit\.json" tests="2" failures="1" errors="0" skipped="0" time="0\.025">/);
  assert.match(
    xml,
    /<testcase classname="welcome\.json\/w" name="suite 2 \/ public \/ alice=s1 bob=s2" time="0\.013"\/>/,
  );
  assert.match(
    xml,
    /<failure message="step 1 \(fullCommit\): Incorrect plaintext: expected &quot;&lt;a&amp;b&gt;&quot;, got &quot;x&quot;" type="failure">/,
  );
  assert.match(
    xml,
    /failed step: \{&quot;action&quot;:&quot;fullCommit&quot;\}\nservers: alice: s1 \(impl\), bob: s2 \(impl\)\nrecent RPCs: alice CreateGroup/,
  );
  // eslint-disable-next-line no-control-regex -- a control character XML cannot carry must not get through
  assert.doesNotMatch(xml, /\u0001/);
});

test("expected failures are skipped testcases; stale expectations are failures of their own", () => {
  const entry = { config: "commit.json", script: "add", reason: "r", known_issue: "KNOWN-ISSUES.md#add" };
  const xml = junitReport(
    report([finished(record(script("add", "commit.json"), { error: "e" }), "expected-failure", entry)], {
      stale: [{ ...entry, script: "gone", suite: 3 }],
    }),
  );
  assert.match(xml, /<testsuites name="mls-interop" tests="2" failures="1" errors="0" skipped="1"/);
  assert.match(xml, /<skipped message="expected failure \(KNOWN-ISSUES\.md#add\): step 1 \(fullCommit\): e"\/>/);
  assert.match(
    xml,
    /<testcase classname="expected-failures" name="commit\.json\/gone suite 3" time="0">\n\s+<failure message="passes now: fixed\? remove from expected failures \(KNOWN-ISSUES\.md#add\)"/,
  );
});
