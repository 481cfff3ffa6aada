import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { record, report, script } from "../testing/records.js";
import { ResultsSpool, resultsRun } from "./json.js";

async function written(spool: ResultsSpool, servers = report([]).servers): Promise<string> {
  let text = "";
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  await spool.write(out, servers);
  spool.dispose();
  return text;
}

test("a run in the Go runner's shape: failure fields only on failure, sorted actors", () => {
  const s = script("add", "commit.json", ["zoe", "alice"]);
  const passed = resultsRun(record(s));
  assert.deepEqual(Object.keys(passed), [
    "cipher_suite",
    "actors",
    "encrypt_flag",
    "transcript",
    "config",
    "matrix_index",
    "assignment",
    "duration_ms",
  ]);
  assert.deepEqual(Object.keys(passed.actors as object), ["alice", "zoe"]);
  const failed = resultsRun(record(s, { error: "boom", failedStep: 0 }));
  assert.equal(failed.error, "boom");
  assert.equal(failed.failed_step, 0, "step 0 is written, not dropped as a zero");
  assert.equal(failed.failed_step_json, '{"action":"createGroup"}');
});

test("the spooled file is the runs by script name, in matrix order, indented as MarshalIndent does", async () => {
  const spool = new ResultsSpool();
  const a = script("same", "one.json");
  const b = script("same", "two.json");
  spool.add(record(b, { id: 5 }));
  spool.add(record(script("first"), { id: 9 }));
  spool.add(record(a, { id: 2, error: 'quote " and \n newline' }));
  const text = await written(spool);
  const parsed = JSON.parse(text) as { scripts: Record<string, { config: string }[]> };
  assert.equal(text, `${JSON.stringify(parsed, null, 2)}\n`, "byte for byte the canonical two-space layout");
  assert.deepEqual(Object.keys(parsed.scripts), ["first", "same"]);
  assert.deepEqual(
    parsed.scripts.same?.map((r) => r.config),
    ["one.json", "two.json"],
  );
});

test("an empty session is still a valid results file", async () => {
  const text = await written(new ResultsSpool(), []);
  assert.deepEqual(JSON.parse(text), { scripts: {}, servers: {} });
});
