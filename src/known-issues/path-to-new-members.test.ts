// KNOWN-ISSUES.md#path-to-new-members
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCommit } from "ts-mls";
import {
  add,
  commitPath,
  context,
  fixedMessage,
  group,
  identityAt,
  keyPackage,
  nodePublicKey,
  openPathSecret,
  provisionalContext,
  remove,
} from "./fixtures.js";

const slug = "path-to-new-members";
const fixed = fixedMessage(
  slug,
  "src/protocol/update-path.ts (newMembers), and src/ts-mls/as-released-commit.ts (checkPathRecipients, as released)",
);

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
  const ciphertext = root.encryptedPathSecret[0];
  assert.ok(ciphertext !== undefined);
  const pathSecret = await openPathSecret(charlieLeafKey, ciphertext, provisionalContext(alice, commit.newState)).catch(
    () => undefined,
  );
  assert.ok(pathSecret !== undefined, fixed);
  assert.deepEqual(await nodePublicKey(pathSecret), root.hpkePublicKey, fixed);
});

test("a member added into a slot that was blank before the commit: createCommit crashes", async () => {
  const [alice] = await group(["alice", "bob", "charlie", "dave", "eve"]);
  const withoutBob = await createCommit({
    context: context(),
    state: alice,
    extraProposals: [remove(1)],
    wireAsPublicMessage: true,
  });
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
