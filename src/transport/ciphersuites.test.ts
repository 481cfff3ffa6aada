// Every advertised ciphersuite works end to end, in both handshake modes,
// with the group split over two server processes: SupportedCiphersuites must
// list exactly the suites that pass this.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Client } from "../testing/client.js";
import {
  actors,
  byValue,
  commit,
  createGroup,
  expectAgreement,
  freeAll,
  keyPackage,
  type Run,
} from "../testing/scenario.js";
import { childServer, type ChildServer } from "../testing/servers.js";

let servers: ChildServer[] = [];
let clients: Client[] = [];
let advertised: number[] = [];

before(async () => {
  servers = await Promise.all([childServer(), childServer()]);
  clients = servers.map((s) => s.client);
  advertised = (await clients[0]!.call("supportedCiphersuites", {})).ciphersuites;
});
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

test("advertises RFC suites 1 to 7", () => {
  assert.deepEqual(advertised, [1, 2, 3, 4, 5, 6, 7]);
});

for (const suite of [1, 2, 3, 4, 5, 6, 7]) {
  for (const encrypt of [false, true]) {
    test(`suite ${suite}, ${encrypt ? "PrivateMessage" : "PublicMessage"} handshakes`, async () => {
      const run: Run = { suite, encrypt };
      const [alice, bob, charlie, diana] = actors(["alice", "bob", "charlie", "diana"], clients);
      await createGroup(run, alice!, [bob!]);

      const update = await bob!.client.call("updateProposal", { stateId: bob!.stateId });
      const add = await alice!.client.call("addProposal", {
        stateId: alice!.stateId,
        keyPackage: await keyPackage(run, charlie!),
      });
      await commit(run, alice!, { byReference: [update.proposal, add.proposal] }, [bob!], [charlie!]);

      const pskId = Buffer.from(`psk-${suite}`);
      for (const m of [alice!, bob!, charlie!])
        await m.client.call("storePsk", { stateOrTransactionId: m.stateId, pskId, pskSecret: Buffer.alloc(32, 3) });
      const psk = await charlie!.client.call("externalPskProposal", { stateId: charlie!.stateId, pskId });
      await commit(run, bob!, { byReference: [psk.proposal], byValue: [byValue("resumptionPSK", { epochId: 2n })] }, [
        alice!,
        charlie!,
      ]);

      const sealed = await charlie!.client.call("protect", {
        stateId: charlie!.stateId,
        plaintext: Buffer.from("hello"),
        authenticatedData: Buffer.from("ad"),
      });
      for (const m of [alice!, bob!]) {
        const opened = await m.client.call("unprotect", { stateId: m.stateId, ciphertext: sealed.ciphertext });
        assert.equal(opened.plaintext.toString(), "hello");
      }

      const info = await alice!.client.call("groupInfo", { stateId: alice!.stateId, externalTree: true });
      const joined = await diana!.client.call("externalJoin", {
        groupInfo: info.groupInfo,
        ratchetTree: info.ratchetTree,
        encryptHandshake: encrypt,
        identity: diana!.identity,
      });
      diana!.stateId = joined.stateId;
      for (const m of [alice!, bob!, charlie!]) {
        const handled = await m.client.call("handleCommit", { stateId: m.stateId, commit: joined.commit });
        assert.deepEqual(handled.epochAuthenticator, joined.epochAuthenticator);
      }

      await commit(
        run,
        diana!,
        {
          byValue: [
            byValue("remove", { removedId: bob!.identity }),
            byValue("remove", { removedId: charlie!.identity }),
          ],
        },
        [alice!],
      );
      await expectAgreement([alice!, diana!]);
      await freeAll([alice!, bob!, charlie!, diana!]);
    });
  }
}
