// KNOWN-ISSUES.md#branch-reinit-options
import assert from "node:assert/strict";
import { test } from "node:test";
import { branchGroup, joinGroupFromBranch, UsageError, wireformats } from "ts-mls";
import {
  bytes,
  context,
  declaredMembers,
  fixedMessage,
  group,
  joinReinitialised,
  keyPackage,
  reinitialised,
  requiredCapabilitiesExtension,
} from "./fixtures.js";

const slug = "branch-reinit-options";
const workaround =
  "src/methods/resumption.ts (createResumedGroup: createGroup + our commit builder, or createCommitInternal as released)";
const noTree = (err: Error) => err instanceof UsageError && /No RatchetTree passed/.test(err.message);

test("branchGroup and reinitCreateNewGroup declare no ratchet_tree, wire format or (branch) extensions option", async () => {
  const branch = await declaredMembers("resumption.d.ts", "branchGroup");
  const reinit = await declaredMembers("resumption.d.ts", "reinitCreateNewGroup");
  assert.ok(branch.includes("newGroupId") && reinit.includes("groupId"), "fixture: read both functions' parameters");
  const options = /tree|wire|public|extensions/i;
  assert.deepEqual(
    branch.filter((name) => options.test(name)),
    [],
    fixedMessage(slug, workaround),
  );
  assert.deepEqual(
    reinit.filter((name) => options.test(name)),
    ["extensions"],
    fixedMessage(slug, workaround),
  );
});

test("branchGroup: the Welcome has no ratchet_tree, the branch has the parent's extensions, the commit is a PrivateMessage", async () => {
  const [alice, bob] = await group(["alice", "bob"], [requiredCapabilitiesExtension]);
  const [aliceBranch, bobBranch] = await Promise.all([keyPackage("alice"), keyPackage("bob")]);
  const branch = await branchGroup({
    context: context(),
    state: alice,
    keyPackage: aliceBranch.keyPackage,
    privateKeyPackage: aliceBranch.privateKeys,
    memberKeyPackages: [bobBranch.keyPackage],
    newGroupId: bytes("branch"),
  });
  assert.ok(branch.welcome !== undefined);
  await assert.rejects(
    joinGroupFromBranch({
      context: context(),
      oldState: bob,
      welcome: branch.welcome.welcome,
      keyPackage: bobBranch.keyPackage,
      privateKeyPackage: bobBranch.privateKeys,
    }),
    noTree,
    fixedMessage(slug, workaround),
  );
  assert.deepEqual(
    branch.newState.groupContext.extensions,
    alice.groupContext.extensions,
    fixedMessage(slug, workaround),
  );
  assert.equal(branch.commit.wireformat, wireformats.mls_private_message, fixedMessage(slug, workaround));
});

test("reinitCreateNewGroup: the Welcome has no ratchet_tree, the commit is a PrivateMessage", async () => {
  const reinit = await reinitialised([]);
  await assert.rejects(joinReinitialised(reinit, false), noTree, fixedMessage(slug, workaround));
  assert.equal(reinit.commit.wireformat, wireformats.mls_private_message, fixedMessage(slug, workaround));
});
