import assert from "node:assert/strict";
import { test } from "node:test";
import type { PlayedRow } from "./analysis.js";
import { analyse } from "./analysis.js";
import { peerSpecs } from "./peers.js";
import { crossReport, summarizeAssignments } from "./report.js";

const servers = ["ours", "mlspp"];

function all(actors: string[]): Array<Record<string, string>> {
  let out: Array<Record<string, string>> = [{}];
  for (const a of actors) out = out.flatMap((m) => servers.map((s) => ({ ...m, [a]: s })));
  return out;
}

/** Every assignment a pattern line stands for. */
function expand(line: string, actors: string[]): string[] {
  const fixed = Object.fromEntries([...line.matchAll(/(\w+)=(\w+)/g)].map((m) => [m[1], m[2]]));
  assert.ok(line.includes("others any") || Object.keys(fixed).length === actors.length, line);
  return all(actors)
    .filter((a) => Object.entries(fixed).every(([k, v]) => a[k] === v))
    .map((a) => actors.map((k) => `${k}=${a[k]}`).join(" "));
}

test("assignment patterns cover exactly the failing set", () => {
  const actors = ["alice", "bob", "carol", "dave"];
  const everything = all(actors);
  assert.deepEqual(summarizeAssignments(everything, servers), ["others any (16)"]);
  assert.deepEqual(
    summarizeAssignments(
      everything.filter((a) => a.alice === "ours"),
      servers,
    ),
    ["alice=ours, others any (8)"],
  );
  // Arbitrary subsets: the patterns expand back to the very same set.
  let seed = 7;
  for (let round = 0; round < 50; round++) {
    const subset = everything.filter(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 3 === 0);
    if (subset.length === 0) continue;
    const lines = summarizeAssignments(subset, servers);
    const covered = lines.flatMap((l) => expand(l, actors)).sort();
    const wanted = subset.map((a) => actors.map((k) => `${k}=${a[k]}`).join(" ")).sort();
    assert.deepEqual(covered, wanted, lines.join("\n"));
    assert.ok(lines.length <= subset.length);
  }
});

test("the report names versions, both runners' counts, the comparison and each failure's classification", () => {
  const OURS = "mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10)";
  const row = (runner: "go" | "ours", alice: string, failed: boolean): PlayedRow => ({
    runner,
    pass: "full",
    config: "c.json",
    script: "s",
    suite: 1,
    encrypt: true,
    actors: { alice },
    failed,
    authenticators: [],
    ...(failed
      ? {
          error: `HandleCommit by alice on s2 at 127.0.0.1:9 (${alice}): INTERNAL: odd`,
          failedStep: 1,
          failedStepJson: '{"action":"commit","actor":"alice"}',
        }
      : {}),
  });
  const analysis = analyse(
    [row("ours", OURS, false), row("ours", "mlspp", true), row("go", "mlspp", true), row("go", "mlspp", true)],
    "mlspp",
    [],
    true,
  );
  const text = crossReport(analysis, {
    peer: peerSpecs.mlspp,
    command: "mls-interop cross --peer mlspp",
    date: new Date("2030-01-02T03:04:05Z"),
    ours: { name: OURS, commit: "a".repeat(40), dirty: false },
    peerName: "mlspp",
    peerCommit: { commit: "b".repeat(40), from: "mlspp/source-commit" },
    goCommit: { commit: "c".repeat(40) },
    configs: { where: "../shared/interop/configs", files: 1, sha256: "d".repeat(64) },
    fullSuite: 1,
    randomSuites: [],
    seed: 1,
    problems: [],
  });
  assert.match(
    text,
    /^# ours × MLSpp: cross-stack results\n\nWritten on 2030-01-02 by `mls-interop cross --peer mlspp`/,
  );
  assert.match(text, new RegExp(`this repository at \`${"a".repeat(40)}\``));
  assert.match(text, new RegExp(`cisco/mlspp \`${"b".repeat(40)}\``));
  assert.match(text, new RegExp(`mlswg/mls-implementations \`${"c".repeat(40)}\``));
  assert.match(
    text,
    /our runner passes \*\*1 of 2\*\* distinct assignments\. The Go runner played 2 runs \(0 passed, its own total\) covering 1 distinct/,
  );
  assert.match(text, /\| c\.json\/s \| ❌ 1\/2 \| ❌ 0\/1 \(2 runs\) \|/);
  assert.match(text, /agree on every one: \*\*0 differences\*\*/);
  assert.match(
    text,
    /- step 1 \(commit\), alice on mlspp \(HandleCommit\): `INTERNAL: odd` — 1 assignment; \*\*unclassified\*\*/,
  );
  assert.match(text, /never on ours \| never on the peer \|\n.*\n\| c\.json\/s \| 2 \| 1 \| 2 \| alice \| – \|/);
  assert.doesNotMatch(text, /Problems during the run/);
});
