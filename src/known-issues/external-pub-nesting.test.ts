// KNOWN-ISSUES.md#external-pub-nesting
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createGroupInfoWithExternalPubAndRatchetTree,
  defaultExtensionTypes,
  joinGroupExternal,
  type ClientState,
  type GroupInfo,
} from "ts-mls";
import { signGroupInfo } from "../ts-mls/welcome-internals.js";
import { context, decodeMessage, encodeGroupInfo, fixedMessage, group, keyPackage, suite, vector } from "./fixtures.js";

const slug = "external-pub-nesting";

/** The epoch's external public key (RFC 9420 §8: derived from external_secret). */
async function externalPublicKey(state: ClientState): Promise<Uint8Array> {
  const { publicKey } = await suite.hpke.deriveKeyPair(state.keySchedule.externalSecret);
  return suite.hpke.exportPublicKey(publicKey);
}

function externalPubData(groupInfo: GroupInfo): Uint8Array {
  const ext = groupInfo.extensions.find((e) => e.extensionType === defaultExtensionTypes.external_pub);
  assert.ok(ext !== undefined, "the GroupInfo carries external_pub");
  return ext.extensionData as Uint8Array;
}

test("createGroupInfoWithExternalPub writes the bare key, not struct { HPKEPublicKey external_pub; }", async () => {
  const [alice] = await group(["alice", "bob"]);
  const groupInfo = await createGroupInfoWithExternalPubAndRatchetTree(alice, [], suite);
  const key = await externalPublicKey(alice);

  // Through the wire, as another stack would read it.
  const decoded = decodeMessage(encodeGroupInfo(groupInfo));
  assert.ok(decoded !== undefined && "groupInfo" in decoded);
  const data = externalPubData(decoded.groupInfo);
  assert.notDeepEqual(
    data,
    vector(key),
    fixedMessage(
      slug,
      "src/protocol/group-info.ts (signedGroupInfo) and src/ts-mls/library-workarounds.ts (externalPubExtension)",
    ),
  );
  assert.deepEqual(data, key);
});

test("joinGroupExternal rejects a GroupInfo whose external_pub is RFC-shaped", async () => {
  const [alice] = await group(["alice", "bob"]);
  const bare = await createGroupInfoWithExternalPubAndRatchetTree(alice, [], suite);
  // The same GroupInfo as another stack would send it: the key nested in its
  // own length prefix, signed again by alice.
  const rfcExternalPub = vector(await externalPublicKey(alice));
  const extensions = bare.extensions.map((e) =>
    e.extensionType === defaultExtensionTypes.external_pub ? { ...e, extensionData: rfcExternalPub } : e,
  );
  const nested = await signGroupInfo(
    { groupContext: bare.groupContext, extensions, confirmationTag: bare.confirmationTag, signer: bare.signer },
    alice.signaturePrivateKey,
    suite.signature,
  );
  const charlie = await keyPackage("charlie");
  const join = (groupInfo: GroupInfo) =>
    joinGroupExternal({
      context: context(),
      groupInfo,
      keyPackage: charlie.keyPackage,
      privateKeys: charlie.privateKeys,
      resync: false,
    });

  await assert.rejects(
    join(nested),
    (err: Error) => /public key/i.test(err.message),
    fixedMessage(
      slug,
      "src/ts-mls/library-workarounds.ts (acceptingNestedExternalPub, used by src/methods/groups.ts externalJoin)",
    ),
  );
  // The bare form, ts-mls's own, is what it accepts.
  const joined = await join(bare);
  assert.equal(joined.newState.groupContext.epoch, alice.groupContext.epoch + 1n);
});
