// The Makefile is a list of thin wrappers: each target documented in
// `make help`, each calling an npm script that exists.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../testing/paths.js";

const makefile = readFileSync(join(repoRoot, "Makefile"), "utf8");
const phony = (/^\.PHONY:(.*)$/m.exec(makefile)?.[1] ?? "").trim().split(/\s+/);
const scriptTable = (
  JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;
const scripts = Object.keys(scriptTable);

test("the Makefile has the agreed targets, all phony", () => {
  for (const target of [
    "help",
    "install",
    "build",
    "proto",
    "test",
    "lint",
    "serve",
    "selftest",
    "cross",
    "bench",
    "docker",
    "compose-up",
  ])
    assert.ok(phony.includes(target), `${target} is missing from .PHONY`);
});

test("every npm script a target runs exists in package.json", () => {
  const used = [...makefile.matchAll(/\bnpm run ([\w:-]+)/g)].map((m) => m[1]!);
  assert.ok(used.length > 0);
  for (const script of used) assert.ok(scripts.includes(script), `npm run ${script}: no such script`);
});

test("every file an npm script names exists", () => {
  const text = Object.values(scriptTable).join(" ");
  const paths = [...text.matchAll(/(?:^|\s)((?:configs|docker|proto)\/[\w./-]+)/g)].map((m) => m[1]!);
  assert.ok(paths.length > 0);
  for (const path of paths)
    assert.ok(existsSync(join(repoRoot, path)), `${path}: named by a script, not in the repository`);
});

test(
  "make help lists every target with its description",
  { skip: spawnSync("make", ["--version"], { stdio: "ignore" }).status === 0 ? false : "make is not installed" },
  () => {
    const result = spawnSync("make", ["--no-print-directory", "-C", repoRoot, "help"], { encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    for (const target of phony)
      assert.match(result.stdout, new RegExp(`^ {2}${target} +\\S`, "m"), `${target} in make help`);
  },
);
