// KNOWN-ISSUES.md#capabilities-unknown-version
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decode,
  defaultCapabilities,
  defaultLifetime,
  encode,
  generateKeyPackage,
  mlsMessageDecoder,
  mlsMessageEncoder,
  protocolVersions,
  wireformats,
  type Capabilities,
} from "ts-mls";
import { basicCredential, fixedMessage, suite } from "./fixtures.js";

const slug = "capabilities-unknown-version";
const workaround = "src/ts-mls/rfc-codecs/capabilities.ts (and its line in locations.ts)";

test("ts-mls cannot decode a KeyPackage whose capabilities list a protocol version besides mls10", async () => {
  // OpenMLS's interop client lists [mls10, 999] in every KeyPackage it makes.
  const capabilities = { ...defaultCapabilities(), versions: [protocolVersions.mls10, 999] } as unknown as Capabilities;
  const { publicPackage } = await generateKeyPackage({
    credential: basicCredential("bob"),
    capabilities,
    lifetime: defaultLifetime(),
    cipherSuite: suite,
  });
  const wire = encode(mlsMessageEncoder, {
    version: protocolVersions.mls10,
    wireformat: wireformats.mls_key_package,
    keyPackage: publicPackage,
  });
  assert.equal(decode(mlsMessageDecoder, wire), undefined, fixedMessage(slug, workaround));
  // The same KeyPackage listing mls10 alone decodes: the version list is all that is in the way.
  const { publicPackage: plain } = await generateKeyPackage({
    credential: basicCredential("bob"),
    capabilities: defaultCapabilities(),
    lifetime: defaultLifetime(),
    cipherSuite: suite,
  });
  const plainWire = encode(mlsMessageEncoder, {
    version: protocolVersions.mls10,
    wireformat: wireformats.mls_key_package,
    keyPackage: plain,
  });
  assert.notEqual(decode(mlsMessageDecoder, plainWire), undefined);
});
