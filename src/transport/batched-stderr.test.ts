import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { batchedStderr } from "./batched-stderr.js";

function recorder() {
  const batches: string[] = [];
  return { batches, sink: (text: string) => void batches.push(text) };
}

test("lines wait for the batch size, then go out in one write", () => {
  const { batches, sink } = recorder();
  const d = batchedStderr({ maxBytes: 10, maxDelayMs: 60_000, sink });
  d.write("1234\n");
  assert.deepEqual(batches, []);
  d.write("5678\n");
  assert.deepEqual(batches, ["1234\n5678\n"]);
});

test("a lone line goes out after the delay, not later", async () => {
  const { batches, sink } = recorder();
  const d = batchedStderr({ maxBytes: 4096, maxDelayMs: 20, sink });
  d.write("alone\n");
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(batches, ["alone\n"]);
  // The timer starts again with the next line: nothing is stranded.
  d.write("again\n");
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(batches, ["alone\n", "again\n"]);
});

test("flush writes at once and calls back; an empty flush writes nothing", () => {
  const { batches, sink } = recorder();
  const d = batchedStderr({ maxBytes: 4096, maxDelayMs: 60_000, sink });
  let called = 0;
  d.flush(() => called++);
  assert.deepEqual(batches, []);
  d.write("ready\n");
  d.flush(() => called++);
  assert.deepEqual(batches, ["ready\n"]);
  assert.equal(called, 2);
});

test("what waits in the batch is written when the process exits", () => {
  const module = new URL("./batched-stderr.js", import.meta.url).href;
  const script = `import { batchedStderr } from ${JSON.stringify(module)};
    const d = batchedStderr({ maxBytes: 4096, maxDelayMs: 60000 });
    d.write("last words\\n");
    process.exit(0);`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stderr, "last words\n");
});
