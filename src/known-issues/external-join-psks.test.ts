// KNOWN-ISSUES.md#external-join-psks
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bytesToBase64,
  createGroupInfoWithExternalPubAndRatchetTree,
  defaultProposalTypes,
  joinGroupExternal,
} from "ts-mls";
import { bytes, context, declaredMembers, fixedMessage, group, keyPackage, suite } from "./fixtures.js";

const slug = "external-join-psks";
const workaround = "src/protocol/external-join.ts, and src/methods/groups.ts (joinAsReleased refuses psks)";

test("joinGroupExternal declares no PSK or proposal parameter", async () => {
  const params = await declaredMembers("createCommit.d.ts", "joinGroupExternal");
  assert.ok(params.includes("groupInfo"), "fixture: read joinGroupExternal's parameters");
  assert.deepEqual(
    params.filter((name) => /psk|proposal/i.test(name)),
    [],
    fixedMessage(slug, workaround),
  );
});

test("an external commit carries only ExternalInit, even with PSKs in the context", async () => {
  const [alice] = await group(["alice"]);
  const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(alice, [], suite);
  const pskId = bytes("psk-1");
  const bob = await keyPackage("bob");
  const joined = await joinGroupExternal({
    context: context({ [bytesToBase64(pskId)]: suite.rng.randomBytes(suite.kdf.size) }),
    groupInfo,
    keyPackage: bob.keyPackage,
    privateKeys: bob.privateKeys,
    resync: false,
  });
  const content = joined.publicMessage.content;
  assert.ok("commit" in content);
  const types = content.commit.proposals.map((p) => ("proposal" in p ? p.proposal.proposalType : "reference"));
  assert.deepEqual(types, [defaultProposalTypes.external_init], fixedMessage(slug, workaround));
});
