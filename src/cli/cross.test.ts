// `mls-interop cross`: with fake stacks that panic, die and hang (point 3 of
// the matrix: a stack that falls over fails its run and the matrix goes on),
// and against the real stacks of configs/stacks/local.json where they were built
// by hand beside the checkout; without them those tests skip and say why.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { defaultPlaces, loadStacks, unavailable } from "../cross/stacks.js";
import { fakeFixture as fixture, fakeStack } from "../cross/testing/fake-matrix.js";
import type { MatrixSummary } from "../cross/summary.js";
import { captureStderr } from "../testing/output.js";
import { repoRoot, sharedMissing } from "../testing/paths.js";
import { main } from "./cross.js";

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

test("an unknown or missing stack is named with where it comes from; a bad stacks file is a usage error", async () => {
  const { dir, stacks } = fixture([{ ...fakeStack("good"), start: { command: ["{peers}/nothing", "{port}"] } }]);
  const args = ["--stacks", stacks, "--peers", dir, "--skip-go", "--results", join(dir, "r")];
  let run = await captureStderr(() => main([...args, "--pair", "good:"]));
  assert.equal(run.value, 3);
  assert.match(
    run.stderr,
    new RegExp(
      `good \\(fake good\\) is not here: ${dir}/nothing does not exist; it is built by hand from src/cross/testing/fake-stack.ts`,
    ),
  );
  run = await captureStderr(() => main([...args, "--stack", "mlspp"]));
  assert.equal(run.value, 3);
  assert.match(run.stderr, /mlspp: not declared in .*stacks\.json \(declared: good\)/);
  writeFileSync(stacks, JSON.stringify({ stacks: [{ id: "x" }] }));
  run = await captureStderr(() => main(args));
  assert.equal(run.value, 2);
  assert.match(run.stderr, /stacks\.json: stacks\[0\] \(x\): give either "start" .* or "address"/);
  run = await captureStderr(() => main(["--assignment", "alice=ours"]));
  assert.equal(run.value, 2, "--assignment needs one pair");
});

test(
  "stacks that panic, die and hang fail the runs they fell over in, named; they are restarted and the matrix goes on",
  { timeout: 300_000 },
  async () => {
    const { dir, stacks, configs } = fixture([
      fakeStack("good"),
      fakeStack("panics", "--panic", "updateProposal"),
      fakeStack("dies", "--die", "updateProposal"),
      fakeStack("hangs", "--hang", "updateProposal"),
    ]);
    const results = join(dir, "results");
    const before = new Set(childrenOf(process.pid));
    const { value, stderr } = await captureStderr(() =>
      main([
        "--stacks",
        stacks,
        "--config",
        configs,
        "--skip-go",
        "--pair",
        "good:panics",
        "--pair",
        "good:dies",
        "--pair",
        "good:hangs",
        "--pair",
        "dies:",
        "--timeout",
        "2",
        "--lanes",
        "2",
        "--results",
        results,
      ]),
    );
    const summary = JSON.parse(readFileSync(join(results, "matrix.json"), "utf8")) as MatrixSummary;
    assert.equal(value, 0, `every failure is the fake stacks' own, none ours or unclassified:\n${stderr}`);
    assert.deepEqual(summary.problems, []);
    const combo = (id: string) => summary.combos.find((c) => c.combo === id);
    for (const [id, faulty] of [
      ["good×panics", "panics"],
      ["good×dies", "dies"],
      ["good×hangs", "hangs"],
    ] as const) {
      const c = combo(id);
      assert.ok(c !== undefined, id);
      // bob calls UpdateProposal: the 2 of 4 assignments with bob on the faulty stack fail, in both modes.
      assert.deepEqual(c.cells["c.json/update"], {
        "suite 1 private": { total: 4, passed: 2 },
        "suite 1 public": { total: 4, passed: 2 },
      });
      // The script after the fall plays on a live server again.
      assert.deepEqual(c.cells["c.json/empty"], {
        "suite 1 private": { total: 4, passed: 4 },
        "suite 1 public": { total: 4, passed: 4 },
      });
      assert.ok(
        c.groups.length > 0 && c.groups.every((g) => g.verdict?.fault === faulty && g.rpc === "UpdateProposal"),
      );
      // Played again where it played: the same stacks file and configs, this pair, this script.
      assert.ok(
        c.groups.every(
          (g) =>
            g.again.startsWith(`mls-interop cross --stacks ${stacks} --config ${configs} --skip-go --timeout 2 `) &&
            g.again.includes(` --pair ${c.stacks.join(":")} --script c.json/update `),
        ),
        c.groups.map((g) => g.again).join("\n"),
      );
    }
    const sources = (id: string) => new Set(combo(id)?.groups.map((g) => g.verdict?.source));
    assert.deepEqual(sources("good×panics"), new Set(["the stack lacks the method"]), "todo!() is a method it lacks");
    assert.match(
      combo("good×panics")?.groups[0]?.cause ?? "",
      /the server panicked: panicked at interop_client\/src\/main\.rs:N:9: not yet implemented: updateProposal/,
    );
    assert.deepEqual(sources("good×dies"), new Set(["the stack fell over"]));
    assert.deepEqual(sources("good×hangs"), new Set(["the stack fell over"]));
    assert.match(combo("good×hangs")?.groups[0]?.cause ?? "", /DEADLINE_EXCEEDED; the server hung: no answer to Name/);
    const incidents = (stack: string, kind: string) =>
      summary.incidents.filter((i) => i.stack === stack && i.kind === kind).reduce((n, i) => n + i.times, 0);
    assert.equal(incidents("dies", "died"), incidents("dies", "restarted"), "every death was followed by a restart");
    assert.equal(incidents("dies", "died"), 4 + 2, "four runs with bob on it in the pair, two alone");
    assert.equal(incidents("hangs", "hung"), 4);
    assert.equal(incidents("hangs", "restarted"), 4);
    assert.equal(incidents("panics", "died"), 0, "a panic that drops the connection leaves the process up");
    assert.equal(incidents("panics", "restarted"), 4, "and it is started afresh for the next run");
    assert.equal(incidents("good", "died"), 0);
    const page = readFileSync(join(results, "pairs", "good--dies.md"), "utf8");
    assert.match(page, /## Stacks that fell over/);
    assert.match(page, /fault: \*\*dies\*\*/);
    const grid = readFileSync(join(results, "matrix.md"), "utf8");
    assert.match(grid, /\*\*panics\*\*: lacks UpdateProposal/);
    assert.match(
      readFileSync(join(results, "matrix.html"), "utf8"),
      /id="pair-good--dies"/,
      "the page beside the grid",
    );
    await sleep(200);
    const left = childrenOf(process.pid).filter((pid) => !before.has(pid) && alive(pid));
    assert.deepEqual(left, [], "every server the command started has stopped");
  },
);

const stacksFile = join(repoRoot, "configs", "stacks", "local.json");
const places = defaultPlaces(repoRoot, stacksFile);
const declared = loadStacks(stacksFile);
const peersHere = declared.stacks.filter((s) => s.id !== "ours" && unavailable(s, places) === undefined);
const runnerHere = existsSync(declared.runner?.command[0]?.replace("{peers}", places.peers) ?? "");
const noPeers =
  sharedMissing("interop/configs") ??
  (peersHere.length === 0 || !runnerHere
    ? `no other stack or no Go runner built beside the checkout (${places.peers}; see docs/cross-stack.md)`
    : false);

test(
  "ours against every stack built here, with both runners: they agree, and nothing is left running",
  { skip: noPeers, timeout: 900_000 },
  async () => {
    const results = join(mkdtempSync(join(tmpdir(), "cross-test-")), "results");
    const before = new Set(childrenOf(process.pid));
    const { value, stderr } = await captureStderr(() =>
      main([
        ...peersHere.flatMap((s) => ["--pair", `ours:${s.id}`]),
        "--script",
        "welcome_join.json/no_path_secret",
        "--suite",
        "1",
        "--results",
        results,
      ]),
    );
    const summary = JSON.parse(readFileSync(join(results, "matrix.json"), "utf8")) as MatrixSummary;
    assert.equal(value, 0, stderr);
    assert.equal(summary.combos.length, peersHere.length);
    for (const c of summary.combos) {
      // no_path_secret has two actors: 4 assignments, 2 modes.
      assert.deepEqual([c.full.ours.distinct, c.full.ours.passed], [8, 8], c.combo);
      assert.equal(c.full.go?.runs, 8, c.combo);
      assert.equal(c.comparison?.differences, 0, c.combo);
    }
    assert.deepEqual(summary.problems, []);
    const left = childrenOf(process.pid).filter((pid) => !before.has(pid) && alive(pid));
    assert.deepEqual(left, [], "every server and runner the command started has stopped");
  },
);

test("Ctrl-C stops the runners and the servers the command started", { skip: noPeers, timeout: 120_000 }, async () => {
  const results = join(mkdtempSync(join(tmpdir(), "cross-test-")), "results");
  const cli = join(repoRoot, "dist", "src", "cli", "main.js");
  const child = spawn(
    process.execPath,
    [
      cli,
      "cross",
      "--pair",
      `ours:${peersHere[0]?.id}`,
      "--script",
      "commit.json/add",
      "--lanes",
      "2",
      "--results",
      results,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  while (!/work items/.test(stderr) && child.exitCode === null) await sleep(100);
  await sleep(2000);
  // Its servers and runners are its children (the stacks in their own process groups).
  const started = childrenOf(child.pid ?? 0);
  assert.ok(started.length >= 3, `servers and runners running: ${started.join(", ")}`);
  child.kill("SIGINT");
  assert.equal(await exited, 130, stderr);
  await sleep(500);
  assert.deepEqual(started.filter(alive), [], "nothing it started is left running");
});
