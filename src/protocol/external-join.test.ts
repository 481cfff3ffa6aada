import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultProposalTypes, type ClientState, type MlsMessage } from "ts-mls";
import { bytes, epochAuthenticator, group, keyPackage, receive } from "../known-issues/fixtures.js";
import { suite as serverSuite } from "../ts-mls/ciphersuites.js";
import { signedGroupInfo } from "./group-info.js";
import { joinByExternalCommit } from "./external-join.js";
import { follow, protocolContext } from "./testing.js";

const suite1 = await serverSuite(1);

function proposalTypes(commit: MlsMessage): number[] {
  if (commit.wireformat !== 1 || !("commit" in commit.publicMessage.content)) throw new Error("test: not a commit");
  return commit.publicMessage.content.commit.proposals.map((p) => ("proposal" in p ? p.proposal.proposalType : -1));
}

async function joinFrom(
  member: ClientState,
  options: { psks?: Array<{ id: Uint8Array; secret: Uint8Array }>; priorLeaf?: number } = {},
) {
  const joiner = await keyPackage("zed");
  const psks = options.psks ?? [];
  return joinByExternalCommit({
    context: protocolContext(Object.fromEntries(psks.map((p) => [Buffer.from(p.id).toString("base64"), p.secret]))),
    groupInfo: await signedGroupInfo(member, suite1, false),
    tree: member.ratchetTree,
    keyPackage: joiner.keyPackage,
    privateKeys: joiner.privateKeys,
    priorLeaf: options.priorLeaf,
    psks,
  });
}

describe("external join", () => {
  test("PSK proposals travel in the external commit and members holding the PSKs agree", async () => {
    const [alice, bob] = await group(["alice", "bob"]);
    const psks = [
      { id: bytes("first"), secret: bytes("one") },
      { id: bytes("second"), secret: bytes("two") },
    ];
    const joined = await joinFrom(alice, { psks });
    assert.deepEqual(proposalTypes(joined.commit), [
      defaultProposalTypes.external_init,
      defaultProposalTypes.psk,
      defaultProposalTypes.psk,
    ]);
    const held = Object.fromEntries(psks.map((p) => [Buffer.from(p.id).toString("base64"), p.secret]));
    assert.equal(
      epochAuthenticator(await follow(alice, joined.commit, { psks: held })),
      epochAuthenticator(joined.state),
    );
    // ts-mls as released follows an external commit with PSKs too (only its joiner cannot make one).
    assert.equal(epochAuthenticator(await receive(bob, joined.commit, held)), epochAuthenticator(joined.state));
    await assert.rejects(follow(bob, joined.commit), /pskId/);
  });

  test("without PSKs, and resyncing over the joiner's prior leaf", async () => {
    const [alice, bob] = await group(["alice", "bob", "charlie"]);
    const plain = await joinFrom(alice);
    assert.deepEqual(proposalTypes(plain.commit), [defaultProposalTypes.external_init]);
    assert.equal(epochAuthenticator(await follow(bob, plain.commit)), epochAuthenticator(plain.state));
    const resync = await joinFrom(alice, { priorLeaf: 2 });
    assert.deepEqual(proposalTypes(resync.commit), [defaultProposalTypes.remove, defaultProposalTypes.external_init]);
    assert.equal(resync.state.privatePath.leafIndex, 2, "the prior leaf is reused");
    assert.equal(epochAuthenticator(await follow(bob, resync.commit)), epochAuthenticator(resync.state));
  });
});
