// KNOWN-ISSUES.md#update-path-old-tree
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCommit, CryptoError } from "ts-mls";
import {
  add,
  commitPath,
  context,
  epochAuthenticator,
  fixedNoWorkaround,
  group,
  identityAt,
  keyPackage,
  nodePublicKey,
  openPathSecret,
  pendingUpdates,
  provisionalContext,
  receive,
  remove,
  withOwnLeafKey,
} from "./fixtures.js";

const slug = "update-path-old-tree";
const fixed = fixedNoWorkaround(slug, "the server cannot change whom ts-mls encrypts a path to");

test("a committed Update's path secret is encrypted to the updater's old leaf key", async () => {
  const { alice, bob, bobUpdate } = await pendingUpdates();
  const commit = await createCommit({ context: context(), state: alice, wireAsPublicMessage: true });
  assert.notEqual(commitPath(commit.commit), undefined, "fixture: two Updates make ts-mls add a path");

  // RFC 9420 §12.4.1: bob's leaf in the new tree is his Update's, so the key to decrypt with is the Update's.
  await assert.rejects(receive(withOwnLeafKey(bob, bobUpdate.hpkePrivateKey), commit.commit), CryptoError, fixed);
  // ts-mls used the old one.
  assert.equal(epochAuthenticator(await receive(bob, commit.commit)), epochAuthenticator(commit.newState));
});

test("a member added into a slot freed by the same commit: the path secret goes to the removed member", async () => {
  const [alice, , charlie] = await group(["alice", "bob", "charlie", "dave"]);
  const eve = await keyPackage("eve");
  // Two Removes make ts-mls add a path; eve takes charlie's slot (leaf 2).
  const commit = await createCommit({
    context: context(),
    state: alice,
    extraProposals: [remove(2), remove(3), add(eve.keyPackage)],
    wireAsPublicMessage: true,
  });
  const path = commitPath(commit.commit);
  assert.ok(path !== undefined, "fixture: the commit has a path");
  assert.equal(identityAt(commit.newState, 2), "eve", "fixture: eve at leaf 2");

  // The root's copath child holds only eve, who is new: RFC 9420 §12.4.1 sends no ciphertext there.
  const root = path.nodes[1];
  assert.ok(root !== undefined);
  assert.equal(root.encryptedPathSecret.length, 1, fixed);
  // ts-mls encrypted it to charlie's leaf key, and charlie, removed, gets the root path secret.
  const charlieLeafKey = charlie.privatePath.privateKeys[4];
  assert.ok(charlieLeafKey !== undefined);
  const pathSecret = await openPathSecret(charlieLeafKey, root.encryptedPathSecret[0]!, provisionalContext(alice, commit.newState));
  assert.deepEqual(await nodePublicKey(pathSecret), root.hpkePublicKey, fixed);
});

test("a member added into a slot that was blank before the commit: createCommit crashes", async () => {
  const [alice] = await group(["alice", "bob", "charlie", "dave", "eve"]);
  const withoutBob = await createCommit({ context: context(), state: alice, extraProposals: [remove(1)], wireAsPublicMessage: true });
  const gina = await keyPackage("gina");
  // Two Removes make a path; gina takes bob's slot (leaf 1), blank before this commit.
  await assert.rejects(
    createCommit({
      context: context(),
      state: withoutBob.newState,
      extraProposals: [remove(2), remove(4), add(gina.keyPackage)],
      wireAsPublicMessage: true,
    }),
    TypeError,
    fixed,
  );
});
