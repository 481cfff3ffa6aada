import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { twoLeaves } from "../vectors/testing/tree-math-cases.js";
import { main, selectFiles } from "./vectors.js";

function shared(cases: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), "vectors-cli-"));
  mkdirSync(join(dir, "test-vectors"));
  writeFileSync(join(dir, "test-vectors", "tree-math.json"), JSON.stringify(cases));
  return dir;
}

/** Runs the command with its console output captured. */
async function quietly(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const { log, error } = console;
  console.log = (...a: unknown[]) => lines.push(a.join(" "));
  console.error = (...a: unknown[]) => lines.push(a.join(" "));
  try {
    return { code: await main(args), out: lines.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test("--only matches names with or without folder and .json", () => {
  const files = [
    { name: "test-vectors/tree-math.json", path: "" },
    { name: "interop/passive/commit.json", path: "" },
  ];
  assert.deepEqual(
    selectFiles(files, ["tree-math"]).files.map((f) => f.name),
    ["test-vectors/tree-math.json"],
  );
  assert.deepEqual(
    selectFiles(files, ["interop/passive/commit.json"]).files.map((f) => f.name),
    ["interop/passive/commit.json"],
  );
  assert.deepEqual(selectFiles(files, ["nope"]).unknown, ["nope"]);
});

test("exit 0 and reports written when every case passes", async () => {
  const dir = shared([twoLeaves]);
  try {
    const out = join(dir, "r.json");
    const report = join(dir, "r.md");
    const { code, out: printed } = await quietly([
      "--dir",
      dir,
      "--quiet",
      "--jobs",
      "1",
      "--out",
      out,
      "--report",
      report,
    ]);
    assert.equal(code, 0, printed);
    assert.match(printed, /test-vectors\/tree-math\.json\s+1\s+1\s+0\s+0/);
    const json = JSON.parse(readFileSync(out, "utf8")) as {
      totals: { passed: number };
      files: Array<{ results: unknown[] }>;
    };
    assert.equal(json.totals.passed, 1);
    assert.deepEqual(json.files[0]?.results, [{ case: 0, status: "passed" }]);
    assert.match(
      readFileSync(report, "utf8"),
      /\| test-vectors\/tree-math\.json \| tree-math \| 1 \| 1 \| 0 \| 0 \| 0 \| 0 \|/,
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("exit 1 with the case index and what differed when a case fails", async () => {
  const dir = shared([twoLeaves, { ...twoLeaves, sibling: [2, null, 1] }]);
  try {
    const { code, out } = await quietly(["--dir", dir, "--quiet", "--jobs", "1"]);
    assert.equal(code, 1);
    assert.match(out, /FAIL test-vectors\/tree-math\.json case 1: sibling\[2\]: expected 1, got 0/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("worker threads give the same outcomes", async () => {
  const dir = shared([twoLeaves, { ...twoLeaves, root: 0 }, twoLeaves, twoLeaves, twoLeaves]);
  try {
    const out = join(dir, "r.json");
    const { code } = await quietly(["--dir", dir, "--quiet", "--jobs", "2", "--out", out]);
    assert.equal(code, 1);
    const json = JSON.parse(readFileSync(out, "utf8")) as { files: Array<{ results: Array<{ status: string }> }> };
    assert.deepEqual(
      json.files[0]?.results.map((r) => r.status),
      ["passed", "failed", "passed", "passed", "passed"],
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("bad usage exits 2", async () => {
  const dir = shared([twoLeaves]);
  try {
    assert.equal((await quietly(["--dir", dir, "--only", "no-such-file"])).code, 2);
    assert.equal((await quietly(["--dir", dir, "--jobs", "0"])).code, 2);
    assert.equal((await quietly(["--dir", dir, "--bogus"])).code, 2);
    assert.equal((await quietly(["--dir", join(dir, "missing")])).code, 2);
    assert.equal((await quietly(["--dir", dir, "--expected-failures", join(dir, "missing.json")])).code, 2);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
