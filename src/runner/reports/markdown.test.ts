import assert from "node:assert/strict";
import { test } from "node:test";
import { finished, record, report, script } from "../testing/records.js";
import { markdownReport } from "./markdown.js";

test("pass counts per script and (suite, mode), then every failure with assignment, step and error", () => {
  const add = script("add", "commit.json");
  const md = markdownReport(
    report(
      [
        finished(record(add, { suite: 2, encrypt: false })),
        finished(record(add)),
        finished(record(add, { error: "Member [bob] failed | badly" })),
        finished(record(script("in_order", "application.json"))),
      ],
      { warnings: ["branch.json: unknown key"], seed: 7 },
    ),
  );
  assert.match(md, /^# MLS interop results\n\n4 runs in 1m01s: 3 passed, 1 failed \(--seed 7\)\.\n/);
  assert.match(md, /Random assignments drawn with --seed 7\./);
  assert.match(md, /\| s1 \| 127\.0\.0\.1:1 \| impl \| 1, 2 \|/);
  assert.match(md, /\| script \| suite 1 private \| suite 2 public \|\n\| --- \| --- \| --- \|\n/);
  assert.match(md, /\| commit\.json\/add \| ❌ 1\/2 \| ✅ 1\/1 \|/);
  assert.match(md, /\| application\.json\/in_order \| ✅ 1\/1 \| – \|/);
  assert.match(
    md,
    /## Failures \(1\)\n\n- \*\*commit\.json\/add\*\* \(suite 1, private, alice=s1 bob=s2\) step 1 \(fullCommit\): `Member \[bob\] failed \\\| badly`/,
  );
  assert.match(md, /## Warnings\n\n- branch\.json: unknown key/);
});

test("a Free failure past the last step is named as such", () => {
  const s = script("x");
  const md = markdownReport(report([finished(record(s, { error: "Free by alice: NOT_FOUND", failedStep: 2 }))]));
  assert.match(md, /step 2 \(end of run: Free\): `Free by alice: NOT_FOUND`/);
});
