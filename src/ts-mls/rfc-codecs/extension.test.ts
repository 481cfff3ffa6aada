// The substitute codec (extension.ts) against RFC 9420 §12.1.8.1, and the
// released module it stands in for: when ts-mls changes that module's shape
// or starts encoding the list itself, these tests say the hook must go.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  defaultCredentialTypes,
  defaultExtensionTypes,
  encode,
  type ExternalSender,
  type GroupContextExtension,
} from "ts-mls";
import { externalSenderEncoder, requiredCapabilitiesEncoder } from "../codec-internals.js";
import { rfcCodecsActive } from "./active.js";
import type { ExtensionModule } from "./extension.js";
import { asReleased } from "./locations.js";
import { libraryModule } from "../library-module.js";

/** This test runs in rfc mode (npm test's --import): the library's module is the replacement. */
const ours = (await import(libraryModule("./extension.js"))) as ExtensionModule & {
  releasedExports: readonly string[];
};
const released = (await import(asReleased("./extension.js"))) as ExtensionModule;

const upstreamFixed =
  "ts-mls's extension.js changed: if it now encodes external_senders as RFC 9420's list, remove " +
  "src/ts-mls/rfc-codecs (the hook, its registration in src/cli/main.ts, src/vectors/worker-pool.ts and " +
  "npm test's --import) and the list-model branches of src/ts-mls/extensions.ts and src/methods/external.ts";

function sender(name: string, key: number): ExternalSender {
  return {
    signaturePublicKey: new Uint8Array(32).fill(key),
    credential: { credentialType: defaultCredentialTypes.basic, identity: new TextEncoder().encode(name) },
  };
}

function senders(list: ExternalSender[]): GroupContextExtension {
  return {
    extensionType: defaultExtensionTypes.external_senders,
    extensionData: list,
  } as unknown as GroupContextExtension;
}

/** A `<V>` vector (RFC 9420 §2.1.2; lengths under 16384 here). */
function vector(data: Uint8Array): Uint8Array {
  const n = data.length;
  return Uint8Array.from([...(n < 64 ? [n] : [0x40 | (n >> 8), n & 0xff]), ...data]);
}

/** uint16 type, then the data as a `<V>` vector. */
function extensionBytes(type: number, data: Uint8Array): Uint8Array {
  return Uint8Array.from([type >> 8, type & 0xff, ...vector(data)]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

const one = encode(externalSenderEncoder, sender("ds1", 1));
const two = encode(externalSenderEncoder, sender("ds2", 2));

test("this process runs the replacement: the hook is active", () => {
  assert.equal(rfcCodecsActive(), true, "npm test runs node with --import .../rfc-codecs/preload.js");
  assert.ok(Array.isArray(ours.releasedExports), "the library's extension.js URL gives the replacement");
});

test("the released module still has the exports the replacement passes on or replaces", () => {
  assert.deepEqual(Object.keys(released).sort(), [...ours.releasedExports].sort(), upstreamFixed);
});

test("as released, ts-mls still encodes one ExternalSender per extension and cannot read the list", () => {
  const single = { extensionType: defaultExtensionTypes.external_senders, extensionData: sender("ds1", 1) };
  assert.deepEqual(encode(released.extensionEncoder, single), extensionBytes(5, one), upstreamFixed);
  const list = extensionBytes(5, vector(one));
  let decoded: unknown;
  try {
    decoded = released.groupContextExtensionDecoder(list, 0);
  } catch {
    decoded = undefined;
  }
  assert.equal(decoded, undefined, upstreamFixed);
});

test("encoder: the empty list is data 0x00, then one sender, then several, each an RFC vector", () => {
  assert.deepEqual(encode(ours.extensionEncoder, senders([])), Uint8Array.of(0x00, 0x05, 0x01, 0x00));
  assert.deepEqual(encode(ours.extensionEncoder, senders([sender("ds1", 1)])), extensionBytes(5, vector(one)));
  assert.deepEqual(
    encode(ours.extensionEncoder, senders([sender("ds1", 1), sender("ds2", 2)])),
    extensionBytes(5, vector(concat([one, two]))),
  );
});

test("decoder: each list form decodes to its senders and encodes back to the same bytes", () => {
  for (const list of [[], [sender("ds1", 1)], [sender("ds1", 1), sender("ds2", 2)]]) {
    const bytes = encode(ours.extensionEncoder, senders(list));
    const decoded = ours.groupContextExtensionDecoder(bytes, 0);
    assert.ok(decoded !== undefined);
    assert.equal(decoded[1], bytes.length);
    assert.deepEqual(decoded[0].extensionData, list);
    assert.deepEqual(encode(ours.extensionEncoder, decoded[0]), bytes);
  }
});

test("decoder: data that is not exactly one list does not decode", () => {
  const wrongLength = Uint8Array.of(0x00, 0x05, 0x01, 0x05); // a list of 5 bytes with none there
  const trailing = extensionBytes(5, concat([vector(one), Uint8Array.of(0)]));
  const bare = extensionBytes(5, one); // ts-mls's released form
  for (const bytes of [wrongLength, trailing, bare])
    assert.equal(ours.groupContextExtensionDecoder(bytes, 0), undefined);
});

test("encoder: other extensions as released; type 5 as bytes passes through; one bare sender is refused", () => {
  const caps = {
    extensionType: defaultExtensionTypes.required_capabilities,
    extensionData: { extensionTypes: [5], proposalTypes: [], credentialTypes: [1] },
  };
  assert.deepEqual(encode(ours.extensionEncoder, caps), encode(released.extensionEncoder, caps));
  const raw = { extensionType: 5, extensionData: Uint8Array.of(0x00) } as unknown as GroupContextExtension;
  assert.deepEqual(encode(ours.extensionEncoder, raw), Uint8Array.of(0x00, 0x05, 0x01, 0x00));
  const bare = { extensionType: defaultExtensionTypes.external_senders, extensionData: sender("ds1", 1) };
  assert.throws(() => encode(ours.extensionEncoder, bare), /must be an ExternalSender\[\]/);
});

test("extensionsEqual compares by encoded bytes: required_capabilities decoded twice are equal", () => {
  const capsBytes = extensionBytes(
    3,
    encode(requiredCapabilitiesEncoder, { extensionTypes: [5], proposalTypes: [], credentialTypes: [1] }),
  );
  const decode = (bytes: Uint8Array) => ours.groupContextExtensionDecoder(bytes, 0)![0];
  const list = () => [decode(capsBytes), senders([sender("ds1", 1)])];
  assert.equal(released.extensionsEqual(list(), list()), false, "as released: by object identity");
  assert.equal(ours.extensionsEqual(list(), list()), true);
  assert.equal(ours.extensionsEqual(list(), [decode(capsBytes), senders([sender("ds2", 2)])]), false);
  assert.equal(ours.extensionsEqual(list(), [decode(capsBytes)]), false);
});
