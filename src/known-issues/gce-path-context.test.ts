// KNOWN-ISSUES.md#gce-path-context
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCommit, CryptoError } from "ts-mls";
import {
  commitPath,
  context,
  fixedMessage,
  group,
  groupContextExtensions,
  nodePublicKey,
  openPathSecret,
  provisionalContext,
  receive,
  remove,
  requiredCapabilitiesExtension,
} from "./fixtures.js";

const slug = "gce-path-context";
const fixed = fixedMessage(
  slug,
  "src/protocol/update-path.ts (the provisional context), and src/ts-mls/as-released-commit.ts (commitAsReleased refuses)",
);

test("a commit with a GroupContextExtensions proposal and a path: ts-mls members cannot process ts-mls's own commit", async () => {
  const [alice, bob] = await group(["alice", "bob", "charlie", "dave"]);
  // Two Removes make ts-mls add a path (as in commit.json all_together_*).
  const commit = await createCommit({
    context: context(),
    state: alice,
    extraProposals: [remove(2), remove(3), groupContextExtensions([requiredCapabilitiesExtension])],
    wireAsPublicMessage: true,
  });
  const path = commitPath(commit.commit);
  assert.ok(path !== undefined, "fixture: the commit has a path");
  await assert.rejects(receive(bob, commit.commit), CryptoError, fixed);

  // RFC 9420 §12.4.1: the provisional GroupContext has the new extensions. ts-mls's committer used the old ones.
  const provisional = provisionalContext(alice, commit.newState);
  const bobLeafKey = bob.privatePath.privateKeys[2];
  const forBob = path.nodes[0]?.encryptedPathSecret[0];
  assert.ok(bobLeafKey !== undefined && forBob !== undefined);
  await assert.rejects(
    openPathSecret(bobLeafKey, forBob, provisionalContext(alice, commit.newState, [requiredCapabilitiesExtension])),
    fixed,
  );
  const secret = await openPathSecret(bobLeafKey, forBob, provisional).catch(() => undefined);
  assert.ok(secret !== undefined, fixed);
  assert.deepEqual(await nodePublicKey(secret), path.nodes[0]?.hpkePublicKey, fixed);
});
