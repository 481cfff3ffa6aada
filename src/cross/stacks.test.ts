import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../testing/paths.js";
import {
  StacksError,
  defaultPlaces,
  expand,
  loadStacks,
  parseStacks,
  runnerUnavailable,
  sourceCommit,
  startCommand,
  unavailable,
} from "./stacks.js";

const stack = {
  id: "mlspp",
  name: "MLSpp",
  repository: "cisco/mlspp",
  folder: "cmd/interop",
  start: { command: ["{peers}/mlspp_client", "-live", "{port}", "-host", "{host}"] },
};

function rejects(value: unknown, why: RegExp): void {
  assert.throws(
    () => parseStacks("stacks.json", JSON.stringify(value)),
    (error: Error) => {
      assert.ok(error instanceof StacksError, String(error));
      assert.match(error.message, why);
      return true;
    },
  );
}

test("the committed stacks file is valid and declares ours, the reference server, MLSpp, OpenMLS (main and #2129) and mls-rs", () => {
  const file = loadStacks(join(repoRoot, "configs", "stacks", "local.json"));
  assert.deepEqual(
    file.stacks.map((s) => s.id),
    ["ours", "ts-mls-reference", "mlspp", "openmls", "openmls-pr2129", "mls-rs"],
  );
  assert.ok(file.runner !== undefined, "the Go runner is declared too");
  const text = readFileSync(join(repoRoot, "configs", "stacks", "local.json"), "utf8");
  assert.doesNotMatch(
    text,
    /build\.sh|cargo (build|install)|cmake (-|--build)|npm (ci|install)|pnpm install/,
    "a stack is declared, never built",
  );
  const ours = file.stacks[0];
  assert.equal(
    unavailable(ours as never, defaultPlaces(repoRoot, join(repoRoot, "configs", "stacks", "local.json"))),
    undefined,
  );
});

test("every mistake names the file, the stack and what is wrong", () => {
  rejects([], /stacks\.json: must be an object with a "stacks" list/);
  rejects({ stacks: [] }, /"stacks" must be a non-empty list/);
  rejects({ stacks: [stack], extra: 1 }, /unknown key "extra"/);
  rejects({ stacks: [{ ...stack, id: "MLS pp" }] }, /stacks\[0\]: "id" must be a short name/);
  rejects({ stacks: [stack, stack] }, /stacks\[1\]: id "mlspp" is declared twice/);
  rejects({ stacks: [{ ...stack, name: "" }] }, /stacks\[0\] \(mlspp\): "name" must be a non-empty string/);
  rejects({ stacks: [{ ...stack, colour: "red" }] }, /\(mlspp\): unknown key "colour"/);
  rejects({ stacks: [{ ...stack, address: "127.0.0.1:1" }] }, /give either "start" .* or "address"/);
  const { start: _start, ...noStart } = stack;
  rejects({ stacks: [noStart] }, /give either "start"/);
  rejects({ stacks: [{ ...noStart, address: "nowhere" }] }, /"address" must be HOST:PORT/);
  rejects({ stacks: [{ ...stack, start: { command: ["x"] } }] }, /must take the port to listen on as \{port\}/);
  rejects({ stacks: [{ ...stack, start: { command: [] } }] }, /"command" must be a non-empty list of strings/);
  rejects({ stacks: [{ ...stack, start: { command: ["{prefix}/x", "{port}"] } }] }, /unknown placeholder \{prefix\}/);
  rejects({ stacks: [{ ...stack, start: { ...stack.start, timeout_s: 0 } }] }, /"timeout_s" must be an integer/);
  rejects({ stacks: [{ ...stack, commit: "abc" }] }, /"commit" must be 40 lowercase hex digits/);
  rejects({ stacks: [{ ...stack, runs_at_once: 0 }] }, /"runs_at_once" must be an integer from 1 to 64/);
  rejects({ stacks: [{ ...stack, suites: [1, "x"] }] }, /"suites" must be a non-empty list/);
  rejects({ stacks: [stack], runner: { command: ["x"] } }, /runner: "repository" must be a non-empty string/);
  assert.throws(() => parseStacks("s.json", "{"), /s\.json: not valid JSON/);
  assert.throws(() => loadStacks("/nonexistent/stacks.json"), /cannot read/);
});

test("placeholders: port, host, root, peers and the stacks file's folder", () => {
  const places = { root: "/r", peers: "/p", stacks: "/s" };
  assert.equal(expand("{peers}/x:{port}@{host}:{root}:{stacks}", places, 99), "/p/x:99@127.0.0.1:/r:/s");
  assert.equal(expand("{port}", places), "{port}", "no port yet: left as it is");
  const parsed = parseStacks(
    "s.json",
    JSON.stringify({ stacks: [{ ...stack, start: { ...stack.start, cwd: "{peers}/m", env: { A: "1" } } }] }),
  );
  const cmd = startCommand(parsed.stacks[0]?.start as never, places, 4000);
  assert.deepEqual([cmd.file, cmd.args, cmd.cwd], ["/p/mlspp_client", ["-live", "4000", "-host", "127.0.0.1"], "/p/m"]);
  assert.equal(cmd.env?.A, "1");
  assert.equal(cmd.env?.PATH, process.env.PATH, "the environment is kept, with the declared additions");
});

test("a stack whose program is not here is unavailable, saying which path; a bare name is looked up on PATH", () => {
  const peers = mkdtempSync(join(tmpdir(), "stacks-test-"));
  const places = { root: "/r", peers, stacks: peers };
  const parsed = parseStacks("s.json", JSON.stringify({ stacks: [stack] })).stacks[0];
  assert.equal(unavailable(parsed as never, places), `${peers}/mlspp_client does not exist`);
  writeFileSync(join(peers, "mlspp_client"), "#!/bin/sh\n");
  assert.equal(unavailable(parsed as never, places), `${peers}/mlspp_client is not executable`);
  chmodSync(join(peers, "mlspp_client"), 0o755);
  assert.equal(unavailable(parsed as never, places), undefined);
  assert.equal(
    runnerUnavailable({ command: ["no-such-program-here", "x"], repository: "r" }, places),
    "no-such-program-here is not on PATH",
  );
  assert.equal(runnerUnavailable({ command: ["sh"], repository: "r" }, places), undefined);
  assert.equal(runnerUnavailable(undefined, places), "no runner is declared");
});

test("the commit a stack was built from: its checkout's HEAD (and whether it was changed), else the declared one", () => {
  const dir = mkdtempSync(join(tmpdir(), "stacks-git-"));
  const git = (...args: string[]) =>
    spawnSync("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@t", ...args], { encoding: "utf8" });
  git("init", "-q");
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src", "a"), "1");
  git("add", ".");
  git("commit", "-qm", "x");
  const head = git("rev-parse", "HEAD").stdout.trim();
  const places = { root: "/r", peers: dir, stacks: "/" };
  assert.deepEqual(sourceCommit({ source: "{peers}" }, places), { commit: head, from: dir, dirty: false });
  writeFileSync(join(dir, "src", "a"), "2");
  assert.equal(sourceCommit({ source: "{peers}" }, places).dirty, true);
  const declared = "d".repeat(40);
  assert.deepEqual(sourceCommit({ source: "/nonexistent", commit: declared }, places), {
    commit: declared,
    from: "the stacks file",
  });
  assert.deepEqual(sourceCommit({}, places), {});
});
