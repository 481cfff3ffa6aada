// KNOWN-ISSUES.md#path-required-rule
import assert from "node:assert/strict";
import { test } from "node:test";
import { createApplicationMessage, createCommit, processMessage } from "ts-mls";
import {
  bytes,
  commitPath,
  context,
  epochAuthenticator,
  fixedMessage,
  group,
  groupContextExtensions,
  propose,
  receive,
  remove,
  requiredCapabilitiesExtension,
  updateLeaf,
} from "./fixtures.js";

const slug = "path-required-rule";
const fixed = fixedMessage(slug, "src/protocol/path-rule.ts, used by our commit builder and commit processing");

test("a commit with one Remove has no path, and the removed member follows it into the next epoch", async () => {
  const [alice, bob, charlie] = await group(["alice", "bob", "charlie"]);
  const commit = await createCommit({
    context: context(),
    state: alice,
    extraProposals: [remove(2)],
    wireAsPublicMessage: true,
  });
  assert.equal(commitPath(commit.commit), undefined, fixed);

  // ts-mls receivers accept the path-less commit (RFC 9420 §12.4.2 says reject)...
  const bobNext = await receive(bob, commit.commit);
  assert.equal(epochAuthenticator(bobNext), epochAuthenticator(commit.newState));
  // ...and charlie, removed, still derives the new epoch and reads its messages.
  const charlieNext = await receive(charlie, commit.commit);
  assert.equal(charlieNext.groupActiveState.kind, "removedFromGroup");
  assert.equal(epochAuthenticator(charlieNext), epochAuthenticator(commit.newState));
  const secret = await createApplicationMessage({
    context: context(),
    state: commit.newState,
    message: bytes("after charlie left"),
  });
  const read = await processMessage({ context: context(), state: charlieNext, message: secret.message });
  assert.ok(read.kind === "applicationMessage");
  assert.equal(Buffer.from(read.message).toString(), "after charlie left");
});

test("a commit with one Update has no path", async () => {
  const [alice, bob] = await group(["alice", "bob"]);
  const update = await propose(bob, (await updateLeaf(bob)).proposal);
  const commit = await createCommit({
    context: context(),
    state: await receive(alice, update.message),
    wireAsPublicMessage: true,
  });
  assert.equal(commitPath(commit.commit), undefined, fixed);
  assert.equal(epochAuthenticator(await receive(update.state, commit.commit)), epochAuthenticator(commit.newState));
});

test("a commit with a GroupContextExtensions proposal has no path", async () => {
  const [alice, bob] = await group(["alice", "bob"]);
  const commit = await createCommit({
    context: context(),
    state: alice,
    extraProposals: [groupContextExtensions([requiredCapabilitiesExtension])],
    wireAsPublicMessage: true,
  });
  assert.equal(commitPath(commit.commit), undefined, fixed);
  assert.equal(epochAuthenticator(await receive(bob, commit.commit)), epochAuthenticator(commit.newState));
});
