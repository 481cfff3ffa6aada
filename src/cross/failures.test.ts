import assert from "node:assert/strict";
import { test } from "node:test";
import type { ResultRow } from "../runner/results-file.js";
import { comboSides, describeFailure, normalizeCause, uniqueNames } from "./failures.js";

const OURS = "mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10)";
const actors = { alice: OURS, bob: "mlspp" };
const names = uniqueNames([
  { id: "ours", name: OURS },
  { id: "mlspp", name: "mlspp" },
]);
const sides = comboSides(["ours", "mlspp"], names);

function row(error: string, failedStep: number, step: object, extra: Partial<ResultRow> = {}): ResultRow {
  return {
    script: "s",
    suite: 1,
    encrypt: true,
    actors,
    assignment: { alice: "s1", bob: "s2" },
    failed: true,
    authenticators: [],
    error,
    failedStep,
    failedStepJson: JSON.stringify(step),
    ...extra,
  };
}

test("our runner's RPC errors name the RPC, the actor and its stack; follow-up Free errors are cut", () => {
  const f = describeFailure(
    row(
      `HandleCommit by bob on s2 at 127.0.0.1:4000 (mlspp): INTERNAL: Path required but not present; then Free by alice on s1 at 127.0.0.1:4001 (${OURS}): NOT_FOUND: unknown handle 1234`,
      2,
      { action: "fullCommit", actor: "alice" },
    ),
    sides,
  );
  assert.deepEqual(
    { step: f.step, rpc: f.rpc, side: f.side, server: f.server, kind: f.kind, cause: f.cause },
    {
      step: "step 2 (fullCommit)",
      rpc: "HandleCommit",
      side: "bob on mlspp (HandleCommit)",
      server: "mlspp",
      kind: "failure",
      cause: "INTERNAL: Path required but not present",
    },
  );
  const ours = describeFailure(
    row(
      `Commit by alice on s1 at 127.0.0.1:4001 (${OURS}): UNIMPLEMENTED: Commit: handle 4567 has 111 trailing bytes`,
      6,
      {
        action: "fullCommit",
        actor: "alice",
      },
    ),
    sides,
  );
  assert.equal(ours.side, "alice on ours (Commit)");
  assert.equal(ours.server, "ours");
  assert.equal(ours.kind, "unimplemented");
  assert.equal(ours.cause, "UNIMPLEMENTED: Commit: handle N has N trailing bytes");
});

test("what a supervised server did is the cause: a todo!() panic is a method it lacks, a death a crash", () => {
  const error = "ReInitProposal by bob on s2 at 127.0.0.1:4000 (mlspp): UNAVAILABLE: Connection dropped";
  const panicked = describeFailure(
    row(
      error,
      3,
      { action: "reinitProposal", actor: "bob" },
      {
        serverEvents: [
          { server: "s2", kind: "panicked", detail: "panicked at src/main.rs:412:9: not yet implemented" },
        ],
      },
    ),
    sides,
  );
  assert.equal(panicked.kind, "unimplemented");
  assert.equal(panicked.server, "mlspp");
  assert.equal(panicked.cause, "UNAVAILABLE; the server panicked: panicked at src/main.rs:N:9: not yet implemented");
  const died = describeFailure(
    row(
      error,
      3,
      { action: "reinitProposal", actor: "bob" },
      {
        serverEvents: [
          { server: "s2", kind: "died", detail: "SIGSEGV" },
          { server: "s2", kind: "restarted", detail: "on 127.0.0.1:4000 (restart 1)" },
        ],
      },
    ),
    sides,
  );
  assert.equal(died.kind, "crash");
  assert.equal(died.cause, "UNAVAILABLE; the server died: SIGSEGV");
  // Another server's events do not speak for this one.
  const elsewhere = describeFailure(
    row(error, 3, {}, { serverEvents: [{ server: "s1", kind: "died", detail: "SIGKILL" }] }),
    sides,
  );
  assert.equal(elsewhere.kind, "failure");
});

test("the Go runner's errors: gRPC's code in canonical form; our server's messages start with the method", () => {
  const step = { action: "commit", actor: "bob" };
  const ours = describeFailure(
    row("rpc error: code = InvalidArgument desc = HandleCommit: process proposal[0]: bad", 3, step, {
      assignment: undefined,
    }),
    sides,
  );
  assert.equal(ours.cause, "INVALID_ARGUMENT: HandleCommit: process proposal[0]: bad");
  assert.equal(ours.side, "ours (HandleCommit)");
  assert.equal(ours.server, "ours");
  const theirs = describeFailure(
    row("rpc error: code = Internal desc = Path required but not present", 3, step, { assignment: undefined }),
    sides,
  );
  assert.deepEqual(
    [theirs.side, theirs.server, theirs.cause],
    ["mlspp", "mlspp", "INTERNAL: Path required but not present"],
  );
  // Between two other stacks the Go runner's error is either one's.
  const peers = comboSides(
    ["mlspp", "mls-rs"],
    uniqueNames([
      { id: "mlspp", name: "mlspp" },
      { id: "mls-rs", name: "mls-rs" },
    ]),
  );
  const either = describeFailure(
    row("rpc error: code = Internal desc = oops", 3, step, {
      actors: { alice: "mlspp", bob: "mls-rs" },
      assignment: undefined,
    }),
    peers,
  );
  assert.equal(either.server, "?");
  assert.match(either.side, /mlspp or mls-rs \(the Go runner does not say\)/);
  // A stream reset where the log watch saw one stack of the run fall over during the Go process: that stack's.
  const reset = "rpc error: code = Canceled desc = stream terminated by RST_STREAM with error code: CANCEL";
  const goRow = (fellOver?: string[]) =>
    ({
      ...row(reset, 3, step, { actors: { alice: "mlspp", bob: "mls-rs" }, assignment: undefined }),
      ...(fellOver === undefined ? {} : { fellOver }),
    }) as ResultRow;
  const fallen = describeFailure(goRow(["mls-rs"]), peers);
  assert.deepEqual(
    [fallen.server, fallen.kind, fallen.side],
    ["mls-rs", "crash", "mls-rs (the Go runner does not say; mls-rs fell over during its process)"],
  );
  assert.equal(describeFailure(goRow(), peers).server, "?", "no fall seen: either");
  assert.equal(describeFailure(goRow(["mlspp", "mls-rs"]), peers).server, "?", "both fell: either");
});

test("a disagreement names both sides; a failed Free after the last step is the end of the run", () => {
  const d = describeFailure(
    row("Member [bob] failed to agree on epoch authenticator", 4, { action: "fullCommit", actor: "alice" }),
    sides,
  );
  assert.equal(d.side, "bob on mlspp disagrees with alice on ours");
  assert.equal(d.server, "both");
  const end: ResultRow = {
    ...row("rpc error: code = NotFound desc = Free: unknown handle 77", 2, {}),
    failedStepJson: undefined,
  };
  assert.equal(describeFailure(end, sides).step, "step 2 (end of run: Free)");
  const runner = describeFailure(
    row("No message for key welcome at step 1", 2, { action: "joinGroup", actor: "bob" }),
    sides,
  );
  assert.equal(runner.server, "runner");
});

test("stacks: our results' labels say which; the Go runner's names only when one stack answers that name", () => {
  const twins = uniqueNames([
    { id: "openmls", name: "OpenMLS" },
    { id: "openmls-pr", name: "OpenMLS" },
    { id: "ours", name: OURS },
  ]);
  assert.deepEqual([...twins], [["mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10)", "ours"]]);
  const s = comboSides(["openmls", "openmls-pr"], twins);
  const r = row("x", 1, {}, { actors: { alice: "OpenMLS", bob: "OpenMLS" }, assignment: { alice: "s2", bob: "s1" } });
  assert.equal(s.of(r, "alice"), "openmls-pr");
  assert.equal(s.of({ ...r, assignment: undefined }, "alice"), "?");
  assert.equal(s.ours, undefined);
  assert.equal(sides.ours, "ours");
});

test("cause normalisation", () => {
  assert.equal(normalizeCause(" unknown handle 12345 at step 12 "), "unknown handle N at step 12");
});
