import assert from "node:assert/strict";
import { test } from "node:test";
import type { ResultRow } from "../runner/results-file.js";
import { describeFailure, normalizeCause, shortName } from "./failures.js";

const OURS = "mls-interop-ts 0.1.0 (ts-mls 2.0.0-rc.10)";
const actors = { alice: OURS, bob: "mlspp" };

function row(error: string, failedStep: number, step: object): ResultRow {
  return {
    script: "s",
    suite: 1,
    encrypt: true,
    actors,
    failed: true,
    authenticators: [],
    error,
    failedStep,
    failedStepJson: JSON.stringify(step),
  };
}

test("our runner's RPC errors name the RPC, the actor and its server; follow-up Free errors are cut", () => {
  const f = describeFailure(
    row(
      `HandleCommit by bob on s2 at 127.0.0.1:4000 (mlspp): INTERNAL: Path required but not present; then Free by alice on s1 at 127.0.0.1:4001 (${OURS}): NOT_FOUND: unknown handle 1234`,
      2,
      { action: "fullCommit", actor: "alice" },
    ),
    "mlspp",
  );
  assert.deepEqual(
    { step: f.step, side: f.side, server: f.server, cause: f.cause },
    {
      step: "step 2 (fullCommit)",
      side: "bob on mlspp (HandleCommit)",
      server: "peer",
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
    "mlspp",
  );
  assert.equal(ours.side, "alice on ours (Commit)");
  assert.equal(ours.server, "ours");
  assert.equal(ours.cause, "UNIMPLEMENTED: Commit: handle N has N trailing bytes");
});

test("the Go runner's errors: gRPC's code in canonical form; our server's messages start with the method", () => {
  const step = { action: "commit", actor: "bob" };
  const ours = describeFailure(
    row("rpc error: code = InvalidArgument desc = HandleCommit: process proposal[0]: bad", 3, step),
    "mlspp",
  );
  assert.equal(ours.cause, "INVALID_ARGUMENT: HandleCommit: process proposal[0]: bad");
  assert.equal(ours.side, "ours (HandleCommit)");
  assert.equal(ours.server, "ours");
  const theirs = describeFailure(
    row("rpc error: code = Internal desc = Path required but not present", 3, step),
    "mlspp",
  );
  assert.deepEqual(
    [theirs.side, theirs.server, theirs.cause],
    ["mlspp", "peer", "INTERNAL: Path required but not present"],
  );
  const notAMethod = describeFailure(row("rpc error: code = Internal desc = ValidationError: nope", 3, step), "mlspp");
  assert.equal(notAMethod.server, "peer");
});

test("a disagreement names both sides; a failed Free after the last step is the end of the run", () => {
  const d = describeFailure(
    row("Member [bob] failed to agree on epoch authenticator", 4, { action: "fullCommit", actor: "alice" }),
    "mlspp",
  );
  assert.equal(d.side, "bob on mlspp disagrees with alice on ours");
  assert.equal(d.server, "both");
  const end: ResultRow = {
    ...row("rpc error: code = NotFound desc = Free: unknown handle 77", 2, {}),
    failedStepJson: undefined,
  };
  assert.equal(describeFailure(end, "mlspp").step, "step 2 (end of run: Free)");
  const runner = describeFailure(
    row("No message for key welcome at step 1", 2, { action: "joinGroup", actor: "bob" }),
    "mlspp",
  );
  assert.equal(runner.server, "runner");
});

test("short names and cause normalisation", () => {
  assert.equal(shortName(OURS, "mlspp"), "ours");
  assert.equal(shortName("ts-mls", "ts-mls-reference"), "ts-mls-reference");
  assert.equal(normalizeCause(" unknown handle 12345 at step 12 "), "unknown handle N at step 12");
});
