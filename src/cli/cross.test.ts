// `mls-interop cross` against the real peers, when ../peers holds them (built
// by ../shared/peers/build.sh outside the project); without them these tests
// skip and say why. A missing peer's message is checked without any peer.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { defaultPeersDir, missingParts, peerSpecs, type PeerId } from "../cross/peers.js";
import { repoRoot, sharedMissing } from "../testing/paths.js";
import { main } from "./cross.js";

const peers = defaultPeersDir();

function peerMissing(id: PeerId): string | false {
  const shared = sharedMissing("interop/configs");
  if (shared !== undefined) return shared;
  const missing = missingParts(peers, peerSpecs[id], true);
  return missing.length === 0
    ? false
    : `${missing.map((m) => m.paths.join(", ")).join("; ")} not found: build the peers with ../shared/peers/build.sh`;
}

async function capturingStderr<T>(fn: () => Promise<T>): Promise<{ value: T; stderr: string }> {
  const write = process.stderr.write.bind(process.stderr);
  let stderr = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: await fn(), stderr };
  } finally {
    process.stderr.write = write;
  }
}

/** The processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const ps = spawnSync("ps", ["-o", "pid=", "--ppid", String(pid)], { encoding: "utf8" });
  return ps.stdout
    .split("\n")
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("a missing peer is an error naming the shared build script (exit 3)", async () => {
  const empty = mkdtempSync(join(tmpdir(), "cross-test-peers-"));
  const results = mkdtempSync(join(tmpdir(), "cross-test-results-"));
  const { value, stderr } = await capturingStderr(() =>
    main(["--peer", "mlspp", "--peers", empty, "--results", results, "--config", join(repoRoot, "configs")]),
  );
  assert.equal(value, 3);
  assert.match(stderr, /missing in .*:\n {2}the MLS working group's test runner \(Go\): .*bin\/test-runner/);
  assert.match(stderr, /PEERS=\S+ \S*shared\/peers\/build\.sh runner mlspp/);
  assert.equal(await main(["--peer", "openmls"]), 2);
});

for (const [id, extra] of [
  // MLSpp: the full pass and the random pass over every other suite, with both runners.
  ["mlspp", []],
  ["ts-mls-reference", ["--suite", "1"]],
] as Array<[PeerId, string[]]>) {
  test(
    `one small script against ${id}, with both runners: they agree, and nothing is left running`,
    { skip: peerMissing(id), timeout: 600_000 },
    async () => {
      const results = join(mkdtempSync(join(tmpdir(), "cross-test-")), "results");
      const before = new Set(childrenOf(process.pid));
      const { value } = await capturingStderr(() =>
        main([
          "--peer",
          id,
          "--script",
          "welcome_join.json/no_path_secret",
          "--lanes",
          "1",
          "--results",
          results,
          ...extra,
        ]),
      );
      assert.equal(value, 0, readFileSync(join(results, "report.md"), "utf8"));
      const summary = JSON.parse(readFileSync(join(results, "summary.json"), "utf8")) as {
        full: { ours: { distinct: number; runs: number }; go: { runs: number } };
        random?: { suites: number[]; ours: { distinct: number } };
        comparison: { compared: number; differences: number };
        problems: string[];
      };
      // welcome_join no_path_secret has two actors: 4 assignments, 2 modes.
      assert.equal(summary.full.ours.distinct, 8);
      assert.equal(summary.full.ours.runs, 8);
      assert.equal(summary.full.go.runs, 8);
      assert.ok(summary.comparison.compared >= 8);
      assert.equal(summary.comparison.differences, 0);
      assert.deepEqual(summary.problems, []);
      if (extra.length === 0) assert.equal(summary.random?.ours.distinct, 2 * (summary.random?.suites.length ?? 0));
      const report = readFileSync(join(results, "report.md"), "utf8");
      assert.match(report, new RegExp(`${peerSpecs[id].repository} \`[0-9a-f]{40}\``));
      assert.match(report, /\*\*0 differences\*\*/);
      const left = childrenOf(process.pid).filter((pid) => !before.has(pid) && alive(pid));
      assert.deepEqual(left, [], "every server and runner the command started has stopped");
    },
  );
}

test(
  "Ctrl-C stops the runners and the servers the command started",
  { skip: peerMissing("mlspp"), timeout: 120_000 },
  async () => {
    const results = join(mkdtempSync(join(tmpdir(), "cross-test-")), "results");
    const cli = join(repoRoot, "dist", "src", "cli", "main.js");
    assert.ok(existsSync(cli));
    const child = spawn(
      process.execPath,
      [cli, "cross", "--peer", "mlspp", "--script", "commit.json/add", "--lanes", "2", "--results", results],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    while (!/common suites/.test(stderr) && child.exitCode === null) await sleep(100);
    await sleep(1500);
    // Its servers and runners are its children (the peers in their own process groups).
    const started = childrenOf(child.pid ?? 0);
    assert.ok(started.length >= 4, `two lanes of servers and runners running: ${started.join(", ")}`);
    child.kill("SIGINT");
    assert.equal(await exited, 130, stderr);
    await sleep(500);
    assert.deepEqual(started.filter(alive), [], "nothing it started is left running");
  },
);
