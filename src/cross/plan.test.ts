import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { loadConfigs } from "../runner/config.js";
import { planItems } from "./plan.js";

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

test("the full pass: a Go process per config, our matrix in shards; the random pass per suite; largest first", () => {
  const { dir, configs: c } = configs();
  const items = planItems({ configs: c, scripts: [], fullSuite: 1, randomSuites: [2, 3], withGo: true, lanes: 2, dir });
  const ids = items.map((i) => i.id);
  assert.equal(ids[0], "go full-suite1 big.json", "16 + 4 assignments, 2 modes: the largest item");
  assert.deepEqual(
    ids.filter((id) => id.startsWith("ours full")),
    [1, 2, 3, 4].map((i) => `ours full-suite1-shard${i}of4`),
  );
  assert.ok(ids.includes("go full-suite1 small.json"));
  assert.ok(ids.includes("go random-suite2") && ids.includes("ours random-suite3"));
  const costs = items.map((i) => i.cost);
  assert.deepEqual(
    costs,
    [...costs].sort((a, b) => b - a),
  );
  assert.equal(items.find((i) => i.id === "go random-suite2")?.invocations.length, 2, "one Go process per config");
  const shard = items.find((i) => i.id === "ours full-suite1-shard2of4")?.invocations[0];
  assert.equal(shard?.shard, "2/4");
  assert.equal(items.length, 2 + 4 + 2 * 2);
});

test("--script: the Go runner gets configs cut down to the chosen scripts; configs without any are left out", () => {
  const { dir, configs: c } = configs();
  const items = planItems({
    configs: c,
    scripts: ["big.json/two"],
    fullSuite: 1,
    randomSuites: [],
    withGo: true,
    lanes: 1,
    dir,
  });
  const go = items.filter((i) => i.runner === "go");
  assert.deepEqual(
    go.map((i) => i.id),
    ["go full-suite1 big.json"],
  );
  const file = go[0]?.invocations[0]?.configs[0] ?? "";
  assert.deepEqual(Object.keys((JSON.parse(readFileSync(file, "utf8")) as { scripts: object }).scripts), ["two"]);
  assert.equal(go[0]?.invocations[0]?.configName, "big.json");
  const ours = items.filter((i) => i.runner === "ours");
  assert.deepEqual(ours[0]?.invocations[0]?.scripts, ["big.json/two"]);
  assert.deepEqual(ours[0]?.invocations[0]?.configs, [c[0]?.path]);
  assert.equal(
    planItems({ configs: c, scripts: [], fullSuite: 1, randomSuites: [], withGo: false, lanes: 1, dir }).length,
    2,
  );
});
