// `mls-interop merge` over a real matrix: two local servers of ours play a
// few configs (one script that always fails, half of its runs expected to)
// once whole and cut 1, 3 and 7 ways with `run --shard`; each merge must
// give the whole run's results file, JUnit and Markdown, apart from what
// differs between any two plays of one matrix: transcripts (fresh keys),
// timings. Then the refusals: shards of another matrix, given twice,
// missing, and --partial.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type LocalServer, startLocalServers, stopLocalServers } from "../runner/local-servers.js";
import { captureStderr } from "../testing/output.js";
import { repoRoot } from "../testing/paths.js";
import { main as merge } from "./merge.js";
import { main as run } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "merge-test-"));
const failing = join(dir, "fails.json");
writeFileSync(
  failing,
  JSON.stringify({
    scripts: {
      remove_a_stranger: [
        { action: "createGroup", actor: "alice", members: ["bob"] },
        { action: "removeProposal", actor: "alice", removed: "carol" },
        { action: "createKeyPackage", actor: "carol" },
      ],
    },
  }),
);
const expected = join(dir, "expected.json");
const issue = { reason: "a test of merging", known_issue: "KNOWN-ISSUES.md#merge-test" };
writeFileSync(
  expected,
  JSON.stringify([
    { config: "fails.json", script: "remove_a_stranger", encrypt: true, ...issue },
    // Passes: stale once every shard's runs are counted together.
    { config: "step-by-step.json", script: "empty_commit_handled_by_hand", suite: 1, encrypt: false, ...issue },
    { config: "fails.json", script: "remove_a_stranger", suite: 2, ...issue },
  ]),
);
const configs = [
  ...["step-by-step.json", "remove-readd.json"].flatMap((c) => ["--config", join(repoRoot, "configs", c)]),
  ...["--config", failing],
  ...["commit_handle_and_join_separately", "empty_commit_handled_by_hand", "readd_twice", "remove_a_stranger"].flatMap(
    (s) => ["--script", s],
  ),
];

let servers: LocalServer[] = [];

/** Plays the matrix (or one shard of it) and returns the exit status; the files go to `name`.*. */
async function play(name: string, ...extra: string[]): Promise<number> {
  const clients = servers.flatMap((s) => ["--client", s.address]);
  const out = ["--out", join(dir, `${name}.json`), "--junit", join(dir, `${name}.xml`)];
  const args = [...clients, ...configs, "--suite", "1", "--expected-failures", expected, "--quiet", "--jobs", "8"];
  return (await captureStderr(() => run([...args, ...out, "--report", join(dir, `${name}.md`), ...extra]))).value;
}

async function mergeOf(name: string, inputs: string[], ...extra: string[]) {
  const out = ["--out", join(dir, `${name}.json`), "--junit", join(dir, `${name}.xml`)];
  return captureStderr(() => merge([...inputs, ...out, "--report", join(dir, `${name}.md`), ...extra]));
}

type Results = { scripts: Record<string, Array<Record<string, unknown>>>; servers: unknown; session: Json };
type Json = Record<string, unknown>;
const read = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as Results;

/** What any two plays of one matrix share: every field but transcripts and timings. */
function comparable(results: Results): unknown {
  const scripts = Object.fromEntries(
    Object.entries(results.scripts).map(([name, runs]) => [
      name,
      runs.map(({ transcript: _t, duration_ms: _d, ...rest }) => rest),
    ]),
  );
  const { started_at: _s, duration_ms: _d, ...session } = results.session;
  return { scripts, servers: results.servers, session };
}

const timeless = (text: string) =>
  text
    .replace(/time="[\d.]+"/g, 'time="T"')
    .replace(/Started \S+, total time \S+\./, "Started S, total time T.")
    .replace(/runs in \S+:/, "runs in T:");

const runKey = (name: string, r: Json) =>
  `${String(r.config)}/${name} suite ${String(r.cipher_suite)} ${String(r.encrypt_flag)} ${JSON.stringify(r.assignment)}`;

/** Every run's verdict by run key, in file order. */
function verdicts(results: Results): Array<[string, string]> {
  return Object.entries(results.scripts).flatMap(([name, runs]) =>
    runs.map(
      (r) => [runKey(name, r), `${String(r.failed_step ?? "passed")} ${String(r.error ?? "")}`] as [string, string],
    ),
  );
}

describe("merge: a real matrix cut 1, 3 and 7 ways", { timeout: 240_000 }, () => {
  let wholeStatus: number;
  const shardStatus = new Map<string, number>();

  before(async () => {
    servers = await startLocalServers(2);
    wholeStatus = await play("whole");
    for (const n of [1, 3, 7])
      for (let i = 1; i <= n; i++) shardStatus.set(`${i}of${n}`, await play(`shard${i}of${n}`, "--shard", `${i}/${n}`));
  });
  after(() => stopLocalServers(servers));

  for (const n of [1, 3, 7])
    test(`${n} shard${n > 1 ? "s" : ""} merge into the whole run's results, JUnit and Markdown`, async () => {
      const inputs = Array.from({ length: n }, (_, i) => join(dir, `shard${i + 1}of${n}.json`));
      // Given in any order: the merge puts the runs in matrix order.
      const { value, stderr } = await mergeOf(`merged${n}`, inputs.reverse());
      assert.equal(value, wholeStatus, stderr);
      assert.equal(wholeStatus, 1, "a failure that is not expected and a stale expected failure: exit 1");
      const whole = read("whole");
      const merged = read(`merged${n}`);
      assert.deepEqual(verdicts(merged), verdicts(whole));
      assert.deepEqual(comparable(merged), comparable(whole));
      assert.equal(
        timeless(readFileSync(join(dir, `merged${n}.xml`), "utf8")),
        timeless(readFileSync(join(dir, "whole.xml"), "utf8")),
      );
      const markdown = readFileSync(join(dir, `merged${n}.md`), "utf8");
      assert.equal(timeless(markdown), timeless(readFileSync(join(dir, "whole.md"), "utf8")));
      assert.match(
        markdown,
        /## Expected failures that now pass\n\n- \*\*step-by-step\.json\/empty_commit_handled_by_hand suite 1 public\*\*/,
      );
      assert.match(
        markdown,
        /## Expected failures not exercised by this session\n\n- fails\.json\/remove_a_stranger suite 2/,
      );
    });

  test("the whole matrix's counts: what the shards' session blocks add up to", () => {
    const whole = read("whole");
    assert.equal(whole.session.matrix_runs, 56);
    assert.equal(whole.session.runs, 56);
    const seven = Array.from({ length: 7 }, (_, i) => read(`shard${i + 1}of7`).session);
    assert.deepEqual(
      seven.map((s) => s.runs),
      [8, 8, 8, 8, 8, 8, 8],
    );
    assert.ok(seven.every((s) => s.matrix_runs === 56));
    const failed = verdicts(whole).filter(([, v]) => !v.startsWith("passed"));
    assert.equal(failed.length, 16, "remove_a_stranger fails in all 8 assignments of both modes");
  });

  const shards3 = () => [1, 2, 3].map((i) => join(dir, `shard${i}of3.json`));

  /** A copy of a shard with its session block changed. */
  function altered(name: string, change: (session: Json) => void): string {
    const results = read(name);
    change(results.session);
    const file = join(dir, `${name}-altered-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2));
    return file;
  }

  for (const [what, change, message] of [
    ["seed", (s: Json) => (s.seed = 9), /seed 9 \(.*: 0\)/],
    [
      "configs",
      (s: Json) => ((s.configs as Json[])[0]!.sha256 = "0".repeat(64)),
      /not a shard of the same matrix .*configs/,
    ],
    [
      "version",
      (s: Json) => ((s.tool as Json).version = "9.9.9"),
      /tool \{"name":"mls-interop-ts","version":"9\.9\.9"/,
    ],
    ["filters", (s: Json) => (s.suite = 2), /suite 2 \(.*: 1\)/],
  ] as const)
    test(`refuses a shard of another matrix (${what}), naming the file`, async () => {
      const other = altered("shard2of3", change);
      const [one, , three] = shards3();
      const { value, stderr } = await mergeOf(`refused-${what}`, [one!, other, three!]);
      assert.equal(value, 2);
      assert.match(stderr, new RegExp(`mls-interop merge: ${other.replaceAll(".", "\\.")}: `));
      assert.match(stderr, message);
    });

  test("refuses shards of different shard counts, a shard given twice, and a missing shard", async () => {
    const [one, two, three] = shards3();
    let r = await mergeOf("refused-count", [one!, two!, join(dir, "shard3of7.json")]);
    assert.equal(r.value, 2);
    assert.match(
      r.stderr,
      /shard3of7\.json: shard 3\/7, but .*shard1of3\.json is shard 1\/3: shards of different shard counts/,
    );

    const copy = join(dir, "copy-of-shard2of3.json");
    copyFileSync(two!, copy);
    r = await mergeOf("refused-copy", [one!, two!, copy, three!]);
    assert.equal(r.value, 2);
    assert.match(r.stderr, /copy-of-shard2of3\.json: the same results as .*shard2of3\.json \(given twice\)/);

    // The same shard played again: other bytes (fresh keys), the same shard.
    await play("again2of3", "--shard", "2/3");
    r = await mergeOf("refused-twice", [one!, two!, join(dir, "again2of3.json"), three!]);
    assert.equal(r.value, 2);
    assert.match(r.stderr, /again2of3\.json: shard 2\/3 is given twice \(also .*shard2of3\.json\)/);

    r = await captureStderr(() => merge([one!, two!, three!, "--out", three!]));
    assert.equal(r.value, 2);
    assert.match(r.stderr, /--out .*shard3of3\.json is one of the files merged/);

    r = await mergeOf("refused-missing", [one!, three!]);
    assert.equal(r.value, 2);
    assert.match(r.stderr, /shard 2\/3 of 3 missing .*--partial merges what is there/);
  });

  test("--partial merges what is there and says what is missing", async () => {
    const [one, , three] = shards3();
    const { value, stderr } = await mergeOf("partial", [one!, three!], "--partial");
    assert.equal(value, 1, "a partial merge never passes for whole");
    assert.match(stderr, /note: partial merge: shard 2\/3 missing: 19 of the matrix's 56 runs are not here/);
    const merged = read("partial");
    assert.deepEqual(merged.session.missing_shards, ["2/3"]);
    assert.equal(merged.session.runs, 37);
    const keys = new Set(verdicts(merged).map(([k]) => k));
    const wanted = [...verdicts(read("shard1of3")), ...verdicts(read("shard3of3"))].map(([k]) => k);
    assert.deepEqual(keys, new Set(wanted));
    assert.match(
      readFileSync(join(dir, "partial.md"), "utf8"),
      /## Warnings\n\n(- .*\n)*- partial merge: shard 2\/3 missing/,
    );
  });

  test("the Go runner's format (no session block) merges as it is; it does not mix with ours", async () => {
    const goFiles = shards3().map((file, i) => {
      const results = read(`shard${i + 1}of3`);
      const go = join(dir, `go${i + 1}.json`);
      writeFileSync(go, JSON.stringify({ scripts: results.scripts }, null, 2));
      return go;
    });
    const { value, stderr } = await mergeOf("go-merged", goFiles);
    assert.equal(value, 1, stderr);
    const merged = read("go-merged");
    assert.equal(merged.session, undefined);
    assert.equal(merged.servers, undefined);
    assert.deepEqual(
      new Set(verdicts(merged).map(([k, v]) => `${k} ${v}`)),
      new Set(verdicts(read("whole")).map(([k, v]) => `${k} ${v}`)),
    );
    const mixed = await mergeOf("mixed", [goFiles[0]!, shards3()[1]!]);
    assert.equal(mixed.value, 2);
    assert.match(mixed.stderr, /go1\.json: has no session block .* merge files of one kind/);
  });
});
