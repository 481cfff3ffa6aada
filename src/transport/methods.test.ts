// Every method over gRPC against a real server: a success and its main
// error paths, each failure with the status semantics.md assigns.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { status } from "@grpc/grpc-js";
import { expectStatus } from "../testing/expect-status.js";
import { Actor, byValue, commit, createGroup, keyPackage, type Run } from "../testing/scenario.js";
import { inProcessServer, type TestServer } from "../testing/servers.js";
import type { Client } from "../testing/client.js";
import { parseCommit, parseGroupInfo } from "../testing/tls-reader.js";

const run: Run = { suite: 1, encrypt: false };
const garbage = Buffer.from("this is not an MLS message");
let server: TestServer;
let c: Client;

before(async () => {
  server = await inProcessServer();
  c = server.client;
});
after(() => server.stop());

/** A fresh two-member group on the test server. */
async function pair(): Promise<{ alice: Actor; bob: Actor }> {
  const alice = new Actor("alice", c);
  const bob = new Actor("bob", c);
  await createGroup(run, alice, [bob]);
  return { alice, bob };
}

async function auth(actor: Actor): Promise<Buffer> {
  return (await c.call("stateAuth", { stateId: actor.stateId })).stateAuthSecret;
}

/** A one-member group's commit adding a fresh KeyPackage, and its Welcome. */
async function addNewcomer() {
  const alice = new Actor("alice", c);
  await createGroup(run, alice, []);
  const kp = await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("x") });
  const created = await c.call("commit", {
    stateId: alice.stateId,
    byValue: [byValue("add", { keyPackage: kp.keyPackage })],
  });
  return { alice, kp, welcome: created.welcome };
}

describe("Name and SupportedCiphersuites", () => {
  test("Name names the project, the ts-mls version and the mode", async () => {
    const { name } = await c.call("name", {});
    assert.match(name, /^mls-interop-ts \S+ \(ts-mls 2\.0\.0-rc\.10, RFC 9420 layer\)$/);
    // The as-released Name, from a server process of its own: as-released.test.ts.
  });
  test("SupportedCiphersuites lists RFC suites 1-7", async () => {
    assert.deepEqual((await c.call("supportedCiphersuites", {})).ciphersuites, [1, 2, 3, 4, 5, 6, 7]);
  });
});

describe("CreateGroup and CreateKeyPackage", () => {
  test("CreateGroup returns a non-zero state", async () => {
    const res = await c.call("createGroup", { groupId: Buffer.from("g"), cipherSuite: 1, identity: Buffer.from("a") });
    assert.ok(res.stateId > 0);
  });
  test("CreateGroup with an unsupported suite is INVALID_ARGUMENT", async () => {
    await expectStatus(
      c.call("createGroup", { cipherSuite: 0xf00d, identity: Buffer.from("a") }),
      status.INVALID_ARGUMENT,
      "CreateGroup",
      /unsupported ciphersuite/,
    );
  });
  test("CreateKeyPackage returns raw private keys in the test-vector format", async () => {
    const res = await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("bob") });
    assert.ok(res.transactionId > 0);
    assert.equal(res.initPriv.length, 32, "X25519 private key");
    assert.equal(res.encryptionPriv.length, 32, "X25519 private key");
    assert.equal(res.signaturePriv.length, 32, "Ed25519 seed, not PKCS#8");
    assert.equal(res.keyPackage.readUInt16BE(2), 5, "an MLSMessage(KeyPackage)");
  });
  test("CreateKeyPackage with suite 0 is INVALID_ARGUMENT", async () => {
    await expectStatus(c.call("createKeyPackage", { cipherSuite: 0 }), status.INVALID_ARGUMENT, "CreateKeyPackage");
  });
});

describe("JoinGroup", () => {
  test("consumes the join handle", async () => {
    const alice = new Actor("alice", c);
    const bob = new Actor("bob", c);
    await createGroup(run, alice, []);
    const kp = await keyPackage(run, bob);
    const res = await commit(run, alice, { byValue: [byValue("add", { keyPackage: kp })] }, [], [bob]);
    await expectStatus(
      c.call("joinGroup", { transactionId: bob.transactionId, welcome: res.welcome }),
      status.NOT_FOUND,
      "JoinGroup",
      /unknown join/,
    );
  });
  test("unknown transaction is NOT_FOUND; a bad welcome is INVALID_ARGUMENT", async () => {
    const { kp, welcome } = await addNewcomer();
    await expectStatus(
      c.call("joinGroup", { transactionId: 987654, welcome }),
      status.NOT_FOUND,
      "JoinGroup",
      /unknown join/,
    );
    await expectStatus(
      c.call("joinGroup", { transactionId: kp.transactionId, welcome: garbage }),
      status.INVALID_ARGUMENT,
      "JoinGroup",
    );
    await expectStatus(
      c.call("joinGroup", { transactionId: kp.transactionId, welcome: kp.keyPackage }),
      status.INVALID_ARGUMENT,
      "JoinGroup",
      /holds a KeyPackage, expected a Welcome/,
    );
    const joined = await c.call("joinGroup", { transactionId: kp.transactionId, welcome });
    assert.ok(joined.stateId > 0, "the failed attempts left the join handle usable");
  });
  test("a Welcome for someone else is INVALID_ARGUMENT and keeps the join handle", async () => {
    const alice = new Actor("alice", c);
    const bob = new Actor("bob", c);
    const eve = new Actor("eve", c);
    await createGroup(run, alice, []);
    const kp = await keyPackage(run, bob);
    await keyPackage(run, eve);
    const created = await c.call("commit", { stateId: alice.stateId, byValue: [byValue("add", { keyPackage: kp })] });
    await expectStatus(
      c.call("joinGroup", { transactionId: eve.transactionId, welcome: created.welcome }),
      status.INVALID_ARGUMENT,
      "JoinGroup",
    );
    await c.call("storePsk", {
      stateOrTransactionId: eve.transactionId,
      pskId: Buffer.from("p"),
      pskSecret: Buffer.alloc(32),
    });
  });
  test("a Welcome whose encrypted GroupInfo was altered fails in words, not WebCrypto's", async () => {
    const { kp, welcome } = await addNewcomer();
    const altered = Buffer.from(welcome);
    altered[altered.length - 1]! ^= 1; // the AEAD tag of encrypted_group_info
    const err = await expectStatus(
      c.call("joinGroup", { transactionId: kp.transactionId, welcome: altered }),
      status.INVALID_ARGUMENT,
      "JoinGroup",
      /decryption or verification failed/,
    );
    assert.doesNotMatch(err.details, /OperationError|operation-specific/);
  });
  test("handle 0 is NOT_FOUND", async () => {
    const { welcome } = await addNewcomer();
    await expectStatus(c.call("joinGroup", { transactionId: 0, welcome }), status.NOT_FOUND, "JoinGroup");
  });
});

describe("GroupInfo, StateAuth, Export", () => {
  test("GroupInfo with and without external tree", async () => {
    const { alice } = await pair();
    const inline = await c.call("groupInfo", { stateId: alice.stateId, externalTree: false });
    assert.equal(inline.ratchetTree.length, 0);
    assert.equal(inline.groupInfo.readUInt16BE(2), 4, "an MLSMessage(GroupInfo)");
    const external = await c.call("groupInfo", { stateId: alice.stateId, externalTree: true });
    assert.ok(external.ratchetTree.length > 0);
    assert.ok(external.groupInfo.length < inline.groupInfo.length, "no ratchet_tree extension when external");
  });
  test("unknown and 0 states are NOT_FOUND", async () => {
    await expectStatus(
      c.call("groupInfo", { stateId: 123456 }),
      status.NOT_FOUND,
      "GroupInfo",
      /unknown state handle 123456/,
    );
    await expectStatus(c.call("stateAuth", { stateId: 0 }), status.NOT_FOUND, "StateAuth");
  });
  test("a join handle is not a state", async () => {
    const kp = await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("x") });
    await expectStatus(c.call("stateAuth", { stateId: kp.transactionId }), status.NOT_FOUND, "StateAuth", /is a join/);
  });
  test("Export agrees between members and is bounded", async () => {
    const { alice, bob } = await pair();
    const request = { label: "test", context: Buffer.from("ctx"), keyLength: 42 };
    const a = await c.call("export", { stateId: alice.stateId, ...request });
    const b = await c.call("export", { stateId: bob.stateId, ...request });
    assert.equal(a.exportedSecret.length, 42);
    assert.deepEqual(a.exportedSecret, b.exportedSecret);
    await expectStatus(
      c.call("export", { stateId: alice.stateId, ...request, keyLength: 1_000_000 }),
      status.INVALID_ARGUMENT,
      "Export",
    );
  });
});

describe("Protect and Unprotect", () => {
  test("round trip, and bad ciphertexts", async () => {
    const { alice, bob } = await pair();
    const sealed = await c.call("protect", {
      stateId: alice.stateId,
      plaintext: Buffer.from("hi"),
      authenticatedData: Buffer.from("ad"),
    });
    assert.equal(sealed.ciphertext.readUInt16BE(2), 2, "a PrivateMessage");
    const opened = await c.call("unprotect", { stateId: bob.stateId, ciphertext: sealed.ciphertext });
    assert.equal(opened.plaintext.toString(), "hi");
    assert.equal(opened.authenticatedData.toString(), "ad");
    await expectStatus(
      c.call("unprotect", { stateId: bob.stateId, ciphertext: sealed.ciphertext }),
      status.INVALID_ARGUMENT,
      "Unprotect",
    );
    await expectStatus(
      c.call("unprotect", { stateId: bob.stateId, ciphertext: garbage }),
      status.INVALID_ARGUMENT,
      "Unprotect",
    );
    const proposal = await c.call("updateProposal", { stateId: alice.stateId });
    await expectStatus(
      c.call("unprotect", { stateId: bob.stateId, ciphertext: proposal.proposal }),
      status.INVALID_ARGUMENT,
      "Unprotect",
      /expected a PrivateMessage/,
    );
  });
  test("unknown state", async () => {
    await expectStatus(c.call("protect", { stateId: 424242 }), status.NOT_FOUND, "Protect");
  });
});

describe("StorePSK and PSK proposals", () => {
  test("StorePSK on an unknown handle is NOT_FOUND", async () => {
    await expectStatus(
      c.call("storePsk", { stateOrTransactionId: 777777, pskId: Buffer.from("p") }),
      status.NOT_FOUND,
      "StorePSK",
    );
  });
  test("ExternalPSKProposal needs the PSK stored for that state", async () => {
    const { alice, bob } = await pair();
    const pskId = Buffer.from("psk");
    await expectStatus(
      c.call("externalPskProposal", { stateId: alice.stateId, pskId }),
      status.FAILED_PRECONDITION,
      "ExternalPSKProposal",
      /not stored/,
    );
    await c.call("storePsk", { stateOrTransactionId: alice.stateId, pskId, pskSecret: Buffer.alloc(32, 1) });
    await expectStatus(
      c.call("externalPskProposal", { stateId: bob.stateId, pskId }),
      status.FAILED_PRECONDITION,
      "ExternalPSKProposal",
    );
    const p = await c.call("externalPskProposal", { stateId: alice.stateId, pskId });
    assert.ok(p.proposal.length > 0);
  });
  test("ResumptionPSKProposal for an epoch the state does not hold", async () => {
    const { alice } = await pair();
    await expectStatus(
      c.call("resumptionPskProposal", { stateId: alice.stateId, epochId: 99n }),
      status.FAILED_PRECONDITION,
      "ResumptionPSKProposal",
      /epoch 99/,
    );
    const current = await c.call("resumptionPskProposal", { stateId: alice.stateId, epochId: 1n });
    assert.ok(current.proposal.length > 0);
  });
});

describe("proposals", () => {
  test("AddProposal with a bad KeyPackage", async () => {
    const { alice } = await pair();
    await expectStatus(
      c.call("addProposal", { stateId: alice.stateId, keyPackage: garbage }),
      status.INVALID_ARGUMENT,
      "AddProposal",
      /key_package/,
    );
  });
  test("RemoveProposal of an unknown identity", async () => {
    const { alice } = await pair();
    await expectStatus(
      c.call("removeProposal", { stateId: alice.stateId, removedId: Buffer.from("mallory") }),
      status.NOT_FOUND,
      "RemoveProposal",
      /'mallory'/,
    );
  });
  test("UpdateProposal on an unknown state", async () => {
    await expectStatus(c.call("updateProposal", { stateId: 31337 }), status.NOT_FOUND, "UpdateProposal");
  });
  test("GroupContextExtensionsProposal parses what ts-mls must understand", async () => {
    const { alice } = await pair();
    await expectStatus(
      c.call("groupContextExtensionsProposal", {
        stateId: alice.stateId,
        extensions: [{ extensionType: 3, extensionData: Buffer.from([1]) }],
      }),
      status.INVALID_ARGUMENT,
      "GroupContextExtensionsProposal",
      /RequiredCapabilities/,
    );
    await expectStatus(
      c.call("groupContextExtensionsProposal", {
        stateId: alice.stateId,
        extensions: [{ extensionType: 2, extensionData: Buffer.alloc(0) }],
      }),
      status.INVALID_ARGUMENT,
      "GroupContextExtensionsProposal",
      /not a group context extension/,
    );
    const ok = await c.call("groupContextExtensionsProposal", {
      stateId: alice.stateId,
      extensions: [{ extensionType: 0xff00, extensionData: Buffer.from("opaque") }],
    });
    assert.ok(ok.proposal.length > 0);
  });
});

describe("Commit, HandleCommit, HandlePendingCommit", () => {
  test("a by_reference message that does not process fails the call and changes nothing", async () => {
    const { alice, bob } = await pair();
    const before = await auth(alice);
    await expectStatus(
      c.call("commit", { stateId: alice.stateId, byReference: [garbage] }),
      status.INVALID_ARGUMENT,
      "Commit",
      /by_reference\[0\]/,
    );
    await expectStatus(
      c.call("handlePendingCommit", { stateId: alice.stateId }),
      status.FAILED_PRECONDITION,
      "HandlePendingCommit",
    );
    assert.deepEqual(await auth(alice), before);
    await commit(run, alice, {}, [bob]);
  });
  test("an unknown by-value proposal type", async () => {
    const { alice } = await pair();
    await expectStatus(
      c.call("commit", { stateId: alice.stateId, byValue: [byValue("frobnicate")] }),
      status.INVALID_ARGUMENT,
      "Commit",
      /'frobnicate'/,
    );
  });
  test("force_path puts an UpdatePath on the wire of a commit of Adds, which every member follows", async () => {
    const { alice, bob } = await pair();
    const carol = new Actor("carol", c);
    const adds = [byValue("add", { keyPackage: await keyPackage(run, carol) })];
    const plain = await c.call("commit", { stateId: alice.stateId, byValue: adds });
    assert.equal(parseCommit(plain.commit).pathCiphertexts, undefined, "no path unless asked for");
    const dave = new Actor("dave", c);
    const forced = await commit(
      run,
      alice,
      { byValue: [byValue("add", { keyPackage: await keyPackage(run, dave) })], forcePath: true },
      [bob],
      [dave],
    );
    // Node 1 to bob; node 3's copath holds only dave, who gets its secret from the Welcome.
    assert.deepEqual(parseCommit(forced.commit).pathCiphertexts, [1, 0]);
  });
  test("RFC 9420 §12.4: one Remove, one Update and a GroupContextExtensions proposal get a path", async () => {
    const [alice, bob, charlie] = ["alice", "bob", "charlie"].map((n) => new Actor(n, c));
    await createGroup(run, alice!, [bob!, charlie!]);
    const update = await bob!.client.call("updateProposal", { stateId: bob!.stateId });
    const committed = await commit(run, alice!, { byReference: [update.proposal] }, [bob!, charlie!]);
    assert.ok(parseCommit(committed.commit).pathCiphertexts !== undefined, "Update");
    const gce = byValue("groupContextExtensions", { extensions: [] });
    assert.ok(parseCommit((await commit(run, alice!, { byValue: [gce] }, [bob!, charlie!])).commit).pathCiphertexts);
    const remove = byValue("remove", { removedId: Buffer.from("charlie") });
    assert.ok(parseCommit((await commit(run, alice!, { byValue: [remove] }, [bob!])).commit).pathCiphertexts);
  });
  test("a path over leaves the commit refills holds no ciphertext for the new members", async () => {
    const [alice, bob, c1, c2, d1, d2, d3] = ["alice", "bob", "c1", "c2", "d1", "d2", "d3"].map((n) => new Actor(n, c));
    await createGroup(run, alice!, [bob!, c1!, c2!]);
    const removes = [
      byValue("remove", { removedId: Buffer.from("c1") }),
      byValue("remove", { removedId: Buffer.from("c2") }),
    ];
    const add = async (a: Actor) => byValue("add", { keyPackage: await keyPackage(run, a) });
    // c1's leaf refilled by d1: node 5 is blank, so the path's second node goes to nobody.
    const refilled = await commit(run, alice!, { byValue: [...removes, await add(d1!)] }, [bob!], [d1!]);
    assert.deepEqual(parseCommit(refilled.commit).pathCiphertexts, [1, 0]);
    // A leaf blank before the commit, and a new extension of the tree.
    const more = [byValue("remove", { removedId: Buffer.from("d1") }), await add(d2!), await add(d3!)];
    await commit(run, bob!, { byValue: more, forcePath: true }, [alice!], [d2!, d3!]);
  });
  test("a GroupContextExtensions change with a path, and an empty list clearing the extensions", async () => {
    const [alice, bob, charlie] = ["alice", "bob", "charlie"].map((n) => new Actor(n, c));
    await createGroup(run, alice!, [bob!, charlie!]);
    const required = { extensionType: 3, extensionData: Buffer.from("AAAA", "base64") };
    const set = byValue("groupContextExtensions", { extensions: [required] });
    await commit(run, alice!, { byValue: [set], forcePath: true }, [bob!, charlie!]);
    const contextExtensions = async () =>
      parseGroupInfo((await c.call("groupInfo", { stateId: bob!.stateId })).groupInfo).contextExtensions;
    assert.deepEqual(
      (await contextExtensions()).map((e) => e.type),
      [3],
    );
    const clear = await charlie!.client.call("groupContextExtensionsProposal", {
      stateId: charlie!.stateId,
      extensions: [],
    });
    await commit(run, alice!, { byReference: [clear.proposal] }, [bob!, charlie!]);
    assert.deepEqual(await contextExtensions(), []);
  });
  test("HandleCommit rejects garbage and proposals posing as commits", async () => {
    const { alice, bob } = await pair();
    await expectStatus(
      c.call("handleCommit", { stateId: bob.stateId, commit: garbage }),
      status.INVALID_ARGUMENT,
      "HandleCommit",
    );
    const p = await c.call("updateProposal", { stateId: alice.stateId });
    await expectStatus(
      c.call("handleCommit", { stateId: bob.stateId, commit: p.proposal }),
      status.INVALID_ARGUMENT,
      "HandleCommit",
      /not a commit/,
    );
    await expectStatus(
      c.call("handleCommit", { stateId: bob.stateId, commit: Buffer.alloc(0) }),
      status.INVALID_ARGUMENT,
      "HandleCommit",
      /empty/,
    );
  });
  test("HandlePendingCommit without a pending commit", async () => {
    const { alice } = await pair();
    await expectStatus(
      c.call("handlePendingCommit", { stateId: alice.stateId }),
      status.FAILED_PRECONDITION,
      "HandlePendingCommit",
      /no pending commit/,
    );
  });
  test("HandleCommit of one's own pending commit applies it", async () => {
    const { alice, bob } = await pair();
    const created = await c.call("commit", { stateId: alice.stateId });
    const own = await c.call("handleCommit", { stateId: alice.stateId, commit: created.commit });
    const other = await c.call("handleCommit", { stateId: bob.stateId, commit: created.commit });
    assert.deepEqual(own.epochAuthenticator, other.epochAuthenticator);
  });
});

describe("reinit", () => {
  test("ReInitProposal to an unsupported suite", async () => {
    const { alice } = await pair();
    await expectStatus(
      c.call("reInitProposal", { stateId: alice.stateId, cipherSuite: 0xf00d, groupId: Buffer.from("n") }),
      status.INVALID_ARGUMENT,
      "ReInitProposal",
    );
  });
  test("ReInitCommit without a ReInit, and the handles around it", async () => {
    const { alice, bob } = await pair();
    await expectStatus(
      c.call("reInitCommit", { stateId: alice.stateId }),
      status.INVALID_ARGUMENT,
      "ReInitCommit",
      /no ReInit/,
    );
    await expectStatus(
      c.call("handlePendingReInitCommit", { stateId: alice.stateId }),
      status.FAILED_PRECONDITION,
      "HandlePendingReInitCommit",
    );
    const normal = await c.call("commit", { stateId: alice.stateId });
    await expectStatus(
      c.call("handlePendingReInitCommit", { stateId: alice.stateId }),
      status.INVALID_ARGUMENT,
      "HandlePendingReInitCommit",
      /ReInit/,
    );
    await expectStatus(
      c.call("handleReInitCommit", { stateId: bob.stateId, commit: normal.commit }),
      status.INVALID_ARGUMENT,
      "HandleReInitCommit",
    );
    await c.call("handleCommit", { stateId: bob.stateId, commit: normal.commit });
  });
  test("unknown reinit handles", async () => {
    await expectStatus(
      c.call("reInitWelcome", { reinitId: 55555 }),
      status.NOT_FOUND,
      "ReInitWelcome",
      /unknown reinit/,
    );
    await expectStatus(
      c.call("handleReInitWelcome", { reinitId: 55555, welcome: garbage }),
      status.INVALID_ARGUMENT,
      "HandleReInitWelcome",
    );
  });
  test("the suspended state id stays until freed and refuses new handshakes", async () => {
    const { alice, bob } = await pair();
    const p = await c.call("reInitProposal", { stateId: alice.stateId, cipherSuite: 1, groupId: Buffer.from("next") });
    const created = await c.call("reInitCommit", { stateId: alice.stateId, byReference: [p.proposal] });
    assert.equal(created.welcome.length, 0);
    const committer = await c.call("handlePendingReInitCommit", { stateId: alice.stateId });
    const suspended = await c.call("handleReInitCommit", {
      stateId: bob.stateId,
      proposal: [p.proposal],
      commit: created.commit,
    });
    assert.ok(suspended.reinitId > 0 && suspended.reinitId !== bob.stateId);
    // As in MLSpp and ts-mls's reference server: the old id now holds the suspended group.
    assert.deepEqual(await auth(bob), suspended.epochAuthenticator);
    assert.deepEqual(await auth(alice), committer.epochAuthenticator);
    await expectStatus(c.call("commit", { stateId: bob.stateId }), status.FAILED_PRECONDITION, "Commit", /suspended/);
    await expectStatus(
      c.call("updateProposal", { stateId: bob.stateId }),
      status.FAILED_PRECONDITION,
      "UpdateProposal",
      /suspended/,
    );
    const next = await c.call("commit", { stateId: alice.stateId }).catch((e: Error) => e);
    assert.ok(next instanceof Error, "the committer's suspended state does not commit either");
    await expectStatus(
      c.call("protect", { stateId: alice.stateId, plaintext: Buffer.from("hi") }),
      status.FAILED_PRECONDITION,
      "Protect",
      /suspended/,
    );
    // The Go runner frees it after a failed reinit step: that must succeed, once.
    await c.call("free", { stateId: bob.stateId });
    await expectStatus(c.call("free", { stateId: bob.stateId }), status.NOT_FOUND, "Free", /unknown handle/);
    await c.call("free", { stateId: alice.stateId });
    // The reinit handles do not depend on the freed states.
    const welcome = await c.call("reInitWelcome", { reinitId: committer.reinitId, keyPackage: [suspended.keyPackage] });
    const joined = await c.call("handleReInitWelcome", { reinitId: suspended.reinitId, welcome: welcome.welcome });
    assert.deepEqual(joined.epochAuthenticator, welcome.epochAuthenticator);
  });
});

describe("branch", () => {
  test("CreateBranch and HandleBranch handles", async () => {
    const { alice } = await pair();
    await expectStatus(
      c.call("createBranch", { stateId: 99999, groupId: Buffer.from("b") }),
      status.NOT_FOUND,
      "CreateBranch",
    );
    await expectStatus(
      c.call("createBranch", { stateId: alice.stateId, groupId: Buffer.from("b"), keyPackages: [garbage] }),
      status.INVALID_ARGUMENT,
      "CreateBranch",
      /key_packages\[0\]/,
    );
    await expectStatus(
      c.call("handleBranch", { stateId: alice.stateId, transactionId: 99999, welcome: garbage }),
      status.INVALID_ARGUMENT,
      "HandleBranch",
    );
  });
});

describe("external proposals", () => {
  test("NewMemberAddProposal with a bad GroupInfo", async () => {
    await expectStatus(
      c.call("newMemberAddProposal", { groupInfo: garbage, identity: Buffer.from("n") }),
      status.INVALID_ARGUMENT,
      "NewMemberAddProposal",
      /group_info/,
    );
  });
  test("external signers", async () => {
    const { alice } = await pair();
    await expectStatus(
      c.call("createExternalSigner", { cipherSuite: 99, identity: Buffer.from("ds") }),
      status.INVALID_ARGUMENT,
      "CreateExternalSigner",
    );
    const signer = await c.call("createExternalSigner", { cipherSuite: 1, identity: Buffer.from("ds") });
    await expectStatus(
      c.call("addExternalSigner", { stateId: alice.stateId, externalSender: garbage }),
      status.INVALID_ARGUMENT,
      "AddExternalSigner",
      /ExternalSender/,
    );
    const gi = await c.call("groupInfo", { stateId: alice.stateId, externalTree: true });
    const description = byValue("remove", { removedId: Buffer.from("bob") });
    await expectStatus(
      c.call("externalSignerProposal", {
        signerId: signer.signerId,
        groupInfo: gi.groupInfo,
        ratchetTree: gi.ratchetTree,
        description,
      }),
      status.FAILED_PRECONDITION,
      "ExternalSignerProposal",
      /not among the group's external senders/,
    );
    await expectStatus(
      c.call("externalSignerProposal", { signerId: signer.signerId, groupInfo: gi.groupInfo }),
      status.INVALID_ARGUMENT,
      "ExternalSignerProposal",
      /description/,
    );
    await expectStatus(
      c.call("externalSignerProposal", { signerId: 88888, groupInfo: gi.groupInfo, description }),
      status.NOT_FOUND,
      "ExternalSignerProposal",
    );
  });
});

describe("Free", () => {
  test("frees any handle once; 0 is a no-op", async () => {
    const { alice } = await pair();
    await c.call("free", { stateId: alice.stateId });
    await expectStatus(c.call("stateAuth", { stateId: alice.stateId }), status.NOT_FOUND, "StateAuth");
    await expectStatus(c.call("free", { stateId: alice.stateId }), status.NOT_FOUND, "Free");
    await c.call("free", { stateId: 0 });
    const kp = await c.call("createKeyPackage", { cipherSuite: 1, identity: Buffer.from("x") });
    await c.call("free", { stateId: kp.transactionId });
  });
});
