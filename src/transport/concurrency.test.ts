// Concurrent calls on one handle are applied one after another; the server
// never applies two to the same snapshot.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Client } from "../testing/client.js";
import { Actor, commit, createGroup, expectAgreement, type Run } from "../testing/scenario.js";
import { inProcessServer, type TestServer } from "../testing/servers.js";

let server: TestServer;
let c: Client;
const run: Run = { suite: 1, encrypt: false };

before(async () => {
  server = await inProcessServer();
  c = server.client;
});
after(() => server.stop());

test("100 concurrent Protects on one state give 100 distinct ciphertexts that all decrypt", async () => {
  const alice = new Actor("alice", c);
  const bob = new Actor("bob", c);
  await createGroup(run, alice, [bob]);
  const completed: Array<{ i: number; ciphertext: Buffer }> = [];
  await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      c.call("protect", { stateId: alice.stateId, plaintext: Buffer.from(`message ${i}`) }).then((res) => {
        completed.push({ i, ciphertext: res.ciphertext });
      }),
    ),
  );
  assert.equal(new Set(completed.map((m) => m.ciphertext.toString("hex"))).size, 100, "every ciphertext distinct");
  for (const { i, ciphertext } of completed) {
    const opened = await c.call("unprotect", { stateId: bob.stateId, ciphertext });
    assert.equal(opened.plaintext.toString(), `message ${i}`);
  }
});

test("concurrent Commit and HandleCommit on one state leave it consistent", async () => {
  for (let round = 0; round < 5; round++) {
    const alice = new Actor("alice", c);
    const bob = new Actor("bob", c);
    await createGroup(run, alice, [bob]);
    const bobs = await c.call("commit", { stateId: bob.stateId });
    await c.call("handlePendingCommit", { stateId: bob.stateId });
    // alice commits on her own while handling bob's commit: whichever runs
    // second sees the first one's result, never the same snapshot.
    const [own, handled] = await Promise.allSettled([
      c.call("commit", { stateId: alice.stateId }),
      c.call("handleCommit", { stateId: alice.stateId, commit: bobs.commit }),
    ]);
    assert.equal(handled.status, "fulfilled", "bob's commit applies whatever alice did meanwhile");
    assert.equal(own.status, "fulfilled");
    await expectAgreement([alice, bob]);
    // If alice's commit came second it is pending in bob's epoch; either way the group goes on.
    await commit(run, bob, {}, [alice]);
    await expectAgreement([alice, bob]);
  }
});

test("concurrent proposals on one state are all kept pending and all committed", async () => {
  const alice = new Actor("alice", c);
  const bob = new Actor("bob", c);
  await createGroup(run, alice, [bob]);
  const ids = Array.from({ length: 10 }, (_, i) => Buffer.from(`psk-${i}`));
  for (const id of ids)
    for (const m of [alice, bob])
      await c.call("storePsk", { stateOrTransactionId: m.stateId, pskId: id, pskSecret: Buffer.alloc(32, 1) });
  const proposals = await Promise.all(
    ids.map((pskId) => c.call("externalPskProposal", { stateId: bob.stateId, pskId })),
  );
  assert.equal(new Set(proposals.map((p) => p.proposal.toString("hex"))).size, 10);
  await commit(run, alice, { byReference: proposals.map((p) => p.proposal) }, [bob]);
});
