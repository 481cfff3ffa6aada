// KNOWN-ISSUES.md#external-senders-encoding
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  createGroupInfoWithExternalPub,
  createProposal,
  defaultExtensionTypes,
  encode,
  makeCustomExtension,
  type ExternalSender,
  type GroupContextExtension,
} from "ts-mls";
import { externalSenderEncoder } from "../ts-mls/codec-internals.js";
import {
  basicCredential,
  context,
  decodeMessage,
  encodeGroupInfo,
  fixedMessage,
  founder,
  groupContextExtensions,
  indexOfBytes,
  suite,
  vector,
} from "./fixtures.js";

const slug = "external-senders-encoding";
const workaround = "src/ts-mls/rfc-codecs (the module hook; also the list model in src/ts-mls/extensions.ts)";

async function externalSender(name: string): Promise<ExternalSender> {
  const keys = await suite.signature.keygen();
  return { signaturePublicKey: keys.publicKey, credential: basicCredential(name) };
}

/** extension_type 5 as two bytes, then the extension_data vector. */
function extensionBytes(data: Uint8Array): Uint8Array {
  return Uint8Array.from([0, defaultExtensionTypes.external_senders, ...vector(data)]);
}

test("ts-mls encodes an external_senders extension as one ExternalSender, not a list", async () => {
  const sender = await externalSender("ds");
  const alice = await founder("alice", [
    { extensionType: defaultExtensionTypes.external_senders, extensionData: sender },
  ]);
  const wire = encodeGroupInfo(await createGroupInfoWithExternalPub(alice, [], suite));
  const one = encode(externalSenderEncoder, sender);
  const rfcList = vector(one); // ExternalSender external_senders<V> with one element

  assert.equal(indexOfBytes(wire, extensionBytes(rfcList)), -1, fixedMessage(slug, workaround));
  assert.notEqual(indexOfBytes(wire, extensionBytes(one)), -1, "the bare ExternalSender is what ts-mls wrote");
});

/**
 * A GroupInfo as another stack sends it, with `data` as the external_senders
 * extension data: ts-mls writes it under a custom type of the same width, and
 * the two type bytes are patched to 5 (signature aside, which decoding does
 * not check, the bytes are exactly another stack's).
 */
async function foreignGroupInfo(data: Uint8Array): Promise<Uint8Array> {
  const placeholder = 0xff05;
  const custom: GroupContextExtension = makeCustomExtension({ extensionType: placeholder, extensionData: data });
  const alice = await founder("alice", [custom]);
  const wire = encodeGroupInfo(await createGroupInfoWithExternalPub(alice, [], suite));
  const at = indexOfBytes(wire, Uint8Array.from([0xff, 0x05, ...vector(data)]));
  assert.notEqual(at, -1, "fixture: placeholder extension found");
  assert.ok(decodeMessage(wire) !== undefined, "fixture: ts-mls decodes the GroupInfo before the patch");
  const patched = Uint8Array.from(wire);
  patched[at] = 0x00;
  return patched;
}

test("ts-mls cannot decode a GroupInfo whose external_senders is an empty list (the official configs' AA==)", async () => {
  const wire = await foreignGroupInfo(Uint8Array.of(0x00));
  assert.equal(decodeMessage(wire), undefined, fixedMessage(slug, workaround));
});

test("ts-mls cannot decode a GroupInfo whose external_senders is an RFC list of one sender", async () => {
  const wire = await foreignGroupInfo(vector(encode(externalSenderEncoder, await externalSender("ds"))));
  assert.equal(decodeMessage(wire), undefined, fixedMessage(slug, workaround));
});

test("a GroupContextExtensions proposal with external_senders as raw bytes crashes ts-mls's encoder", async () => {
  const alice = await founder();
  // The wire contract's (type, data) pair as is: ts-mls's model has no room for it.
  const raw = { extensionType: defaultExtensionTypes.external_senders, extensionData: Uint8Array.of(0x00) };
  for (const wireAsPublicMessage of [true, false]) {
    await assert.rejects(
      createProposal({
        context: context(),
        state: alice,
        wireAsPublicMessage,
        proposal: groupContextExtensions([raw as unknown as GroupContextExtension]),
      }),
      TypeError,
      fixedMessage(slug, workaround) + ` (${wireAsPublicMessage ? "PublicMessage" : "PrivateMessage"})`,
    );
  }
});
