import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createCommit } from "ts-mls";
import {
  bytes,
  context,
  epochAuthenticator,
  externalPsk,
  group,
  propose,
  receive,
  remove,
  updateLeaf,
} from "../known-issues/fixtures.js";
import { buildCommit } from "./commit-builder.js";
import { follow, protocolContext } from "./testing.js";

describe("commit processing", () => {
  test("a commit without the path RFC 9420 §12.4 requires (ts-mls's one Remove) is rejected", async () => {
    const [alice, bob] = await group(["alice", "bob", "charlie"]);
    const pathless = await createCommit({
      context: context(),
      state: alice,
      extraProposals: [remove(2)],
      wireAsPublicMessage: true,
    });
    await assert.rejects(
      follow(bob, pathless.commit),
      /RFC 9420 §12\.4: a commit covering a Remove proposal must carry an UpdatePath, and this commit has none/,
    );
  });

  test("ts-mls's commits with a path are followed to the same epoch", async () => {
    const [alice, bob] = await group(["alice", "bob", "c1", "c2"]);
    const twoRemoves = await createCommit({
      context: context(),
      state: alice,
      extraProposals: [remove(2), remove(3)],
      wireAsPublicMessage: true,
    });
    assert.equal(epochAuthenticator(await follow(bob, twoRemoves.commit)), epochAuthenticator(twoRemoves.newState));
  });

  test("a member whose Update is committed decrypts the path with the Update's key, and keeps it", async () => {
    const [alice, bob] = await group(["alice", "bob", "charlie"]);
    const update = await updateLeaf(bob);
    const sent = await propose(bob, update.proposal);
    const built = await buildCommit({
      context: protocolContext(),
      state: await receive(alice, sent.message),
      resumeFrom: alice,
      proposals: [],
      forcePath: false,
      publicMessage: true,
      ratchetTreeExtension: true,
    });
    const hpkePublicKey = (update.proposal as { update: { leafNode: { hpkePublicKey: Uint8Array } } }).update.leafNode
      .hpkePublicKey;
    const ownUpdates = [{ hpkePublicKey, hpkePrivateKey: update.hpkePrivateKey }];
    await assert.rejects(follow(sent.state, built.commit), "the old key no longer opens the path");
    const bobNext = await follow(sent.state, built.commit, { ownUpdates });
    assert.equal(epochAuthenticator(bobNext), epochAuthenticator(built.newState));
    assert.deepEqual(bobNext.privatePath.privateKeys[2], update.hpkePrivateKey);
  });

  test("an external PSK in a PrivateMessage commit is found", async () => {
    const [alice, bob] = await group(["alice", "bob"]);
    const id = bytes("psk-id");
    const psks = { [Buffer.from(id).toString("base64")]: bytes("secret") };
    const built = await buildCommit({
      context: protocolContext(psks),
      state: alice,
      resumeFrom: alice,
      proposals: [externalPsk(id)],
      forcePath: false,
      publicMessage: false,
      ratchetTreeExtension: true,
    });
    assert.equal(built.commit.wireformat, 2);
    assert.equal(epochAuthenticator(await follow(bob, built.commit, { psks })), epochAuthenticator(built.newState));
    await assert.rejects(follow(bob, built.commit), /pskId/);
  });
});
