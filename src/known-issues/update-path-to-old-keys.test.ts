// KNOWN-ISSUES.md#update-path-to-old-keys
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCommit, CryptoError } from "ts-mls";
import {
  commitPath,
  context,
  epochAuthenticator,
  fixedMessage,
  pendingUpdates,
  receive,
  withOwnLeafKey,
} from "./fixtures.js";

const slug = "update-path-to-old-keys";
const fixed = fixedMessage(
  slug,
  "src/protocol/update-path.ts, and src/methods/incoming.ts (the ts-mls fallback of processCommitMessage, as released)",
);

test("a committed Update's path secret is encrypted to the updater's old leaf key", async () => {
  const { alice, bob, bobUpdate } = await pendingUpdates();
  const commit = await createCommit({ context: context(), state: alice, wireAsPublicMessage: true });
  assert.notEqual(commitPath(commit.commit), undefined, "fixture: two Updates make ts-mls add a path");

  // RFC 9420 §12.4.1: bob's leaf in the new tree is his Update's, so the key to decrypt with is the Update's.
  await assert.rejects(receive(withOwnLeafKey(bob, bobUpdate.hpkePrivateKey), commit.commit), CryptoError, fixed);
  // ts-mls used the old one.
  assert.equal(epochAuthenticator(await receive(bob, commit.commit)), epochAuthenticator(commit.newState));
});
