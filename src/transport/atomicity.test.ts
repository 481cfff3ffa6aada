// A failed call leaves every handle exactly as it was: for each method that
// changes handles, a call that fails after doing part of its work, with the
// whole store compared before and after.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { status } from "@grpc/grpc-js";
import type { Client } from "../testing/client.js";
import { expectStatus } from "../testing/expect-status.js";
import { storeFingerprint } from "../testing/fingerprint.js";
import { Actor, byValue, commit, createGroup, keyPackage, type Run } from "../testing/scenario.js";
import { inProcessServer, type TestServer } from "../testing/servers.js";
import type { RunningServer } from "./server.js";

let server: TestServer & { server: RunningServer };
let c: Client;
const run: Run = { suite: 1, encrypt: true };
const garbage = Buffer.from("garbage");

before(async () => {
  server = await inProcessServer();
  c = server.client;
});
after(() => server.stop());

/** Runs a call that must fail with `code` and asserts that no handle changed. */
async function unchanged(rpc: string, code: status, call: () => Promise<unknown>): Promise<void> {
  const store = server.server.store;
  const before = storeFingerprint(store, store.liveIds());
  await expectStatus(call(), code, rpc);
  assert.deepEqual(storeFingerprint(store, [...before.keys()]), before, `${rpc} changed a handle`);
  assert.equal(store.size, before.size, `${rpc} created or dropped a handle`);
}

async function pair(): Promise<{ alice: Actor; bob: Actor }> {
  const alice = new Actor("alice", c);
  const bob = new Actor("bob", c);
  await createGroup(run, alice, [bob]);
  return { alice, bob };
}

test("Commit: a good by-reference proposal processed before a bad one is not kept", async () => {
  const { alice, bob } = await pair();
  const good = await c.call("updateProposal", { stateId: bob.stateId });
  await unchanged("Commit", status.INVALID_ARGUMENT, () =>
    c.call("commit", { stateId: alice.stateId, byReference: [good.proposal, garbage] }),
  );
  await unchanged("Commit", status.NOT_FOUND, () =>
    c.call("commit", {
      stateId: alice.stateId,
      byReference: [good.proposal],
      byValue: [byValue("remove", { removedId: Buffer.from("nobody") })],
    }),
  );
  await commit(run, alice, { byReference: [good.proposal] }, [bob]);
});

test("HandleCommit: proposals processed before a bad commit are not kept", async () => {
  const { alice, bob } = await pair();
  const p = await c.call("updateProposal", { stateId: alice.stateId });
  await unchanged("HandleCommit", status.INVALID_ARGUMENT, () =>
    c.call("handleCommit", { stateId: bob.stateId, proposal: [p.proposal], commit: garbage }),
  );
});

test("HandleReInitCommit: a normal commit is applied in memory, then refused", async () => {
  const { alice, bob } = await pair();
  const created = await c.call("commit", { stateId: alice.stateId });
  await unchanged("HandleReInitCommit", status.INVALID_ARGUMENT, () =>
    c.call("handleReInitCommit", { stateId: bob.stateId, commit: created.commit }),
  );
  await unchanged("HandlePendingReInitCommit", status.INVALID_ARGUMENT, () =>
    c.call("handlePendingReInitCommit", { stateId: alice.stateId }),
  );
  await c.call("handlePendingCommit", { stateId: alice.stateId });
  await c.call("handleCommit", { stateId: bob.stateId, commit: created.commit });
});

test("ReInitCommit: a commit created without a ReInit is not kept pending", async () => {
  const { alice } = await pair();
  await unchanged("ReInitCommit", status.INVALID_ARGUMENT, () => c.call("reInitCommit", { stateId: alice.stateId }));
});

test("Protect with proposals pending, Unprotect of a replay", async () => {
  const { alice, bob } = await pair();
  const sealed = await c.call("protect", { stateId: alice.stateId, plaintext: Buffer.from("x") });
  await c.call("unprotect", { stateId: bob.stateId, ciphertext: sealed.ciphertext });
  await unchanged("Unprotect", status.INVALID_ARGUMENT, () =>
    c.call("unprotect", { stateId: bob.stateId, ciphertext: sealed.ciphertext }),
  );
  await c.call("updateProposal", { stateId: alice.stateId });
  await unchanged("Protect", status.FAILED_PRECONDITION, () =>
    c.call("protect", { stateId: alice.stateId, plaintext: Buffer.from("x") }),
  );
});

test("proposals, StorePSK and external signers", async () => {
  const { alice } = await pair();
  await unchanged("ExternalPSKProposal", status.FAILED_PRECONDITION, () =>
    c.call("externalPskProposal", { stateId: alice.stateId, pskId: Buffer.from("none") }),
  );
  await unchanged("ResumptionPSKProposal", status.FAILED_PRECONDITION, () =>
    c.call("resumptionPskProposal", { stateId: alice.stateId, epochId: 7n }),
  );
  await unchanged("RemoveProposal", status.NOT_FOUND, () =>
    c.call("removeProposal", { stateId: alice.stateId, removedId: Buffer.from("nobody") }),
  );
  await unchanged("AddProposal", status.INVALID_ARGUMENT, () =>
    c.call("addProposal", { stateId: alice.stateId, keyPackage: garbage }),
  );
  await unchanged("GroupContextExtensionsProposal", status.INVALID_ARGUMENT, () =>
    c.call("groupContextExtensionsProposal", {
      stateId: alice.stateId,
      extensions: [{ extensionType: 5, extensionData: garbage }],
    }),
  );
  await unchanged("StorePSK", status.INVALID_ARGUMENT, () =>
    c.call("storePsk", { stateOrTransactionId: alice.stateId }),
  );
  await unchanged("AddExternalSigner", status.INVALID_ARGUMENT, () =>
    c.call("addExternalSigner", { stateId: alice.stateId, externalSender: garbage }),
  );
  await unchanged("ReInitProposal", status.INVALID_ARGUMENT, () =>
    c.call("reInitProposal", {
      stateId: alice.stateId,
      cipherSuite: 1,
      groupId: Buffer.from("n"),
      extensions: [{ extensionType: 3, extensionData: garbage }],
    }),
  );
  await unchanged("UpdateProposal", status.NOT_FOUND, () => c.call("updateProposal", { stateId: 0x7fff_0000 }));
  await unchanged("HandlePendingCommit", status.FAILED_PRECONDITION, () =>
    c.call("handlePendingCommit", { stateId: alice.stateId }),
  );
  await unchanged("Free", status.NOT_FOUND, () => c.call("free", { stateId: 0x7fff_0000 }));
  const signer = await c.call("createExternalSigner", { cipherSuite: 1, identity: Buffer.from("ds") });
  const info = await c.call("groupInfo", { stateId: alice.stateId });
  await unchanged("ExternalSignerProposal", status.FAILED_PRECONDITION, () =>
    c.call("externalSignerProposal", {
      signerId: signer.signerId,
      groupInfo: info.groupInfo,
      description: byValue("externalPSK", { pskId: Buffer.from("p") }),
    }),
  );
});

test("joins, branches and reinit welcomes", async () => {
  const { alice, bob } = await pair();
  const carol = new Actor("carol", c);
  const kp = await keyPackage(run, carol);
  await unchanged("JoinGroup", status.INVALID_ARGUMENT, () =>
    c.call("joinGroup", { transactionId: carol.transactionId, welcome: garbage }),
  );
  await unchanged("CreateBranch", status.INVALID_ARGUMENT, () =>
    c.call("createBranch", { stateId: alice.stateId, groupId: Buffer.from("b"), keyPackages: [kp, garbage] }),
  );
  const branch = await c.call("createBranch", { stateId: alice.stateId, groupId: Buffer.from("b"), keyPackages: [kp] });
  const dave = new Actor("dave", c);
  await keyPackage(run, dave);
  await unchanged("HandleBranch", status.INVALID_ARGUMENT, () =>
    c.call("handleBranch", { stateId: bob.stateId, transactionId: dave.transactionId, welcome: branch.welcome }),
  );

  const p = await c.call("reInitProposal", { stateId: alice.stateId, cipherSuite: 1, groupId: Buffer.from("r") });
  const created = await c.call("reInitCommit", { stateId: alice.stateId, byReference: [p.proposal] });
  const committer = await c.call("handlePendingReInitCommit", { stateId: alice.stateId });
  const member = await c.call("handleReInitCommit", {
    stateId: bob.stateId,
    proposal: [p.proposal],
    commit: created.commit,
  });
  await unchanged("ReInitWelcome", status.INVALID_ARGUMENT, () =>
    c.call("reInitWelcome", { reinitId: committer.reinitId, keyPackage: [member.keyPackage, garbage] }),
  );
  await unchanged("HandleReInitWelcome", status.INVALID_ARGUMENT, () =>
    c.call("handleReInitWelcome", { reinitId: member.reinitId, welcome: branch.welcome }),
  );
});
