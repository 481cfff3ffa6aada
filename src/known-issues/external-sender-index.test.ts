// KNOWN-ISSUES.md#external-sender-index
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createGroupInfoWithExternalPub,
  defaultExtensionTypes,
  processPublicMessage,
  proposeExternal,
  senderTypes,
} from "ts-mls";
import {
  add,
  asPublicMessage,
  basicCredential,
  context,
  fixedMessage,
  founder,
  keyPackage,
  requiredCapabilitiesExtension,
  suite,
} from "./fixtures.js";

const slug = "external-sender-index";

test("proposeExternal counts every extension for sender_index; receivers count external_senders only", async () => {
  const keys = await suite.signature.keygen();
  const externalSenders = {
    extensionType: defaultExtensionTypes.external_senders,
    extensionData: { signaturePublicKey: keys.publicKey, credential: basicCredential("ds") },
  };
  // required_capabilities first, as after commit.json's group_context_extensions.
  const alice = await founder("alice", [requiredCapabilitiesExtension, externalSenders]);
  const groupInfo = await createGroupInfoWithExternalPub(alice, [], suite);
  const charlie = await keyPackage("charlie");
  const publicMessage = asPublicMessage(
    await proposeExternal(groupInfo, add(charlie.keyPackage), keys.publicKey, keys.signKey, suite),
  );

  // RFC 9420 §6.1: sender_index is the index in the external_senders list: 0.
  assert.deepEqual(
    publicMessage.content.sender,
    { senderType: senderTypes.external, senderIndex: 1 },
    fixedMessage(
      slug,
      "src/protocol/external-proposal.ts (signedBySender; withOnlyExternalSenders in src/ts-mls/library-workarounds.ts, as released)",
    ),
  );
  await assert.rejects(
    processPublicMessage({ context: context(), state: alice, publicMessage }),
    /no external_sender extension/,
    fixedMessage(
      slug,
      "src/protocol/external-proposal.ts (signedBySender; withOnlyExternalSenders in src/ts-mls/library-workarounds.ts, as released)",
    ),
  );
});
