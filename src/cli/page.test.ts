// `mls-interop page`, and --html on run: a session's page is made from its
// results through the cross analysis, whether or not --out names a file.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import type { MatrixSummary } from "../cross/summary.js";
import { captureOutput } from "../testing/output.js";
import { startFakes } from "../runner/testing/fake-mls-server.js";
import { main as pageMain } from "./page.js";
import { main as runMain } from "./run.js";

const committing = {
  scripts: {
    commit: [
      { action: "createGroup", actor: "alice", members: ["bob"] },
      { action: "fullCommit", actor: "alice", members: ["bob"] },
    ],
  },
};

test("run --html: the session's servers are the stacks, its failing runs listed with the run command that plays each again", async () => {
  const dir = mkdtempSync(join(tmpdir(), "page-test-"));
  const config = join(dir, "c.json");
  writeFileSync(config, JSON.stringify(committing));
  const refuses = { fail: { method: "commit" as const, code: grpc.status.INVALID_ARGUMENT, details: "Commit: no" } };
  const { fakes, stop } = await startFakes({ name: "good" }, { name: "refuses", faults: refuses });
  try {
    const clients = fakes.flatMap((f) => ["--client", f.address]);
    const html = join(dir, "page.html");
    // No --out: the JSON still goes to stdout, as run prints it, and the page is made from it.
    const { value, stdout } = await captureOutput(() =>
      runMain([...clients, "--config", config, "--suite", "1", "--private", "--html", html]),
    );
    assert.equal(value, 1);
    assert.ok((JSON.parse(stdout) as { scripts: object }).scripts !== undefined, "the results JSON on stdout");
    const summary = JSON.parse(readFileSync(join(dir, "page.json"), "utf8")) as MatrixSummary;
    assert.deepEqual(
      summary.stacks.map((s) => [s.id, s.name, s.address]),
      fakes.map((f, i) => [`s${i + 1}`, i === 0 ? "good" : "refuses", f.address]),
    );
    const [combo] = summary.combos;
    assert.equal(summary.combos.length, 1);
    assert.deepEqual(combo?.cells["c.json/commit"], { "suite 1 private": { total: 4, passed: 2 } });
    assert.deepEqual(
      combo?.groups.map((g) => [g.rpc, g.server, g.cause, g.assignments.length]),
      [["Commit", "s2", "INVALID_ARGUMENT: Commit: no", 2]],
    );
    const again = `mls-interop run ${clients.join(" ")} --config ${config} --script c.json/commit --suite 1 --private --assignment alice=s2,bob=`;
    assert.ok(combo?.groups[0]?.again.startsWith(again), combo?.groups[0]?.again);
    const page = readFileSync(html, "utf8");
    assert.ok(page.includes(`${again}s1`) && page.includes(`${again}s2`), "one command per failing run");

    // The same session against its own summary: nothing regressed, nothing fixed.
    const out = join(dir, "again.json");
    const second = await captureOutput(() =>
      runMain(
        [...clients, "--config", config, "--suite", "1", "--private", "--out", out, "--quiet"].concat([
          "--html",
          join(dir, "again.html"),
          "--baseline",
          join(dir, "page.json"),
        ]),
      ),
    );
    assert.equal(second.value, 1);
    assert.equal(second.stdout, "");
    assert.ok(existsSync(out), "--out is kept");
    assert.match(readFileSync(join(dir, "again.html"), "utf8"), /▼ 0 assignments regressed, ▲ 0 fixed<\/strong>/);
  } finally {
    stop();
  }
});

test("page: usage errors, a file that is not a summary, and the page of one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "page-test-"));
  const notSummary = join(dir, "results.json");
  writeFileSync(notSummary, JSON.stringify({ scripts: {} }));
  let run = await captureOutput(() => pageMain([notSummary]));
  assert.equal(run.value, 2, "--html or --png is needed");
  run = await captureOutput(() => pageMain([notSummary, "--html", join(dir, "x.html")]));
  assert.equal(run.value, 2);
  assert.match(run.stderr, /results\.json: not a matrix summary/);
  const summary: MatrixSummary = {
    format: "mls-interop-cross/1",
    date: "2026-01-01T00:00:00.000Z",
    command: "mls-interop cross",
    seed: 1,
    ours: { dirty: false },
    stacks: [],
    skipped: [],
    configs: { where: "c", files: 0, sha256: "0" },
    combos: [],
    incidents: [],
    problems: [],
    durationS: 0,
  };
  const file = join(dir, "matrix.json");
  writeFileSync(file, JSON.stringify(summary));
  run = await captureOutput(() => pageMain([file, "--html", join(dir, "x.html"), "--baseline", notSummary]));
  assert.equal(run.value, 2);
  assert.match(run.stderr, /--baseline .*results\.json: not a matrix summary/);
  run = await captureOutput(() => pageMain([file, "--html", join(dir, "x.html"), "--title", "T <1>"]));
  assert.equal(run.value, 0);
  assert.match(readFileSync(join(dir, "x.html"), "utf8"), /<title>T &lt;1&gt;<\/title>/);
});
