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

test("PATHs: files and folders from anywhere, each through the verifier its fields call for", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vectors-cli-paths-"));
  try {
    const stack = join(dir, "other-stack", "test_vectors");
    mkdirSync(stack, { recursive: true });
    writeFileSync(join(stack, "math.json"), JSON.stringify([twoLeaves, twoLeaves, { ...twoLeaves, root: 0 }]));
    writeFileSync(join(stack, "parent_hash.json"), JSON.stringify([{ cipher_suite: 1, tree: "00", tree_hashes: [] }]));
    writeFileSync(join(stack, "notes.txt"), "not a vector");
    const single = join(dir, "renamed-tree-math.json");
    writeFileSync(single, JSON.stringify([twoLeaves]));
    const out = join(dir, "r.json");
    // Two worker threads: they must get the verifier the main thread recognised, not one by file name.
    const { code, out: printed } = await quietly(["--quiet", "--jobs", "2", "--out", out, single, stack]);
    assert.equal(code, 1, printed);
    const json = JSON.parse(readFileSync(out, "utf8")) as {
      files: Array<{ file: string; verifier: string | null; results: Array<{ status: string }> }>;
    };
    assert.deepEqual(
      json.files.map((f) => [f.file, f.verifier, f.results.map((r) => r.status).join(" ")]),
      [
        [single, "tree-math", "passed"],
        [join(stack, "math.json"), "tree-math", "passed passed failed"],
        [join(stack, "parent_hash.json"), null, ""],
      ],
    );
    assert.match(
      printed,
      /parent_hash\.json: skipped: no verifier for parent-hash vectors: removed from the working group's test-vectors\/ in 7a47d93/,
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("PATHs inside --dir are named relative to it, so expected failures apply", async () => {
  const dir = shared([twoLeaves, { ...twoLeaves, root: 0 }]);
  try {
    const expected = join(dir, "xfail.json");
    writeFileSync(
      expected,
      JSON.stringify([{ file: "test-vectors/tree-math.json", case: 1, reason: "r", known_issue: "KNOWN-ISSUES.md#x" }]),
    );
    const path = join(dir, "test-vectors", "tree-math.json");
    const args = ["--quiet", "--jobs", "1", "--dir", dir, "--expected-failures", expected, path];
    const { code, out } = await quietly(args);
    assert.equal(code, 0, out);
    assert.match(out, /^test-vectors\/tree-math\.json\s+2\s+1\s+0\s+0\s+1\s+0/m);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("a PATH that does not exist, or a folder without .json files, exits 2", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vectors-cli-paths-"));
  try {
    assert.equal((await quietly([join(dir, "missing.json")])).code, 2);
    assert.equal((await quietly([dir])).code, 2);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
