// Full scenarios with the members of one group held by two server processes,
// in both handshake modes: every member must end each epoch with the same
// epoch authenticator.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { status } from "@grpc/grpc-js";
import type { Client } from "../testing/client.js";
import { expectStatus } from "../testing/expect-status.js";
import {
  actors,
  byValue,
  commit,
  createGroup,
  expectAgreement,
  freeAll,
  keyPackage,
  type Actor,
  type Run,
} from "../testing/scenario.js";
import { childServer, type ChildServer } from "../testing/servers.js";
import { parseCommit } from "../testing/tls-reader.js";

let servers: ChildServer[] = [];
let clients: Client[] = [];

before(async () => {
  servers = await Promise.all([childServer(), childServer()]);
  clients = servers.map((s) => s.client);
});
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

const ext = (extensionType: number, base64: string) => ({
  extensionType,
  extensionData: Buffer.from(base64, "base64"),
});

async function storePsk(group: Actor[], pskId: Buffer, pskSecret: Buffer): Promise<void> {
  for (const a of group)
    await a.client.call("storePsk", { stateOrTransactionId: a.stateId || a.transactionId, pskId, pskSecret });
}

for (const encrypt of [false, true]) {
  const run: Run = { suite: 1, encrypt };
  describe(`${encrypt ? "PrivateMessage" : "PublicMessage"} handshakes`, () => {
    test("add, update and remove, by reference and by value", async () => {
      const [alice, bob, c1, c2, c3, c4] = actors(
        ["alice", "bob", "charlie1", "charlie2", "charlie3", "charlie4"],
        clients,
      );
      await createGroup(run, alice!, [bob!]);
      const p1 = await alice!.client.call("addProposal", {
        stateId: alice!.stateId,
        keyPackage: await keyPackage(run, c1!),
      });
      const p2 = await bob!.client.call("addProposal", {
        stateId: bob!.stateId,
        keyPackage: await keyPackage(run, c2!),
      });
      const kp3 = await keyPackage(run, c3!);
      await commit(
        run,
        alice!,
        { byReference: [p1.proposal, p2.proposal], byValue: [byValue("add", { keyPackage: kp3 })] },
        [bob!],
        [c1!, c2!, c3!],
      );

      const up = await bob!.client.call("updateProposal", { stateId: bob!.stateId });
      const up2 = await c1!.client.call("updateProposal", { stateId: c1!.stateId });
      await commit(run, alice!, { byReference: [up.proposal, up2.proposal] }, [bob!, c1!, c2!, c3!]);

      const r1 = await alice!.client.call("removeProposal", { stateId: alice!.stateId, removedId: c1!.identity });
      const r2 = await bob!.client.call("removeProposal", { stateId: bob!.stateId, removedId: c2!.identity });
      await commit(
        run,
        alice!,
        { byReference: [r1.proposal, r2.proposal], byValue: [byValue("remove", { removedId: c3!.identity })] },
        [bob!],
      );
      // The removed members' states are useless now; drop them the way the runner would not.
      await freeAll([c1!, c2!, c3!]);

      // Remove and re-add the same identity.
      const back = await keyPackage(run, c4!);
      await commit(run, bob!, { byValue: [byValue("add", { keyPackage: back })], forcePath: false }, [alice!], [c4!]);
      await expectAgreement([alice!, bob!, c4!]);
      await freeAll([alice!, bob!, c4!]);
    });

    test("external and resumption PSKs, by reference and by value", async () => {
      const [alice, bob] = actors(["alice", "bob"], clients);
      await createGroup(run, alice!, [bob!]);
      const ids = [Buffer.from("psk-1"), Buffer.from("psk-2"), Buffer.from("psk-3")];
      for (const [i, id] of ids.entries()) await storePsk([alice!, bob!], id, Buffer.alloc(32, i + 1));
      const e1 = await alice!.client.call("externalPskProposal", { stateId: alice!.stateId, pskId: ids[0] });
      const e2 = await bob!.client.call("externalPskProposal", { stateId: bob!.stateId, pskId: ids[1] });
      await commit(
        run,
        alice!,
        { byReference: [e1.proposal, e2.proposal], byValue: [byValue("externalPSK", { pskId: ids[2] })] },
        [bob!],
      );
      await commit(run, alice!, {}, [bob!]);
      // Epoch 3 now: resumption secrets of a past epoch and of the current one.
      const r1 = await alice!.client.call("resumptionPskProposal", { stateId: alice!.stateId, epochId: 1n });
      const r2 = await bob!.client.call("resumptionPskProposal", { stateId: bob!.stateId, epochId: 2n });
      await commit(
        run,
        alice!,
        { byReference: [r1.proposal, r2.proposal], byValue: [byValue("resumptionPSK", { epochId: 3n })] },
        [bob!],
      );
      await freeAll([alice!, bob!]);
    });

    test("group context extensions, set, cleared and set by value", async () => {
      const [alice, bob] = actors(["alice", "bob"], clients);
      await createGroup(run, alice!, [bob!]);
      const set = await alice!.client.call("groupContextExtensionsProposal", {
        stateId: alice!.stateId,
        extensions: [ext(3, "AAAA"), ext(5, "AA==")],
      });
      await commit(run, alice!, { byReference: [set.proposal] }, [bob!]);
      const clear = await bob!.client.call("groupContextExtensionsProposal", { stateId: bob!.stateId, extensions: [] });
      await commit(run, alice!, { byReference: [clear.proposal] }, [bob!]);
      await commit(run, alice!, { byValue: [byValue("groupContextExtensions", { extensions: [ext(3, "AAAA")] })] }, [
        bob!,
      ]);
      await freeAll([alice!, bob!]);
    });

    test("external join, with more members and removing the prior leaf", async () => {
      const [alice, bob, charlie] = actors(["alice", "bob", "charlie"], clients);
      await createGroup(run, alice!, [bob!]);
      for (const externalTree of [false, true]) {
        const gi = await bob!.client.call("groupInfo", { stateId: bob!.stateId, externalTree });
        const joined = await charlie!.client.call("externalJoin", {
          groupInfo: gi.groupInfo,
          ratchetTree: gi.ratchetTree,
          encryptHandshake: encrypt,
          identity: charlie!.identity,
          removePrior: !externalTree ? false : true,
        });
        charlie!.stateId = joined.stateId;
        for (const m of [alice!, bob!]) {
          const handled = await m.client.call("handleCommit", { stateId: m.stateId, commit: joined.commit });
          assert.deepEqual(handled.epochAuthenticator, joined.epochAuthenticator);
        }
      }
      // Only one charlie leaf remains: removing it by identity leaves two members.
      const r = await alice!.client.call("removeProposal", { stateId: alice!.stateId, removedId: charlie!.identity });
      await commit(run, bob!, { byReference: [r.proposal] }, [alice!]);
      await expectStatus(
        alice!.client.call("removeProposal", { stateId: alice!.stateId, removedId: charlie!.identity }),
        status.NOT_FOUND,
        "RemoveProposal",
      );
      await freeAll([alice!, bob!, charlie!]);
    });

    test("external join with PSKs: the commit carries them and members holding them agree", async () => {
      const [alice, bob, charlie] = actors(["alice", "bob", "charlie"], clients);
      await createGroup(run, alice!, [bob!]);
      const psks = [
        { pskId: Buffer.from("first"), pskSecret: Buffer.alloc(32, 1) },
        { pskId: Buffer.from("second"), pskSecret: Buffer.alloc(32, 2) },
      ];
      for (const psk of psks) await storePsk([alice!, bob!], psk.pskId, psk.pskSecret);
      const gi = await alice!.client.call("groupInfo", { stateId: alice!.stateId });
      const joined = await charlie!.client.call("externalJoin", {
        groupInfo: gi.groupInfo,
        encryptHandshake: encrypt,
        identity: charlie!.identity,
        psks,
      });
      charlie!.stateId = joined.stateId;
      assert.deepEqual(parseCommit(joined.commit).proposalTypes, [6, 4, 4], "ExternalInit, then the PSKs in order");
      for (const m of [alice!, bob!]) {
        const handled = await m.client.call("handleCommit", { stateId: m.stateId, commit: joined.commit });
        assert.deepEqual(handled.epochAuthenticator, joined.epochAuthenticator);
      }
      await commit(run, charlie!, {}, [alice!, bob!]);
      await freeAll([alice!, bob!, charlie!]);
    });

    test("reinit to another ciphersuite and group id", async () => {
      const [alice, bob, charlie, diana] = actors(["alice", "bob", "charlie", "diana"], clients);
      await createGroup(run, alice!, [bob!, charlie!, diana!]);
      const proposal = await alice!.client.call("reInitProposal", {
        stateId: alice!.stateId,
        cipherSuite: 3,
        groupId: Buffer.from("reinitialised"),
        extensions: [],
      });
      const created = await bob!.client.call("reInitCommit", {
        stateId: bob!.stateId,
        byReference: [proposal.proposal],
      });
      const committer = await bob!.client.call("handlePendingReInitCommit", { stateId: bob!.stateId });
      const reinitIds = new Map<Actor, number>([[bob!, committer.reinitId]]);
      const keyPackages = new Map<Actor, Buffer>([[bob!, committer.keyPackage]]);
      for (const m of [alice!, charlie!, diana!]) {
        const res = await m.client.call("handleReInitCommit", {
          stateId: m.stateId,
          proposal: [proposal.proposal],
          commit: created.commit,
        });
        assert.deepEqual(res.epochAuthenticator, committer.epochAuthenticator);
        reinitIds.set(m, res.reinitId);
        keyPackages.set(m, res.keyPackage);
      }
      const welcomer = charlie!;
      const welcome = await welcomer.client.call("reInitWelcome", {
        reinitId: reinitIds.get(welcomer),
        keyPackage: [...keyPackages].filter(([a]) => a !== welcomer).map(([, kp]) => kp),
        externalTree: true,
      });
      welcomer.stateId = welcome.stateId;
      for (const m of [alice!, bob!, diana!]) {
        const joined = await m.client.call("handleReInitWelcome", {
          reinitId: reinitIds.get(m),
          welcome: welcome.welcome,
          ratchetTree: welcome.ratchetTree,
        });
        assert.deepEqual(joined.epochAuthenticator, welcome.epochAuthenticator);
        m.stateId = joined.stateId;
      }
      await commit({ suite: 3, encrypt }, diana!, {}, [alice!, bob!, charlie!]);
      await freeAll([alice!, bob!, charlie!, diana!]);
    });

    test("a reinit with required_capabilities and external senders joins (extensions compared by bytes)", async () => {
      const [alice, bob] = actors(["alice", "bob"], clients);
      await createGroup(run, alice!, [bob!]);
      const proposal = await alice!.client.call("reInitProposal", {
        stateId: alice!.stateId,
        cipherSuite: 1,
        groupId: Buffer.from("rc"),
        extensions: [ext(3, "AAAA"), ext(5, "AA==")],
      });
      const created = await alice!.client.call("reInitCommit", {
        stateId: alice!.stateId,
        byReference: [proposal.proposal],
      });
      const committer = await alice!.client.call("handlePendingReInitCommit", { stateId: alice!.stateId });
      const member = await bob!.client.call("handleReInitCommit", {
        stateId: bob!.stateId,
        proposal: [proposal.proposal],
        commit: created.commit,
      });
      const welcome = await alice!.client.call("reInitWelcome", {
        reinitId: committer.reinitId,
        keyPackage: [member.keyPackage],
      });
      // As released, ts-mls compares required_capabilities by object identity (KNOWN-ISSUES.md#reinit-required-capabilities).
      const joined = await bob!.client.call("handleReInitWelcome", {
        reinitId: member.reinitId,
        welcome: welcome.welcome,
      });
      assert.deepEqual(joined.epochAuthenticator, welcome.epochAuthenticator);
      alice!.stateId = welcome.stateId;
      bob!.stateId = joined.stateId;
      await commit(run, bob!, {}, [alice!]);
      await freeAll([alice!, bob!]);
    });

    test("branch, with extensions, parent stays usable", async () => {
      const [alice, bob, charlie] = actors(["alice", "bob", "charlie"], clients);
      await createGroup(run, alice!, [bob!, charlie!]);
      const kps = [await keyPackage(run, bob!), await keyPackage(run, charlie!)];
      const branch = await alice!.client.call("createBranch", {
        stateId: alice!.stateId,
        groupId: Buffer.from("branch"),
        extensions: [ext(3, "AAAA"), ext(5, "AA==")],
        keyPackages: kps,
      });
      const branchActors = actors(["alice", "bob", "charlie"], clients);
      branchActors[0]!.stateId = branch.stateId;
      for (const [i, m] of [bob!, charlie!].entries()) {
        const joined = await m.client.call("handleBranch", {
          stateId: m.stateId,
          transactionId: m.transactionId,
          welcome: branch.welcome,
          ratchetTree: branch.ratchetTree,
        });
        assert.deepEqual(joined.epochAuthenticator, branch.epochAuthenticator);
        branchActors[i + 1] = Object.assign(actors([m.name], [m.client])[0]!, { stateId: joined.stateId });
      }
      await commit(run, branchActors[1]!, {}, [branchActors[0]!, branchActors[2]!]);
      await commit(run, alice!, {}, [bob!, charlie!]);
      await freeAll([alice!, bob!, charlie!, ...branchActors]);
    });

    test("external senders: add, remove, PSKs, extensions and an external reinit", async () => {
      const [alice, bob, charlie, ds1, ds2, dave] = actors(["alice", "bob", "charlie", "ds1", "ds2", "dave"], clients);
      await createGroup(run, alice!, [bob!, charlie!]);
      const signers = new Map<Actor, number>();
      for (const ds of [ds1!, ds2!]) {
        const signer = await ds.client.call("createExternalSigner", { cipherSuite: 1, identity: ds.identity });
        signers.set(ds, signer.signerId);
        const p = await alice!.client.call("addExternalSigner", {
          stateId: alice!.stateId,
          externalSender: signer.externalSender,
        });
        await commit(run, alice!, { byReference: [p.proposal] }, [bob!, charlie!]);
      }
      const external = async (ds: Actor, description: ReturnType<typeof byValue>) => {
        const gi = await alice!.client.call("groupInfo", { stateId: alice!.stateId, externalTree: true });
        return (
          await ds.client.call("externalSignerProposal", {
            signerId: signers.get(ds),
            groupInfo: gi.groupInfo,
            ratchetTree: gi.ratchetTree,
            description,
          })
        ).proposal;
      };
      const add = await external(ds2!, byValue("add", { keyPackage: await keyPackage(run, dave!) }));
      await commit(run, alice!, { byReference: [add] }, [bob!, charlie!], [dave!]);
      await storePsk([alice!, bob!, charlie!, dave!], Buffer.from("ext-psk"), Buffer.alloc(32, 9));
      // dave joined in epoch 4, so that is the oldest resumption secret every member holds.
      const psks = [
        await external(ds1!, byValue("externalPSK", { pskId: Buffer.from("ext-psk") })),
        await external(ds2!, byValue("resumptionPSK", { epochId: 4n })),
      ];
      await commit(run, alice!, { byReference: psks }, [bob!, charlie!, dave!]);
      const remove = await external(ds1!, byValue("remove", { removedId: dave!.identity }));
      await commit(run, alice!, { byReference: [remove] }, [bob!, charlie!]);

      const reinit = await external(
        ds2!,
        byValue("reinit", { groupId: Buffer.from("after"), cipherSuite: 2, extensions: [] }),
      );
      const created = await alice!.client.call("reInitCommit", { stateId: alice!.stateId, byReference: [reinit] });
      const committer = await alice!.client.call("handlePendingReInitCommit", { stateId: alice!.stateId });
      const others = [];
      for (const m of [bob!, charlie!]) {
        const res = await m.client.call("handleReInitCommit", {
          stateId: m.stateId,
          proposal: [reinit],
          commit: created.commit,
        });
        assert.deepEqual(res.epochAuthenticator, committer.epochAuthenticator);
        others.push({ m, res });
      }
      const welcome = await alice!.client.call("reInitWelcome", {
        reinitId: committer.reinitId,
        keyPackage: others.map((o) => o.res.keyPackage),
      });
      alice!.stateId = welcome.stateId;
      for (const { m, res } of others) {
        const joined = await m.client.call("handleReInitWelcome", { reinitId: res.reinitId, welcome: welcome.welcome });
        assert.deepEqual(joined.epochAuthenticator, welcome.epochAuthenticator);
        m.stateId = joined.stateId;
      }
      await freeAll([alice!, bob!, charlie!, dave!]);
      for (const [ds, id] of signers) await ds.client.call("free", { stateId: id });
    });

    test("a joiner-signed Add (new member proposal)", async () => {
      const [alice, bob, joiner] = actors(["alice", "bob", "newcomer"], clients);
      await createGroup(run, alice!, [bob!]);
      const gi = await alice!.client.call("groupInfo", { stateId: alice!.stateId });
      const proposal = await joiner!.client.call("newMemberAddProposal", {
        groupInfo: gi.groupInfo,
        identity: joiner!.identity,
      });
      joiner!.transactionId = proposal.transactionId;
      assert.equal(proposal.proposal.readUInt16BE(2), 1, "always a PublicMessage");
      await commit(run, alice!, { byReference: [proposal.proposal] }, [bob!], [joiner!]);
      await freeAll([alice!, bob!, joiner!]);
    });

    test("application messages over three epochs, delivered out of order", async () => {
      const [alice, bob] = actors(["alice", "bob"], clients);
      await createGroup(run, alice!, [bob!]);
      const sent: Array<{ text: string; ciphertext: Buffer }> = [];
      for (let epoch = 0; epoch < 3; epoch++) {
        for (let i = 0; i < 3; i++) {
          const text = `epoch ${epoch} message ${i}`;
          const res = await alice!.client.call("protect", {
            stateId: alice!.stateId,
            plaintext: Buffer.from(text),
            authenticatedData: Buffer.from(`ad ${text}`),
          });
          sent.push({ text, ciphertext: res.ciphertext });
        }
        await commit(run, alice!, {}, [bob!]);
      }
      for (const { text, ciphertext } of [...sent].reverse()) {
        const opened = await bob!.client.call("unprotect", { stateId: bob!.stateId, ciphertext });
        assert.equal(opened.plaintext.toString(), text);
        assert.equal(opened.authenticatedData.toString(), `ad ${text}`);
      }
      await freeAll([alice!, bob!]);
    });
  });
}
