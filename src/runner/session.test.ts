import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, test } from "node:test";
import { oneRunAtATimeOnOthers, main as runMain } from "../cli/run.js";
import { connectAll, directPlan } from "./server-plan.js";
import { SessionOptions, execute, prepare } from "./session.js";
import { FakeServerOptions, startFakes } from "./testing/fake-mls-server.js";

class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const passing = [
  { action: "createGroup", actor: "alice", members: ["bob"] },
  { action: "protect", actor: "alice", plaintext: "hi" },
  { action: "unprotect", actor: "bob", ciphertext: 1 },
];
const committing = [
  { action: "createGroup", actor: "alice", members: ["bob"] },
  { action: "fullCommit", actor: "alice", members: ["bob"] },
];
const bobDisagrees: FakeServerOptions = { faults: { wrongAuthenticator: { identity: "bob", method: "handleCommit" } } };

interface Outcome {
  status: number;
  stdout: string;
  stderr: string;
  dir: string;
  json?: { scripts: Record<string, Record<string, unknown>[]>; servers: unknown; session?: unknown };
  junit: string;
  markdown: string;
}

async function session(
  scripts: Record<string, unknown[]>,
  servers: FakeServerOptions[],
  options: Partial<SessionOptions> = {},
  expected?: unknown,
): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "session-test-"));
  writeFileSync(join(dir, "t.json"), JSON.stringify({ scripts }));
  if (expected !== undefined) writeFileSync(join(dir, "xf.json"), JSON.stringify(expected));
  const full: SessionOptions = {
    configs: [join(dir, "t.json")],
    scripts: [],
    suite: 1,
    encryptModes: [true],
    random: false,
    maxAssignments: 4096,
    failFast: false,
    quiet: false,
    jobs: 2,
    timeoutMs: 5000,
    out: join(dir, "out.json"),
    junit: join(dir, "junit.xml"),
    report: join(dir, "report.md"),
    expectedFailures: expected === undefined ? undefined : join(dir, "xf.json"),
    stdout: "json",
    ...options,
  };
  const stdout = new Capture();
  const stderr = new Capture();
  const io = { stdout, stderr };
  const prepared = prepare(full, io);
  if (typeof prepared === "number")
    return { status: prepared, stdout: stdout.text, stderr: stderr.text, dir, junit: "", markdown: "" };
  const { fakes, stop } = await startFakes(...servers);
  const { connections, identities } = await connectAll(
    fakes.map((f) => f.address),
    2000,
  );
  const plan = directPlan(connections, identities);
  try {
    const status = await execute(prepared, plan, full, io);
    const read = (file: string | undefined) =>
      file === undefined || !existsSync(file) ? "" : readFileSync(file, "utf8");
    return {
      status,
      stdout: stdout.text,
      stderr: stderr.text,
      dir,
      json: read(full.out) === "" ? undefined : JSON.parse(read(full.out)),
      junit: read(full.junit),
      markdown: read(full.report),
    };
  } finally {
    plan.close();
    stop();
  }
}

describe("a session's verdicts and reports", () => {
  test("a failing run: exit 1, and the JSON, JUnit and Markdown reports all say where and why", async () => {
    const o = await session({ commit: committing }, [bobDisagrees]);
    assert.equal(o.status, 1);
    const run = o.json?.scripts.commit?.[0];
    assert.equal(run?.failed_step, 1);
    assert.equal(run?.error, "Member [bob] failed to agree on epoch authenticator");
    assert.equal(run?.failed_step_json, JSON.stringify(committing[1]));
    assert.equal(run?.cipher_suite, 1);
    assert.equal(run?.encrypt_flag, true);
    assert.deepEqual(run?.actors, { alice: "fake", bob: "fake" });
    assert.equal(run?.config, "t.json");
    assert.match(o.junit, /<testsuites name="mls-interop" tests="1" failures="1" errors="0" skipped="0"/);
    assert.match(
      o.junit,
      /<testcase classname="t\.json\/commit" name="suite 1 \/ private \/ alice=s1 bob=s1" time="[\d.]+">/,
    );
    assert.match(
      o.junit,
      /<failure message="step 1 \(fullCommit\): Member \[bob\] failed to agree on epoch authenticator" type="failure">/,
    );
    assert.match(
      o.markdown,
      /## Failures \(1\)\n\n- \*\*t\.json\/commit\*\* \(suite 1, private, alice=s1 bob=s1\) step 1 \(fullCommit\): `Member \[bob\] failed to agree on epoch authenticator`/,
    );
    assert.match(o.markdown, /\| t\.json\/commit \| ❌ 0\/1 \|/);
    assert.match(o.stderr, /1 runs in \d+s: 0 passed, 1 failed\n$/);
  });

  test("a passing session: exit 0, Go's format with sorted script names and no failure fields", async () => {
    const o = await session({ zeta: passing, alpha: passing }, [{}]);
    assert.equal(o.status, 0);
    assert.deepEqual(Object.keys(o.json?.scripts ?? {}), ["alpha", "zeta"]);
    const run = o.json?.scripts.alpha?.[0] ?? {};
    assert.deepEqual(Object.keys(run), [
      "cipher_suite",
      "actors",
      "encrypt_flag",
      "transcript",
      "config",
      "matrix_index",
      "assignment",
      "duration_ms",
    ]);
    // What merging shards needs, after everything the Go runner's readers know.
    assert.deepEqual(Object.keys(o.json ?? {}), ["scripts", "servers", "session"]);
    const block = (o.json as unknown as { session: Record<string, unknown> }).session;
    assert.equal(block.format, "mls-interop-session/1");
    assert.deepEqual([block.matrix_runs, block.runs, block.shard, block.suite], [2, 2, undefined, 1]);
    assert.deepEqual(block.shapes, {
      "t.json/alpha": { actors: ["alice", "bob"], steps: ["createGroup", "protect", "unprotect"] },
      "t.json/zeta": { actors: ["alice", "bob"], steps: ["createGroup", "protect", "unprotect"] },
    });
    const transcript = run.transcript as {
      actor: string;
      rpc: string;
      request: Record<string, unknown>;
      response: Record<string, unknown>;
    }[];
    assert.deepEqual(Object.keys(transcript[0] ?? {}), ["actor", "rpc", "request", "response"]);
    assert.deepEqual(Object.keys(transcript[0]?.request ?? {}), [
      "group_id",
      "cipher_suite",
      "encrypt_handshake",
      "identity",
    ]);
    assert.deepEqual(o.json?.servers, {
      s1: { address: (o.json?.servers as { s1: { address: string } }).s1.address, name: "fake", ciphersuites: [1] },
    });
    assert.match(o.markdown, /\| t\.json\/zeta \| ✅ 1\/1 \|/);
    assert.equal(o.stdout, "", "with --out nothing goes to stdout");
  });

  test("without --out the results JSON goes to stdout, as the Go runner's; --quiet silences it", async () => {
    const loud = await session({ s: passing }, [{}], { out: undefined });
    assert.equal(Object.keys(JSON.parse(loud.stdout).scripts).join(), "s");
    const quiet = await session({ s: passing }, [{}], { out: undefined, quiet: true });
    assert.equal(quiet.stdout, "");
    assert.match(quiet.stderr, /^1 runs in/, "only the summary line with --quiet");
  });

  test("an expected failure does not fail the session and is reported as expected", async () => {
    const entry = {
      config: "t.json",
      script: "commit",
      suite: 1,
      reason: "bob disagrees",
      known_issue: "KNOWN-ISSUES.md#bob",
    };
    const o = await session({ commit: committing, fine: passing }, [bobDisagrees], {}, [entry]);
    assert.equal(o.status, 0);
    assert.match(
      o.junit,
      /<skipped message="expected failure \(KNOWN-ISSUES\.md#bob\): step 1 \(fullCommit\): Member \[bob\]/,
    );
    assert.match(
      o.markdown,
      /## Expected failures \(1\)\n\n- \*\*t\.json\/commit\*\* .* — KNOWN-ISSUES\.md#bob: bob disagrees/,
    );
    assert.match(o.stderr, /2 runs in \d+s: 1 passed, 0 failed, 1 failed as expected/);
  });

  test("an expected failure that passes fails the session loudly", async () => {
    const entry = { config: "t.json", script: "fine", reason: "was broken", known_issue: "KNOWN-ISSUES.md#fixed" };
    const o = await session({ fine: passing }, [{}], {}, [entry]);
    assert.equal(o.status, 1);
    assert.match(
      o.stderr,
      /EXPECTED FAILURE NOW PASSES: t\.json\/fine \(KNOWN-ISSUES\.md#fixed\): fixed\? remove from expected failures/,
    );
    assert.match(
      o.junit,
      /<testcase classname="expected-failures" name="t\.json\/fine" time="0">\n\s+<failure message="passes now: fixed\? remove from expected failures \(KNOWN-ISSUES\.md#fixed\)"/,
    );
    assert.match(o.markdown, /## Expected failures that now pass/);
  });

  test("--fail-fast stops a script's matrix at its first failure", async () => {
    const o = await session({ commit: committing, fine: passing }, [bobDisagrees, {}], { failFast: true, jobs: 1 });
    assert.equal(o.status, 1);
    assert.equal(o.json?.scripts.commit?.length, 1);
    assert.equal(o.json?.scripts.fine?.length, 4);
    assert.match(o.stderr, /5 runs in \d+s: 4 passed, 1 failed, 3 skipped \(fail-fast\)/);
  });

  test("problems found before any RPC exit with status 2", async () => {
    const bad = await session({ s: [{ action: "nope", actor: "a" }] }, [{}]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /error: t\.json: script "s": step 0 \(nope\): unknown action "nope"/);
    assert.equal((await session({ s: passing }, [{}], { scripts: ["missing"] })).status, 2);
    const badExpectations = await session({ s: passing }, [{}], {}, [{ config: "t.json" }]);
    assert.equal(badExpectations.status, 2);
    assert.match(badExpectations.stderr, /xf\.json: entry 0/);
    const unsupported = await session({ s: passing }, [{}], { suite: 9 });
    assert.equal(unsupported.status, 2);
    assert.match(unsupported.stderr, /no server supports ciphersuite 9/);
  });
});

describe("mls-interop run exit statuses", () => {
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  function configFile(steps: unknown[]): string {
    const file = join(mkdtempSync(join(tmpdir(), "run-test-")), "c.json");
    writeFileSync(file, JSON.stringify({ scripts: { s: steps } }));
    return file;
  }

  test("0 when all pass, 1 when a run fails", async () => {
    const { fakes, stop } = await startFakes({}, bobDisagrees);
    try {
      const out = join(mkdtempSync(join(tmpdir(), "run-test-")), "r.json");
      const args = ["--quiet", "--out", out, "--config", configFile(committing)];
      assert.equal(await runMain(["--client", fakes[0]?.address ?? "", ...args]), 0);
      assert.equal(await runMain(["-client", fakes[1]?.address ?? "", ...args]), 1);
    } finally {
      stop();
    }
  });

  test("another stack's server gets one run at a time unless --jobs is given", async () => {
    const slow = { delayMs: 15 };
    const config = configFile(committing);
    for (const jobs of [[], ["--jobs", "4"]]) {
      const { fakes, stop } = await startFakes(
        { ...slow, name: "mls-interop-ts 0.1.0 (fake)" },
        { ...slow, name: "other" },
      );
      try {
        const args = ["--quiet", "--out", join(mkdtempSync(join(tmpdir(), "run-test-")), "r.json"), "--config", config];
        const clients = fakes.flatMap((f) => ["--client", f.address]);
        assert.equal(await runMain([...clients, ...args, "--private", ...jobs]), 0);
        const [ours, other] = fakes.map((f) => f.peakInFlight);
        if (jobs.length === 0) assert.equal(other, 1, "one run at a time on the other stack");
        else assert.ok((other ?? 0) > 1, `--jobs 4 plays several runs at once on it (peak ${other})`);
        assert.ok((ours ?? 0) >= 1);
      } finally {
        stop();
      }
    }
    const notes: string[] = [];
    const limits = oneRunAtATimeOnOthers(
      [
        { address: "a:1", name: "mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10)", suites: [1] },
        { address: "b:2", name: "mlspp", suites: [1] },
      ],
      (text) => notes.push(text),
    );
    assert.deepEqual(limits, { "b:2": 1 });
    assert.deepEqual(notes, [
      "note: b:2 (mlspp) is not an mls-interop-ts server: playing one run at a time on it; --jobs N plays up to N runs at once on every server\n",
    ]);
  });

  test("3 when a server cannot be reached, 2 for usage and config errors", async () => {
    const config = configFile(passing);
    assert.equal(await runMain(["--client", `127.0.0.1:${await closedPort()}`, "--config", config, "--quiet"]), 3);
    assert.equal(await runMain(["--config", config]), 2, "no --client");
    assert.equal(await runMain(["--client", "127.0.0.1:1", "--jobs", "0"]), 2);
    assert.equal(await runMain(["--client", "127.0.0.1:1", "--config", configFile([{ action: "protect" }])]), 2);
  });
});
