// external_senders on the wire, in the server's default (rfc) mode: every
// form of RFC 9420 §12.1.8.1's `ExternalSender external_senders<V>` (empty,
// one sender, several) in GroupContextExtensions proposals, GroupInfos and
// Welcomes, and external proposals numbered by their place in that list;
// read with our own TLS reader, not with the codec that wrote them.
import assert from "node:assert/strict";
import { status } from "@grpc/grpc-js";
import { after, before, describe, test } from "node:test";
import type { Client } from "../testing/client.js";
import { expectStatus } from "../testing/expect-status.js";
import { Actor, byValue, commit, createGroup, expectAgreement, keyPackage, type Run } from "../testing/scenario.js";
import { childServer, inProcessServer, type ChildServer } from "../testing/servers.js";
import { extensions, parseGroupInfo, parsePublicProposal, type WireExtension } from "../testing/tls-reader.js";
import {
  defaultProposalTypes,
  encode,
  mlsMessageEncoder,
  protocolVersions,
  senderTypes,
  wireformats,
  type Proposal,
} from "ts-mls";
import { decodeGroupInfo } from "../ts-mls/codec.js";
import type { ExternalSigner } from "../methods/handles.js";
import { protectExternalProposalPublic } from "../ts-mls/message-internals.js";

let server: Awaited<ReturnType<typeof inProcessServer>>;
let c: Client;
before(async () => {
  server = await inProcessServer();
  c = server.client;
});
after(() => server.stop());

const run: Run = { suite: 1, encrypt: false };
const externalSenders = 5;
const requiredCapabilities = 3;
const groupContextExtensions = 7;

/** A `<V>` vector of `bytes` (lengths under 16384 here). */
function vector(bytes: Uint8Array): Buffer {
  const n = bytes.length;
  const prefix = n < 64 ? [n] : [0x40 | (n >> 8), n & 0xff];
  return Buffer.concat([Buffer.from(prefix), bytes]);
}

function proposedExtensions(proposal: Uint8Array): WireExtension[] {
  const parsed = parsePublicProposal(proposal);
  assert.equal(parsed.proposalType, groupContextExtensions);
  return extensions(parsed.body.vector());
}

async function contextExtensions(actor: Actor): Promise<WireExtension[]> {
  const info = await c.call("groupInfo", { stateId: actor.stateId, externalTree: false });
  return parseGroupInfo(info.groupInfo).contextExtensions;
}

function sendersData(list: readonly WireExtension[]): Buffer[] {
  return list.filter((e) => e.type === externalSenders).map((e) => Buffer.from(e.data));
}

async function externalSigner(name: string): Promise<{ signerId: number; externalSender: Buffer }> {
  return c.call("createExternalSigner", { cipherSuite: run.suite, identity: Buffer.from(name) });
}

describe("external_senders is RFC 9420's list", () => {
  test("the official configs' empty list (AA==) is one extension whose data is 0x00, in the proposal and the group", async () => {
    const [alice, bob] = [new Actor("alice", c), new Actor("bob", c)];
    await createGroup(run, alice, [bob]);
    const { proposal } = await c.call("groupContextExtensionsProposal", {
      stateId: alice.stateId,
      extensions: [{ extensionType: externalSenders, extensionData: Buffer.from("AA==", "base64") }],
    });
    const proposed = proposedExtensions(proposal);
    assert.deepEqual(
      proposed.map((e) => e.type),
      [externalSenders],
    );
    assert.deepEqual(sendersData(proposed), [Buffer.of(0x00)]);
    await commit(run, alice, { byReference: [proposal] }, [bob]);
    assert.deepEqual(sendersData(await contextExtensions(alice)), [Buffer.of(0x00)]);
  });

  test("one sender, then several: appended to the one list, in GroupInfos and Welcomes, after other extensions", async () => {
    const [alice, bob, carol] = ["alice", "bob", "carol"].map((n) => new Actor(n, c)) as [Actor, Actor, Actor];
    await createGroup(run, alice, [bob]);
    const first = await externalSigner("ds1");
    const second = await externalSigner("ds2");
    // required_capabilities first, so a sender_index counted over all extensions would be off by one.
    const gce = await c.call("groupContextExtensionsProposal", {
      stateId: bob.stateId,
      extensions: [{ extensionType: requiredCapabilities, extensionData: Buffer.of(0, 0, 0) }],
    });
    await commit(run, alice, { byReference: [gce.proposal] }, [bob]);

    const addFirst = await c.call("addExternalSigner", {
      stateId: alice.stateId,
      externalSender: first.externalSender,
    });
    assert.deepEqual(sendersData(proposedExtensions(addFirst.proposal)), [vector(first.externalSender)]);
    await commit(run, alice, { byReference: [addFirst.proposal] }, [bob]);
    assert.deepEqual(
      (await contextExtensions(bob)).map((e) => e.type),
      [requiredCapabilities, externalSenders],
    );

    const addSecond = await c.call("addExternalSigner", {
      stateId: bob.stateId,
      externalSender: second.externalSender,
    });
    const both = vector(Buffer.concat([first.externalSender, second.externalSender]));
    assert.deepEqual(sendersData(proposedExtensions(addSecond.proposal)), [both]);
    await commit(run, alice, { byReference: [addSecond.proposal] }, [bob]);
    assert.deepEqual(sendersData(await contextExtensions(alice)), [both]);

    // A joiner reads the list from the Welcome's GroupInfo and agrees on the group context.
    await commit(
      run,
      alice,
      { byValue: [byValue("add", { keyPackage: await keyPackage(run, carol) })] },
      [bob],
      [carol],
    );
    assert.deepEqual(sendersData(await contextExtensions(carol)), [both]);
    await expectAgreement([alice, bob, carol]);
  });

  test("an external proposal's sender_index is the signer's place in the list, and members accept it", async () => {
    const [alice, bob, dave] = ["alice", "bob", "dave"].map((n) => new Actor(n, c)) as [Actor, Actor, Actor];
    await createGroup(run, alice, [bob]);
    const signers = [await externalSigner("ds1"), await externalSigner("ds2")];
    const gce = await c.call("groupContextExtensionsProposal", {
      stateId: alice.stateId,
      extensions: [
        { extensionType: requiredCapabilities, extensionData: Buffer.of(0, 0, 0) },
        {
          extensionType: externalSenders,
          extensionData: vector(Buffer.concat(signers.map((s) => s.externalSender))),
        },
      ],
    });
    await commit(run, alice, { byReference: [gce.proposal] }, [bob]);
    for (const [index, signer] of signers.entries()) {
      const groupInfo = await c.call("groupInfo", { stateId: bob.stateId, externalTree: false });
      const { proposal } = await c.call("externalSignerProposal", {
        groupInfo: groupInfo.groupInfo,
        ratchetTree: Buffer.alloc(0),
        signerId: signer.signerId,
        signerIndex: 0,
        description: byValue("add", { keyPackage: await keyPackage(run, dave) }),
      });
      const parsed = parsePublicProposal(proposal);
      assert.equal(parsed.senderType, 2, "sender type external");
      assert.equal(parsed.senderIndex, index, `signer ${index + 1}'s sender_index`);
      await commit(run, alice, { byReference: [proposal] }, [bob], [dave]);
      await expectAgreement([alice, bob, dave]);
      const removed = await c.call("removeProposal", { stateId: alice.stateId, removedId: dave.identity });
      await commit(run, alice, { byReference: [removed.proposal] }, [bob]);
      await c.call("free", { stateId: dave.stateId });
    }
  });

  test("a received external proposal is verified against the key at its sender_index", async () => {
    const [alice, bob] = [new Actor("alice", c), new Actor("bob", c)];
    await createGroup(run, alice, [bob]);
    const signers = [await externalSigner("ds1"), await externalSigner("ds2")];
    const gce = await c.call("groupContextExtensionsProposal", {
      stateId: alice.stateId,
      extensions: [
        { extensionType: externalSenders, extensionData: vector(Buffer.concat(signers.map((s) => s.externalSender))) },
      ],
    });
    await commit(run, alice, { byReference: [gce.proposal] }, [bob]);
    const info = await c.call("groupInfo", { stateId: alice.stateId, externalTree: false });
    const { groupContext } = decodeGroupInfo(info.groupInfo, "group_info");
    const second = server.server.store.peek(signers[1]!.signerId)!.value as ExternalSigner;
    const remove: Proposal = { proposalType: defaultProposalTypes.remove, remove: { removed: 1 } };
    /** The second signer's proposal, claiming to be external sender `senderIndex`. */
    const signedAs = async (senderIndex: number): Promise<Buffer> => {
      const { publicMessage } = await protectExternalProposalPublic(
        second.signaturePrivateKey,
        groupContext,
        new Uint8Array(),
        remove,
        { senderType: senderTypes.external, senderIndex },
        second.suite.impl,
      );
      const message = { version: protocolVersions.mls10, wireformat: wireformats.mls_public_message, publicMessage };
      return Buffer.from(encode(mlsMessageEncoder, message));
    };
    const refused = (proposal: Buffer, why: RegExp) =>
      expectStatus(
        c.call("commit", { stateId: alice.stateId, byReference: [proposal] }),
        status.INVALID_ARGUMENT,
        "Commit",
        why,
      );
    await refused(await signedAs(0), /process by_reference\[0\]: Signature invalid/);
    await refused(await signedAs(2), /sender_index 2 names no external sender: the group lists 2/);
    await commit(run, alice, { byReference: [await signedAs(1)] }, []);
  });

  test("a second external_senders extension in one list is refused", async () => {
    const alice = new Actor("alice", c);
    await createGroup(run, alice, []);
    const empty = { extensionType: externalSenders, extensionData: Buffer.of(0x00) };
    await expectStatus(
      c.call("groupContextExtensionsProposal", { stateId: alice.stateId, extensions: [empty, empty] }),
      status.INVALID_ARGUMENT,
      "GroupContextExtensionsProposal",
      /extensions\[1\] \(extension type 5\): a second external_senders extension \(the first is extensions\[0\]\)/,
    );
  });
});

describe("serve --as-released keeps ts-mls's own encoding", () => {
  let released: ChildServer;
  before(async () => {
    released = await childServer(["--as-released"]);
  });
  after(() => released.stop());

  test("Name and the bytes of one external sender differ between the modes", async () => {
    const rfcName = (await c.call("name", {})).name;
    const releasedName = (await released.client.call("name", {})).name;
    assert.match(rfcName, /\(ts-mls 2\.0\.0-rc\.10, RFC 9420 layer\)$/);
    assert.match(releasedName, /\(ts-mls 2\.0\.0-rc\.10 as released\)$/);

    const { externalSender } = await externalSigner("ds");
    const data: Buffer[] = [];
    for (const client of [c, released.client]) {
      const alice = new Actor("alice", client);
      await createGroup(run, alice, []);
      const { proposal } = await client.call("addExternalSigner", { stateId: alice.stateId, externalSender });
      data.push(...sendersData(proposedExtensions(proposal)));
    }
    assert.deepEqual(
      data,
      [vector(externalSender), externalSender],
      "rfc: the list of one; as released: the bare sender",
    );
  });

  test("as released, the official configs' empty list leaves no external_senders extension", async () => {
    const alice = new Actor("alice", released.client);
    await createGroup(run, alice, []);
    const { proposal } = await released.client.call("groupContextExtensionsProposal", {
      stateId: alice.stateId,
      extensions: [{ extensionType: externalSenders, extensionData: Buffer.of(0x00) }],
    });
    assert.deepEqual(proposedExtensions(proposal), []);
  });
  // Joining a reinit with required_capabilities as released: as-released.test.ts.
});
