// KNOWN-ISSUES.md#gce-cannot-clear
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCommit } from "ts-mls";
import {
  context,
  fixedMessage,
  group,
  groupContextExtensions,
  receive,
  requiredCapabilitiesExtension,
} from "./fixtures.js";

const slug = "gce-cannot-clear";

test("a GroupContextExtensions proposal with an empty list leaves the extensions as they were", async () => {
  const [alice, bob] = await group(["alice", "bob"], [requiredCapabilitiesExtension]);
  const commit = await createCommit({
    context: context(),
    state: alice,
    extraProposals: [groupContextExtensions([])],
    wireAsPublicMessage: true,
  });
  // RFC 9420 §12.1.7: the proposal's list replaces the extensions; [] clears them.
  const message = fixedMessage(
    slug,
    "src/protocol/commit-builder.ts (extensionsAfter), used by our commit processing too",
  );
  assert.deepEqual(commit.newState.groupContext.extensions, [requiredCapabilitiesExtension], message);
  assert.deepEqual(
    (await receive(bob, commit.commit)).groupContext.extensions,
    [requiredCapabilitiesExtension],
    message,
  );
});
