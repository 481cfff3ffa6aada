// CI's interop runs: the official configs against two server processes of
// ours (every script, suite 1, both handshake modes, every assignment), one
// random assignment over every advertised suite, and our own configs. All
// must pass except runs named in the expected-failures file, each citing a
// KNOWN-ISSUES.md entry; an expected failure that passes fails the run too.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { cliPath } from "../testing/servers.js";
import { repoRoot, sharedDir, sharedMissing } from "../testing/paths.js";

const expectedFailures = resolve(repoRoot, "configs/expected-failures/interop.json");

async function selftest(name: string, args: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `mls-interop-${name}-`));
  const report = join(dir, "report.md");
  const child = spawn(
    process.execPath,
    [cliPath, "selftest", "--servers", "2", "--quiet", "--report", report, "--junit", join(dir, "junit.xml"), ...args],
    {
      cwd: repoRoot,
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((done) => child.once("exit", done));
  const summary = stderr.trim().split("\n").pop() ?? "";
  // The test log keeps the one-line verdict of every interop pass.
  console.log(`${name}: ${summary} (report: ${report})`);
  if (code !== 0) {
    let failures = "";
    try {
      const text = readFileSync(report, "utf8");
      failures = text.slice(text.indexOf("## Failures")).split("\n").slice(0, 40).join("\n");
    } catch {
      failures = stderr.slice(-4000);
    }
    assert.fail(`selftest ${args.join(" ")} exited ${code}\n${summary}\n${failures}`);
  }
}

const officialMissing = sharedMissing("interop/configs");

test("official configs: every script, suite 1, both modes, every assignment", { skip: officialMissing }, async () => {
  await selftest("official-suite-1", [
    "--config",
    resolve(sharedDir, "interop/configs"),
    "--suite",
    "1",
    "--expected-failures",
    expectedFailures,
  ]);
});

test("official configs: one random assignment in every advertised suite", { skip: officialMissing }, async () => {
  await selftest("official-random", [
    "--config",
    resolve(sharedDir, "interop/configs"),
    "--random",
    "--seed",
    "1",
    "--expected-failures",
    expectedFailures,
  ]);
});

test("our own configs: every script, suite 1, both modes", async () => {
  await selftest("own-configs", ["--config", resolve(repoRoot, "configs"), "--suite", "1"]);
});
