// The substitute capabilities codec (capabilities.ts) against RFC 9420 §7.2,
// and the released module it stands in for: when ts-mls changes that
// module's shape or starts decoding any version itself, these tests say the
// substitution must go.
import assert from "node:assert/strict";
import { test } from "node:test";
import { encode } from "ts-mls";
import { libraryModule } from "../library-module.js";
import type { CapabilitiesModule } from "./capabilities.js";
import { asReleased } from "./locations.js";

/** This test runs in rfc mode (npm test's --import): the library's module is the replacement. */
const ours = (await import(libraryModule("./capabilities.js"))) as CapabilitiesModule & {
  releasedExports: readonly string[];
};
const released = (await import(asReleased("./capabilities.js"))) as CapabilitiesModule;

const upstreamFixed =
  "ts-mls's capabilities.js changed: if it now decodes any ProtocolVersion in Capabilities.versions, remove " +
  "src/ts-mls/rfc-codecs/capabilities.ts and its line in src/ts-mls/rfc-codecs/locations.ts";

/** versions [1, 999], ciphersuites [1, 2], extensions [5], proposals [], credentials [1]. */
const wire = Uint8Array.from([4, 0, 1, 3, 0xe7, 4, 0, 1, 0, 2, 2, 0, 5, 0, 2, 0, 1]);

test("the released module has the exports the substitute passes on, and decodes mls10 alone", () => {
  assert.deepEqual(Object.keys(released).sort(), [...ours.releasedExports].sort(), upstreamFixed);
  assert.equal(released.capabilitiesDecoder(wire, 0), undefined, upstreamFixed);
});

test("versions the member does not know decode as numbers, and encode back to the same bytes", () => {
  const decoded = ours.capabilitiesDecoder(wire, 0);
  assert.ok(decoded !== undefined);
  assert.equal(decoded[1], wire.length);
  assert.deepEqual(decoded[0], {
    versions: [1, 999],
    ciphersuites: [1, 2],
    extensions: [5],
    proposals: [],
    credentials: [1],
  });
  assert.deepEqual(encode(ours.capabilitiesEncoder, decoded[0]), wire);
});

/** The library's decoders throw on some malformed input and answer undefined on other; both mean "does not decode". */
function undecodable(bytes: Uint8Array): boolean {
  try {
    return ours.capabilitiesDecoder(bytes, 0) === undefined;
  } catch {
    return true;
  }
}

test("malformed lists still do not decode", () => {
  assert.ok(undecodable(wire.subarray(0, 8)), "cut short");
  assert.ok(undecodable(Uint8Array.from([3, 0, 1, 3, 0, 0, 0, 0, 0])), "a version list of odd length");
});
