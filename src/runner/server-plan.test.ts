// How selftest's replica plan spreads the matrix's two servers over its processes.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Connection, ServerIdentity } from "./connection.js";
import type { RunSpec } from "./matrix.js";
import { replicaPlan } from "./server-plan.js";

function plan(processes: number) {
  const connections = Array.from({ length: processes }, (_, i) => ({ address: `p${i}` }) as unknown as Connection);
  const identities: ServerIdentity[] = connections.map((c) => ({
    address: c.address,
    name: "mls-interop-ts",
    suites: [1],
  }));
  return replicaPlan(connections, identities, 2);
}

const run = (id: number, assignment: number[]): RunSpec =>
  ({
    id,
    script: { actors: assignment.map((_, i) => `a${i}`) },
    suite: 1,
    encrypt: true,
    assignment,
  }) as unknown as RunSpec;

const processesOf = (p: ReturnType<typeof plan>, spec: RunSpec): string[] =>
  [...p.bindingsFor(spec).values()].map((b) => b.connection.address);

test("consecutive runs of one assignment start on different processes, the two servers of a run always apart", () => {
  const two = plan(2);
  // The matrix lists a script's assignments in order: runs in flight together often share one.
  assert.deepEqual(processesOf(two, run(0, [0, 0, 0])), ["p0", "p0", "p0"]);
  assert.deepEqual(processesOf(two, run(1, [0, 0, 0])), ["p1", "p1", "p1"]);
  assert.deepEqual(processesOf(two, run(2, [0, 1, 0])), ["p0", "p1", "p0"]);
  assert.deepEqual(processesOf(two, run(3, [0, 1, 0])), ["p1", "p0", "p1"]);
  const three = plan(3);
  for (let id = 0; id < 6; id++) {
    const [a, b] = processesOf(three, run(id, [0, 1]));
    assert.notEqual(a, b, `run ${id}: s1 and s2 on one process`);
  }
  assert.deepEqual(
    [0, 1, 2].map((id) => processesOf(three, run(id, [0]))[0]),
    ["p0", "p1", "p2"],
    "every process takes its turn",
  );
});
