// Checks on the bytes we emit, read with an RFC reader of our own rather
// than with ts-mls (which got some of them wrong).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { TlsReader, parseGroupInfo, wireFormat } from "../testing/tls-reader.js";
import { Actor, byValue, commit, createGroup, keyPackage, type Run } from "../testing/scenario.js";
import { inProcessServer, type TestServer } from "../testing/servers.js";
import type { Client } from "../testing/client.js";
import {
  joinGroupWithExtensions,
  decode,
  mlsMessageDecoder,
  getCiphersuiteImpl,
  unsafeTestingAuthenticationService,
  type Welcome,
  type KeyPackage,
} from "ts-mls";

let server: TestServer;
let c: Client;
before(async () => {
  server = await inProcessServer();
  c = server.client;
});
after(() => server.stop());

const publicMessage = 1;
const privateMessage = 2;

describe("GroupInfo", () => {
  for (const externalTree of [false, true]) {
    test(`external_pub is nested as RFC 9420 §12.4.3.2 says (external_tree ${externalTree})`, async () => {
      const alice = new Actor("alice", c);
      await createGroup({ suite: 1, encrypt: false }, alice, [new Actor("bob", c)]);
      const info = await c.call("groupInfo", { stateId: alice.stateId, externalTree });
      const { extensions } = parseGroupInfo(info.groupInfo);
      const externalPub = extensions.filter((e) => e.type === 4);
      assert.equal(externalPub.length, 1, "exactly one external_pub");
      const inner = new TlsReader(externalPub[0]!.data);
      const key = inner.vector();
      assert.equal(inner.remaining, 0, "external_pub data is exactly one length-prefixed key");
      assert.equal(key.length, 32, "an X25519 public key");
      assert.equal(
        extensions.some((e) => e.type === 2),
        !externalTree,
        "ratchet_tree extension iff the tree is not external",
      );
      assert.equal(info.ratchetTree.length > 0, externalTree);
    });
  }
});

/** Opens a Welcome the way a joiner would, to look at its GroupInfo's extensions. */
async function welcomeGroupInfoExtensions(
  welcome: Buffer,
  kp: { keyPackage: Buffer; initPriv: Buffer; encryptionPriv: Buffer; signaturePriv: Buffer },
  tree?: Buffer,
): Promise<number[]> {
  const impl = await getCiphersuiteImpl("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519");
  const w = decode(mlsMessageDecoder, welcome) as { welcome: Welcome };
  const k = decode(mlsMessageDecoder, kp.keyPackage) as { keyPackage: KeyPackage };
  const { ratchetTreeDecoder } = await import("../ts-mls/tree-internals.js");
  const result = await joinGroupWithExtensions({
    context: { cipherSuite: impl, authService: unsafeTestingAuthenticationService },
    welcome: w.welcome,
    keyPackage: k.keyPackage,
    privateKeys: {
      initPrivateKey: kp.initPriv,
      hpkePrivateKey: kp.encryptionPriv,
      signaturePrivateKey: kp.signaturePriv,
    },
    ratchetTree: tree === undefined ? undefined : ratchetTreeDecoder(tree, 0)![0],
  });
  return result.groupInfoExtensions.map((e) => e.extensionType);
}

describe("Welcome", () => {
  for (const externalTree of [false, true]) {
    test(`ratchet_tree extension in the Welcome's GroupInfo iff not external_tree (${externalTree})`, async () => {
      const alice = new Actor("alice", c);
      await createGroup({ suite: 1, encrypt: false }, alice, []);
      const kp = await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("bob") });
      const res = await c.call("commit", {
        stateId: alice.stateId,
        byValue: [byValue("add", { keyPackage: kp.keyPackage })],
        externalTree,
      });
      assert.equal(res.ratchetTree.length > 0, externalTree);
      const types = await welcomeGroupInfoExtensions(res.welcome, kp, externalTree ? res.ratchetTree : undefined);
      assert.equal(types.includes(2), !externalTree);
    });
  }
  test("no Welcome when nobody is added", async () => {
    const alice = new Actor("alice", c);
    await createGroup({ suite: 1, encrypt: false }, alice, [new Actor("bob", c)]);
    const res = await c.call("commit", { stateId: alice.stateId });
    assert.equal(res.welcome.length, 0);
  });
});

describe("handshake wire format follows encrypt_handshake", () => {
  for (const encrypt of [false, true]) {
    const member = encrypt ? privateMessage : publicMessage;
    test(`encrypt_handshake ${encrypt}`, async () => {
      const run: Run = { suite: 1, encrypt };
      const [alice, bob, carol, dave] = ["alice", "bob", "carol", "dave"].map((n) => new Actor(n, c));
      await createGroup(run, alice!, [bob!]);
      const seen: Array<[string, Buffer, number]> = [];
      const update = await bob!.client.call("updateProposal", { stateId: bob!.stateId });
      seen.push(["UpdateProposal", update.proposal, member]);
      const add = await alice!.client.call("addProposal", {
        stateId: alice!.stateId,
        keyPackage: await keyPackage(run, carol!),
      });
      seen.push(["AddProposal", add.proposal, member]);
      const committed = await commit(run, alice!, { byReference: [update.proposal, add.proposal] }, [bob!], [carol!]);
      seen.push(["Commit", committed.commit, member]);
      const signer = await dave!.client.call("createExternalSigner", { cipherSuite: 1, identity: Buffer.from("ds") });
      const addSigner = await alice!.client.call("addExternalSigner", {
        stateId: alice!.stateId,
        externalSender: signer.externalSender,
      });
      seen.push(["AddExternalSigner", addSigner.proposal, member]);
      await commit(run, alice!, { byReference: [addSigner.proposal] }, [bob!, carol!]);
      const info = await alice!.client.call("groupInfo", { stateId: alice!.stateId, externalTree: true });
      const external = await dave!.client.call("externalSignerProposal", {
        signerId: signer.signerId,
        groupInfo: info.groupInfo,
        ratchetTree: info.ratchetTree,
        description: byValue("remove", { removedId: carol!.identity }),
      });
      seen.push(["ExternalSignerProposal", external.proposal, publicMessage]);
      const newcomer = await dave!.client.call("newMemberAddProposal", {
        groupInfo: info.groupInfo,
        identity: Buffer.from("erin"),
      });
      seen.push(["NewMemberAddProposal", newcomer.proposal, publicMessage]);
      const joined = await dave!.client.call("externalJoin", {
        groupInfo: info.groupInfo,
        ratchetTree: info.ratchetTree,
        encryptHandshake: encrypt,
        identity: dave!.identity,
      });
      seen.push(["ExternalJoin", joined.commit, publicMessage]);
      const sealed = await alice!.client.call("protect", { stateId: alice!.stateId, plaintext: Buffer.from("x") });
      seen.push(["Protect", sealed.ciphertext, privateMessage]);
      const reinit = await bob!.client.call("reInitProposal", {
        stateId: bob!.stateId,
        cipherSuite: 1,
        groupId: Buffer.from("n"),
      });
      seen.push(["ReInitProposal", reinit.proposal, member]);
      const reinitCommit = await bob!.client.call("reInitCommit", {
        stateId: bob!.stateId,
        byReference: [reinit.proposal],
      });
      seen.push(["ReInitCommit", reinitCommit.commit, member]);
      for (const [what, bytes, expected] of seen) assert.equal(wireFormat(bytes), expected, `${what} wire format`);
    });
  }
});
