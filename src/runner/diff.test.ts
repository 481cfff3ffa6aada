import assert from "node:assert/strict";
import { test } from "node:test";
import { diffRows, formatDiff, keyOptionsFor, keyRuns, onlyConfig, regressed, shortNames } from "./diff.js";
import { parseResults } from "./results-file.js";

const names = { s1: "mls-interop-ts 0.1.0", s2: "mlspp" };

/** A run as our results file writes it: names in `actors`, labels in `assignment`. */
function ours(script: string, labels: Record<string, "s1" | "s2">, failed: boolean, config = "c.json") {
  return {
    cipher_suite: 1,
    actors: Object.fromEntries(Object.entries(labels).map(([a, l]) => [a, names[l]])),
    encrypt_flag: true,
    ...(failed ? { error: `broke in ${script}`, failed_step: 2 } : {}),
    config,
    assignment: labels,
  };
}

/** The same run as the Go runner writes it: no config, no labels. */
function go(labels: Record<string, "s1" | "s2">, failed: boolean) {
  const { config: _config, assignment: _assignment, ...run } = ours("go", labels, failed);
  return run;
}

const rows = (scripts: Record<string, unknown[]>) => parseResults({ scripts });

test("runs are keyed by config, script, suite, mode and the server name of each actor", () => {
  const file = rows({ s: [ours("s", { bob: "s2", alice: "s1" }, false), ours("s", { alice: "s1", bob: "s1" }, true)] });
  const by = keyOptionsFor(file, file);
  assert.deepEqual(by, { labels: false, configs: true });
  assert.deepEqual(
    [...keyRuns(file, by).keys()],
    [
      "c.json/s suite 1 private alice=mls-interop-ts 0.1.0 bob=mlspp",
      "c.json/s suite 1 private alice=mls-interop-ts 0.1.0 bob=mls-interop-ts 0.1.0",
    ],
  );
});

test("selftest replicas share a name: then the labels tell the servers apart", () => {
  const replica = { ...ours("s", { alice: "s1", bob: "s2" }, false), actors: { alice: "same", bob: "same" } };
  const file = rows({ s: [replica] });
  const by = keyOptionsFor(file, file);
  assert.equal(by.labels, true);
  assert.deepEqual([...keyRuns(file, by).keys()], ["c.json/s suite 1 private alice=s1 bob=s2"]);
});

test("against the Go runner's results every run matches by name; its repeats count once", () => {
  const a = { alice: "s1", bob: "s2" } as const;
  const b = { alice: "s2", bob: "s2" } as const;
  const goRows = rows({ s: [go(a, false), go(b, true), go(a, false)] });
  const ourRows = rows({ s: [ours("s", a, false), ours("s", b, true), ours("s", { alice: "s1", bob: "s1" }, false)] });
  const diff = diffRows(goRows, ourRows);
  assert.deepEqual(diff.by, { labels: false, configs: false });
  assert.equal(diff.stillPassing, 1);
  assert.equal(diff.stillFailing, 1);
  assert.equal(diff.newlyFailing.length + diff.newlyPassing.length + diff.disappeared.length, 0);
  assert.deepEqual(
    diff.appeared.map((r) => r.key),
    ["s suite 1 private alice=mls-interop-ts 0.1.0 bob=mls-interop-ts 0.1.0"],
  );
  assert.equal(keyRuns(goRows, diff.by).get("s suite 1 private alice=mls-interop-ts 0.1.0 bob=mlspp")?.plays, 2);
  assert.match(formatDiff(diff), /runs matched by server names, no config names/);
});

test("a script name in two configs needs --config against a file that names none", () => {
  const ourRows = rows({
    s: [ours("s", { alice: "s1" }, false, "a.json"), ours("s", { alice: "s1" }, true, "b.json")],
  });
  const goRows = rows({ s: [go({ alice: "s1" }, true)] });
  assert.throws(
    () => diffRows(goRows, ourRows, { old: "go.json", new: "ours.json" }),
    /ours\.json: script "s" is in a\.json and b\.json.*--config NAME/,
  );
  const diff = diffRows(onlyConfig(goRows, "b.json"), onlyConfig(ourRows, "b"));
  assert.equal(diff.stillFailing, 1);
  assert.equal(diff.appeared.length, 0);
});

test("plays of one run that disagree are flagged as unrepeatable", () => {
  const a = { alice: "s1", bob: "s2" } as const;
  const diff = diffRows(rows({ s: [go(a, false), go(a, true)] }), rows({ s: [ours("s", a, true)] }));
  assert.equal(diff.unrepeatable.length, 1);
  assert.equal(diff.unrepeatable[0]?.run.failures, 1);
  assert.match(
    formatDiff(diff),
    /unrepeatable: the plays of one run disagree \(1\):\n {2}old: s suite 1 private .*FAIL.*\(1 of 2 plays failed\)/,
  );
});

test("newly failing, newly passing, appeared and disappeared", () => {
  const a1 = { alice: "s1", bob: "s1" } as const;
  const a2 = { alice: "s1", bob: "s2" } as const;
  const before = rows({
    p: [ours("p", a1, false), ours("p", a2, true)],
    q: [ours("q", a1, false)],
    gone: [ours("gone", a1, false)],
  });
  const after = rows({
    p: [ours("p", a1, true), ours("p", a2, false)],
    q: [ours("q", a1, false)],
    fresh: [ours("fresh", a1, false)],
  });
  const diff = diffRows(before, after);
  const both = "alice=mls-interop-ts 0.1.0 bob=mls-interop-ts 0.1.0";
  assert.deepEqual(
    diff.newlyFailing.map((r) => r.key),
    [`c.json/p suite 1 private ${both}`],
  );
  assert.deepEqual(
    diff.newlyPassing.map((r) => r.key),
    ["c.json/p suite 1 private alice=mls-interop-ts 0.1.0 bob=mlspp"],
  );
  assert.deepEqual(
    diff.appeared.map((r) => r.key),
    [`c.json/fresh suite 1 private ${both}`],
  );
  assert.deepEqual(
    diff.disappeared.map((r) => r.key),
    [`c.json/gone suite 1 private ${both}`],
  );
  assert.equal(diff.stillPassing, 1);
  assert.equal(regressed(diff), true);
  const text = formatDiff(diff);
  assert.match(
    text,
    /^servers:\n {2}mls-interop-ts = mls-interop-ts 0\.1\.0\n\nnewly failing \(1\):\n {2}c\.json\/p suite 1 private alice=mls-interop-ts bob=mls-interop-ts: FAIL at step 2: broke in p/,
  );
  assert.match(
    text,
    /1 newly failing, 1 newly passing, 1 appeared \(0 failing\), 1 disappeared, 0 still failing, 1 still passing/,
  );
});

test("only passing changes and vanished runs are no regression; a new failing run is", () => {
  const a = { alice: "s1", bob: "s1" } as const;
  const before = rows({ p: [ours("p", a, true)], gone: [ours("gone", a, true)] });
  assert.equal(regressed(diffRows(before, rows({ p: [ours("p", a, false)] }))), false);
  assert.equal(regressed(diffRows(before, rows({ p: [ours("p", a, true)], n: [ours("n", a, true)] }))), true);
});

test("a file that is not a results file is refused with its name", () => {
  assert.throws(() => parseResults({ runs: [] }, "x.json"), /x\.json: not a results file/);
});

test("short names: a server's first word, numbered when two share it; a label stays itself", () => {
  const short = shortNames([
    "mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10, RFC 9420 layer)",
    "OpenMLS",
    "OpenMLS",
    "Wickr MLS on port 40001",
    "Wickr MLS on port 40002",
    "s1",
  ]);
  assert.deepEqual(Object.fromEntries(short), {
    "mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10, RFC 9420 layer)": "mls-interop-ts",
    OpenMLS: "OpenMLS",
    "Wickr MLS on port 40001": "Wickr",
    "Wickr MLS on port 40002": "Wickr#2",
    s1: "s1",
  });
});
