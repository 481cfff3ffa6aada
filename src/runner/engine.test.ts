import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { describe, test } from "node:test";
import { playInline } from "./testing/play.js";

const inOrder = [
  { action: "createGroup", actor: "alice", members: ["bob"] },
  { action: "protect", actor: "alice", authenticatedData: "btw1", plaintext: "hello world 1" },
  { action: "protect", actor: "alice", authenticatedData: "btw2", plaintext: "hello world 2" },
  { action: "unprotect", actor: "bob", ciphertext: 2 },
  { action: "unprotect", actor: "bob", ciphertext: 1 },
];

const commitWithBob = [
  { action: "createGroup", actor: "alice", members: ["bob"] },
  { action: "fullCommit", actor: "alice", members: ["bob"] },
];

describe("playing a run", () => {
  test("a well-behaved server passes, in the Go runner's RPC order, and every state is freed", async () => {
    const { record, fakes } = await playInline(inOrder);
    assert.equal(record.error, undefined);
    assert.equal(record.failedStep, undefined);
    assert.deepEqual(
      record.transcript.map((t) => `${t.actor} ${t.rpc}`),
      [
        "alice CreateGroup",
        "bob CreateKeyPackage",
        "alice Commit",
        "alice HandlePendingCommit",
        "bob JoinGroup",
        "alice Protect",
        "alice Protect",
        "bob Unprotect",
        "bob Unprotect",
      ],
    );
    // Free is called for both actors' states, but like Go it is not in the
    // transcript; not for bob's join handle, which JoinGroup consumed.
    assert.equal(fakes[0]?.calls.filter((c) => c.method === "free").length, 2);
    assert.equal(fakes[0]?.liveStates, 0);
    assert.deepEqual(record.actors, { alice: "fake", bob: "fake" });
    const join = record.transcript[4];
    assert.equal(join?.request.encrypt_handshake, true);
    assert.equal(join?.request.identity, Buffer.from("bob").toString("base64"));
  });

  test("a join handle whose JoinGroup failed is still held, and freed at the end", async () => {
    const { record, fakes } = await playInline(inOrder, [
      { faults: { fail: { method: "joinGroup", code: grpc.status.INTERNAL, details: "no" } } },
    ]);
    // createGroup with members joins them in its own step.
    assert.equal(record.failedStep, 0);
    const calls = fakes[0]?.calls ?? [];
    const joinedFrom = (calls.find((c) => c.method === "joinGroup")?.request as { transactionId: number })
      .transactionId;
    const freed = calls.filter((c) => c.method === "free").map((c) => (c.request as { stateId: number }).stateId);
    assert.ok(freed.includes(joinedFrom), `the join handle ${joinedFrom} was not freed: ${freed.join(", ")}`);
  });

  test("a member that derives another epoch authenticator fails the step", async () => {
    const { record, fakes } = await playInline(commitWithBob, [
      { faults: { wrongAuthenticator: { identity: "bob", method: "handleCommit" } } },
    ]);
    assert.equal(record.failedStep, 1);
    assert.equal(record.error, "Member [bob] failed to agree on epoch authenticator");
    assert.equal(record.failedStepJson, JSON.stringify(commitWithBob[1]));
    assert.equal(fakes[0]?.liveStates, 0, "states are freed after a failure too");
  });

  test("a joiner that derives another epoch authenticator fails the step", async () => {
    const { record } = await playInline(commitWithBob, [
      { faults: { wrongAuthenticator: { identity: "bob", method: "joinGroup" } } },
    ]);
    assert.equal(record.failedStep, 0);
    assert.equal(record.error, "Joiner [bob] failed to agree on epoch authenticator");
  });

  test("a wrong plaintext fails the unprotect step", async () => {
    const { record } = await playInline(inOrder, [{ faults: { wrongPlaintext: true } }]);
    assert.equal(record.failedStep, 3);
    assert.equal(record.error, 'Incorrect plaintext: expected "hello world 2", got "garbled"');
  });

  test("an RPC error fails its step, naming the RPC, actor, server and status", async () => {
    const { record } = await playInline(commitWithBob, [
      { faults: { fail: { method: "commit", code: grpc.status.INVALID_ARGUMENT, details: "bad proposal", after: 1 } } },
    ]);
    assert.equal(record.failedStep, 1);
    assert.match(
      record.error ?? "",
      /^Commit by alice on s1 at 127\.0\.0\.1:\d+ \(fake\): INVALID_ARGUMENT: bad proposal$/,
    );
    // The failed RPC is not in the transcript (as in Go); the ones before it are.
    assert.equal(record.transcript.at(-1)?.rpc, "JoinGroup");
  });

  test("a server that does not answer within --timeout fails the step with DEADLINE_EXCEEDED", async () => {
    const started = Date.now();
    const { record } = await playInline(inOrder, [{ faults: { hang: "protect" } }], { timeoutMs: 300 });
    assert.equal(record.failedStep, 1);
    assert.match(
      record.error ?? "",
      /^Protect by alice on s1 .*: DEADLINE_EXCEEDED: no answer within the 0\.3 s deadline/,
    );
    assert.ok(Date.now() - started < 5000, "the deadline cut the wait short");
  });

  test("a Free that fails fails the run at step = number of steps", async () => {
    const { record } = await playInline(inOrder, [
      { faults: { fail: { method: "free", code: grpc.status.NOT_FOUND, details: "no such state" } } },
    ]);
    assert.equal(record.failedStep, inOrder.length);
    assert.match(record.error ?? "", /^Free by alice on s1 .*: NOT_FOUND: no such state/);
    assert.equal(record.failedStepJson, undefined);
  });

  test("after a failed step, Free failures are mentioned after the step's error, not instead of it", async () => {
    const { record } = await playInline(commitWithBob, [
      {
        faults: {
          wrongAuthenticator: { identity: "bob", method: "handleCommit" },
          fail: { method: "free", code: grpc.status.NOT_FOUND, details: "gone" },
        },
      },
    ]);
    assert.equal(record.failedStep, 1);
    assert.match(
      record.error ?? "",
      /^Member \[bob\] failed to agree on epoch authenticator; then Free by alice on s1 .*: NOT_FOUND: gone \(and 1 more\)$/,
    );
  });

  test("state the runner checks at run time: a joiner without a transaction", async () => {
    const { record } = await playInline([
      { action: "createGroup", actor: "alice" },
      { action: "fullCommit", actor: "alice", joiners: ["bob"] },
      { action: "createKeyPackage", actor: "bob" },
    ]);
    assert.equal(record.failedStep, 1);
    assert.equal(record.error, "Malformed step: No transaction for bob");
  });

  test("each actor's RPCs go to the server the assignment gives it", async () => {
    const { record, fakes } = await playInline(inOrder, [{ name: "one" }, { name: "two" }], { assignment: [1, 0] });
    assert.deepEqual(record.actors, { alice: "two", bob: "one" });
    assert.deepEqual(record.servers, { alice: "s2", bob: "s1" });
    assert.deepEqual(
      new Set(fakes[1]?.calls.map((c) => c.method)),
      new Set(["name", "supportedCiphersuites", "createGroup", "commit", "handlePendingCommit", "protect", "free"]),
    );
    assert.deepEqual(
      new Set(fakes[0]?.calls.map((c) => c.method)),
      new Set(["name", "supportedCiphersuites", "createKeyPackage", "joinGroup", "unprotect", "free"]),
    );
  });

  const reinit = [
    { action: "createGroup", actor: "alice", members: ["bob"] },
    {
      action: "reinit",
      proposer: "alice",
      committer: "bob",
      welcomer: "alice",
      changeCiphersuite: true,
      changeGroupID: true,
    },
    { action: "protect", actor: "bob", plaintext: "after" },
    { action: "unprotect", actor: "alice", ciphertext: 2 },
  ];

  test("reinit with changeCipherSuite moves to another suite every actor's server supports", async () => {
    const { record } = await playInline(reinit, [{ suites: [1, 3, 2] }]);
    assert.equal(record.error, undefined);
    const proposal = record.transcript.find((t) => t.rpc === "ReInitProposal");
    assert.equal(proposal?.request.cipher_suite, 2);
    const groupId = Buffer.from(String(record.transcript[0]?.request.group_id), "base64").toString();
    assert.equal(Buffer.from(String(proposal?.request.group_id), "base64").toString(), `${groupId}++`);
    assert.deepEqual(
      record.transcript.slice(5).map((t) => `${t.actor} ${t.rpc}`),
      [
        "alice ReInitProposal",
        "bob ReInitCommit",
        "bob HandlePendingReInitCommit",
        "alice HandleReInitCommit",
        "alice ReInitWelcome",
        "bob HandleReInitWelcome",
        "bob Protect",
        "alice Unprotect",
      ],
    );
  });

  test("reinit with changeCipherSuite and no other common suite fails like Go", async () => {
    const { record } = await playInline(reinit, [{ suites: [1] }]);
    assert.equal(record.failedStep, 1);
    assert.equal(record.error, "no remaining supported ciphersuite");
  });
});
