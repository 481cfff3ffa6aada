import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { schedule } from "./scheduler.js";

interface Spec {
  id: number;
  group: string;
  fails?: boolean;
}

test("runs at most --jobs at once and starts them in order", async () => {
  const specs: Spec[] = Array.from({ length: 12 }, (_, id) => ({ id, group: "g" }));
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const done: number[] = [];
  const skipped = await schedule(specs, {
    jobs: 3,
    failFast: false,
    groupOf: (s) => s.group,
    async execute(s) {
      started.push(s.id);
      running++;
      peak = Math.max(peak, running);
      await sleep(5 + ((s.id * 7) % 4));
      running--;
      return s.id;
    },
    stops: () => false,
    onResult: (_s, r) => done.push(r),
  });
  assert.equal(peak, 3);
  assert.deepEqual(
    started,
    specs.map((s) => s.id),
  );
  assert.deepEqual(
    [...done].sort((a, b) => a - b),
    specs.map((s) => s.id),
  );
  assert.deepEqual(skipped, []);
});

test("--fail-fast stops only the failing group's remaining runs", async () => {
  const specs: Spec[] = [
    { id: 0, group: "a" },
    { id: 1, group: "a", fails: true },
    { id: 2, group: "a" },
    { id: 3, group: "b" },
    { id: 4, group: "a" },
    { id: 5, group: "b" },
  ];
  const played: number[] = [];
  const skipped = await schedule(specs, {
    jobs: 1,
    failFast: true,
    groupOf: (s) => s.group,
    execute: async (s) => s,
    stops: (s) => s.fails === true,
    onResult: (s) => played.push(s.id),
  });
  assert.deepEqual(played, [0, 1, 3, 5]);
  assert.deepEqual(
    skipped.map((s) => s.id),
    [2, 4],
  );
});

test("an aborted signal starts nothing more", async () => {
  const abort = new AbortController();
  const played: number[] = [];
  const skipped = await schedule([0, 1, 2, 3], {
    jobs: 1,
    failFast: false,
    signal: abort.signal,
    groupOf: () => "g",
    execute: async (n) => {
      if (n === 1) abort.abort();
      return n;
    },
    stops: () => false,
    onResult: (n) => played.push(n),
  });
  assert.deepEqual(played, [0, 1]);
  assert.deepEqual(skipped, [2, 3]);
});

test("a limited resource is held by at most its capacity of runs; runs that need none fill the other jobs", async () => {
  // Runs 0-9 alternate between needing the foreign server "f" and not needing it.
  const specs = Array.from({ length: 10 }, (_, id) => ({ id, f: id % 2 === 0 }));
  let onF = 0;
  let peakF = 0;
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  await schedule(specs, {
    jobs: 3,
    failFast: false,
    groupOf: () => "g",
    resourcesOf: (s) => (s.f ? ["f"] : []),
    capacityOf: (r) => (r === "f" ? 1 : Infinity),
    async execute(s) {
      started.push(s.id);
      running++;
      if (s.f) onF++;
      peak = Math.max(peak, running);
      peakF = Math.max(peakF, onF);
      await sleep(s.f ? 12 : 3);
      running--;
      if (s.f) onF--;
      return s;
    },
    stops: () => false,
    onResult: () => undefined,
  });
  assert.equal(peakF, 1, "one run at a time on f");
  assert.equal(peak, 3, "the other jobs stay busy");
  assert.deepEqual(
    started.filter((id) => id % 2 === 0),
    [0, 2, 4, 6, 8],
    "runs on f start in matrix order",
  );
  assert.deepEqual(started.slice(0, 3), [0, 1, 3], "run 2 waits for f, run 3 goes first");
});

test("a run that throws rejects the schedule", async () => {
  await assert.rejects(
    schedule([1, 2], {
      jobs: 2,
      failFast: false,
      groupOf: () => "g",
      execute: (n) => {
        if (n === 2) throw new Error("bug");
        return Promise.resolve(n);
      },
      stops: () => false,
      onResult: () => undefined,
    }),
    /bug/,
  );
});
