import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfigs } from "../runner/config.js";
import { type Combo, comboFile, combos, planItems } from "./plan.js";

function configs() {
  const dir = mkdtempSync(join(tmpdir(), "plan-test-"));
  const group = (members: string[]) => [{ action: "createGroup", actor: "alice", members }];
  writeFileSync(
    join(dir, "big.json"),
    JSON.stringify({ scripts: { four: group(["b", "c", "d"]), two: group(["b"]) } }),
  );
  writeFileSync(join(dir, "small.json"), JSON.stringify({ scripts: { one: group([]) } }));
  const loaded = loadConfigs([dir]);
  assert.deepEqual(loaded.issues, []);
  return { dir, configs: loaded.configs };
}

test("the pairing plan: every pair once and each stack alone, no repeats, for any number of stacks", () => {
  for (let n = 1; n <= 7; n++) {
    const ids = Array.from({ length: n }, (_, i) => `s${i}`);
    const all = combos(ids, { alone: true });
    const keys = all.map((c) => [...c.stacks].sort().join("+"));
    assert.equal(new Set(keys).size, keys.length, "no combination twice, in either order");
    assert.equal(all.length, (n * (n - 1)) / 2 + n);
    for (const a of ids)
      for (const b of ids) {
        const want = a === b ? a : [a, b].sort().join("+");
        assert.ok(keys.includes(want), `${a} with ${b}`);
      }
    assert.ok(
      all.every(
        (c) => c.stacks.every((s) => ids.includes(s)) && (c.stacks.length === 1 || c.stacks[0] !== c.stacks[1]),
      ),
    );
  }
  const six = ["ours", "ts-mls-reference", "mlspp", "openmls", "openmls-pr2129", "mls-rs"];
  assert.equal(combos(six, { alone: true }).length, 21, "15 pairs and 6 stacks alone");
  assert.equal(combos(six, { alone: false }).length, 15);
  assert.deepEqual(
    combos(six, { alone: true, only: [["mlspp", "ours"], ["mls-rs"]] }).map((c) => c.id),
    ["ours×mlspp", "mls-rs"],
    "--pair in either order, and a stack alone",
  );
  assert.equal(comboFile({ id: "ours×mlspp", stacks: ["ours", "mlspp"] }), "ours--mlspp");
});

test("the full pass: our matrix in shards, the Go runner a process per config; the random pass per suite; largest first", () => {
  const { dir, configs: c } = configs();
  const pair: Combo = { id: "a×b", stacks: ["a", "b"] };
  const items = planItems({
    configs: c,
    scripts: [],
    combos: [{ combo: pair, full: [1], random: [2, 3] }],
    withGo: true,
    shards: 4,
    dir,
  });
  const ids = items.map((i) => i.id);
  assert.equal(ids[0], "a×b go full suite 1 big.json", "16 + 4 assignments, 2 modes: the largest item");
  assert.deepEqual(
    ids.filter((id) => id.startsWith("a×b ours full")).sort(),
    [1, 2, 3, 4].map((i) => `a×b ours full shard ${i}/4`),
  );
  assert.ok(ids.includes("a×b go full suite 1 big.json") && ids.includes("a×b go full suite 1 small.json"));
  assert.ok(ids.includes("a×b go random suite 2") && ids.includes("a×b go random suite 3"));
  assert.ok(ids.includes("a×b ours random"));
  const costs = items.map((i) => i.cost);
  assert.deepEqual(
    costs,
    [...costs].sort((a, b) => b - a),
  );
  assert.equal(items.find((i) => i.id === "a×b go random suite 2")?.invocations.length, 2, "one Go process per config");
  assert.deepEqual(items.find((i) => i.id === "a×b ours random")?.invocations[0]?.suites, [2, 3]);
  assert.deepEqual(items.find((i) => i.id === "a×b ours full shard 2/4")?.invocations[0]?.shard, {
    index: 2,
    count: 4,
  });
  assert.equal(items.length, 4 + 2 + 1 + 2 * 1);
  // Outputs of a combination go to its own folder.
  assert.ok(items.every((i) => i.invocations.every((v) => v.out.startsWith(join(dir, "a--b")))));
});

test("a stack alone is one item; a user's --shard cuts each session once and leaves the Go runner out", () => {
  const { dir, configs: c } = configs();
  const alone: Combo = { id: "a", stacks: ["a"] };
  const pair: Combo = { id: "a×b", stacks: ["a", "b"] };
  const items = planItems({
    configs: c,
    scripts: [],
    combos: [
      { combo: alone, full: [1, 2], random: [] },
      { combo: pair, full: [1], random: [2] },
    ],
    withGo: true,
    shards: 4,
    shard: { index: 3, count: 5 },
    dir,
  });
  assert.deepEqual(items.map((i) => i.id).sort(), [
    "a ours full shard 3/5",
    "a×b ours full shard 3/5",
    "a×b ours random shard 3/5",
  ]);
});

test("--script: the Go runner gets configs cut down to the chosen scripts; configs without any are left out", () => {
  const { dir, configs: c } = configs();
  const items = planItems({
    configs: c,
    scripts: ["big.json/two"],
    combos: [{ combo: { id: "a×b", stacks: ["a", "b"] }, full: [1], random: [] }],
    withGo: true,
    shards: 1,
    dir,
  });
  const go = items.filter((i) => i.runner === "go");
  assert.deepEqual(
    go.map((i) => i.id),
    ["a×b go full suite 1 big.json"],
  );
  const file = go[0]?.invocations[0]?.configs[0] ?? "";
  assert.deepEqual(Object.keys((JSON.parse(readFileSync(file, "utf8")) as { scripts: object }).scripts), ["two"]);
  assert.equal(go[0]?.invocations[0]?.configName, "big.json");
  const ours = items.filter((i) => i.runner === "ours");
  assert.deepEqual(ours[0]?.invocations[0]?.scripts, ["big.json/two"]);
  assert.deepEqual(ours[0]?.invocations[0]?.configs, [c[0]?.path]);
});
