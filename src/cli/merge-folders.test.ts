// `mls-interop merge` over cross results folders: two fake stacks (one
// panics on UpdateProposal, so there are failures with verdicts) played
// whole on one machine, then fanned out as `cross --plan --shards 3` says
// (a job per pair and shard, as the GitHub workflow plays them) and as
// `cross --shard I/3` over every combination (as the Kubernetes Indexed Job
// plays them): each merge must write the whole run's matrix.json, matrix.md
// and pair pages, apart from the date, the time taken and the servers'
// ports. Then the refusals.
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { Job } from "../cross/fan-out.js";
import type { MatrixSummary } from "../cross/summary.js";
import { fakeFixture, fakeStack } from "../cross/testing/fake-matrix.js";
import { main as cross } from "./cross.js";
import { captureOutput, captureStderr } from "../testing/output.js";
import { main as merge } from "./merge.js";

// Three actors on two stacks: enough assignments for three shards.
const three = [
  { action: "createGroup", actor: "alice", members: ["bob", "carol"] },
  { action: "fullCommit", actor: "alice", members: ["bob", "carol"] },
];
const { dir, stacks, configs } = fakeFixture([fakeStack("good"), fakeStack("panics", "--panic", "updateProposal")], {
  three,
});
const common = ["--stacks", stacks, "--config", configs, "--skip-go", "--lanes", "2", "--timeout", "5"];

const folder = (name: string) => join(dir, name);

async function play(name: string, ...extra: string[]): Promise<number> {
  const r = await captureStderr(() => cross([...common, "--results", folder(name), ...extra]));
  assert.ok(r.value === 0 || r.value === 1, `cross ${extra.join(" ")}: exit ${r.value}\n${r.stderr}`);
  return r.value;
}

const mergeOf = (inputs: string[], name: string, ...extra: string[]) =>
  captureStderr(() => merge([...inputs.map(folder), "--out", folder(name), ...extra]));

/** What two plays of one matrix share: the servers' ports, the date and the time taken set aside. */
const portless = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");

function summaryOf(name: string): MatrixSummary {
  return JSON.parse(readFileSync(join(folder(name), "matrix.json"), "utf8")) as MatrixSummary;
}

function comparable(name: string): unknown {
  const {
    date: _d,
    durationS: _s,
    command: _c,
    ...rest
  } = JSON.parse(portless(readFileSync(join(folder(name), "matrix.json"), "utf8"))) as MatrixSummary;
  return rest;
}

/** A page with its first line of facts (date, command, minutes) set aside. */
const page = (name: string, file: string) =>
  portless(readFileSync(join(folder(name), file), "utf8")).replace(/^Written on .*$/m, "Written on D by C.");

describe("merge: cross results folders of a fanned-out matrix", { timeout: 300_000 }, () => {
  let wholeStatus: number;
  let jobs: Job[];

  before(async () => {
    wholeStatus = await play("whole");
    const plan = await captureOutput(() => cross([...common, "--plan", "--shards", "3", "--json"]));
    assert.equal(plan.value, 0, plan.stderr);
    jobs = (JSON.parse(plan.stdout) as { include: Job[] }).include;
    for (const job of jobs) await play(`job-${job.name}`, "--pair", job.pair, "--shard", job.shard);
    for (let i = 1; i <= 3; i++) await play(`indexed-${i}`, "--shard", `${i}/3`);
  });

  test("the plan: a job per pair and shard, one per stack alone", () => {
    assert.deepEqual(
      jobs.map((j) => `${j.pair} ${j.shard} ${j.name}`),
      [
        "good: 1/1 good-1of1",
        "good:panics 1/3 good--panics-1of3",
        "good:panics 2/3 good--panics-2of3",
        "good:panics 3/3 good--panics-3of3",
        "panics: 1/1 panics-1of1",
      ],
    );
  });

  for (const [how, names] of [
    ["a job per pair and shard", () => jobs.map((j) => `job-${j.name}`)],
    ["every combination's shard I/3 per job", () => ["indexed-3", "indexed-1", "indexed-2"]],
  ] as const)
    test(`${how}: merged, the whole run's reports`, async () => {
      const out = `merged-${how.split(" ")[0]}-${names().length}`;
      const r = await mergeOf(names(), out, "--html", join(folder(out), "matrix.html"));
      assert.equal(r.value, wholeStatus, r.stderr);
      assert.deepEqual(comparable(out), comparable("whole"));
      const whole = summaryOf("whole");
      assert.ok(
        whole.combos.some((c) => c.groups.some((g) => g.verdict?.fault === "panics")),
        "failures to compare",
      );
      assert.equal(summaryOf(out).command, whole.command.replace(/ --results \S+/, ""));
      assert.equal(page(out, "matrix.md"), page("whole", "matrix.md"));
      assert.deepEqual(
        readdirSync(join(folder(out), "pairs")).sort(),
        readdirSync(join(folder("whole"), "pairs")).sort(),
      );
      for (const file of readdirSync(join(folder("whole"), "pairs")))
        assert.equal(page(out, `pairs/${file}`), page("whole", `pairs/${file}`), file);
      assert.match(readFileSync(join(folder(out), "matrix.html"), "utf8"), /<table>/);
      assert.ok(existsSync(join(folder(out), "run.json")), "cross --report-only can write the reports again");
    });

  test("refuses a shard missing (or with --partial, says so), given twice, or of another matrix", async () => {
    const all = jobs.map((j) => `job-${j.name}`);
    const without = all.filter((n) => n !== "job-good--panics-2of3");
    let r = await mergeOf(without, "refused-missing");
    assert.equal(r.value, 2);
    assert.match(r.stderr, /missing: good×panics shard 2\/3; --partial merges what is there/);

    r = await mergeOf(without, "partial", "--partial");
    assert.equal(r.value, 1);
    assert.match(
      readFileSync(join(folder("partial"), "matrix.md"), "utf8"),
      /## Problems during the run\n\n- good×panics: shard 2\/3 missing from the merge/,
    );

    r = await mergeOf(["indexed-1", "indexed-2", "indexed-3", "job-good--panics-2of3"], "refused-twice");
    assert.equal(r.value, 2);
    assert.match(r.stderr, /job-good--panics-2of3: good×panics shard 2\/3 is given twice \(also .*indexed-2\)/);

    r = await mergeOf([...all, "indexed-1"], "refused-count");
    assert.equal(r.value, 2);
    assert.match(
      r.stderr,
      /indexed-1: good shard 1\/3, but .*job-good-1of1 has it as shard 1\/1: shards of different shard counts/,
    );

    // The same job with another seed (its run.json is what the merge reads of it).
    cpSync(folder("job-good--panics-2of3"), folder("seed-2"), { recursive: true });
    const record = JSON.parse(readFileSync(join(folder("seed-2"), "run.json"), "utf8")) as { seed: number };
    writeFileSync(join(folder("seed-2"), "run.json"), JSON.stringify({ ...record, seed: 2 }));
    r = await mergeOf([...without, "seed-2"], "refused-seed");
    assert.equal(r.value, 2);
    assert.match(r.stderr, /seed-2: not a job of the same matrix as .*: seed 2 \(.*: 1\)/);
  });
});
