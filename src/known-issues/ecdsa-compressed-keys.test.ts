// KNOWN-ISSUES.md#ecdsa-compressed-keys
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultCapabilities, defaultLifetime, generateKeyPackage, getCiphersuiteImpl } from "ts-mls";
import { basicCredential, fixedMessage } from "./fixtures.js";

const slug = "ecdsa-compressed-keys";

const suites = [
  ["MLS_128_DHKEMP256_AES128GCM_SHA256_P256", 33, 65],
  ["MLS_256_DHKEMP521_AES256GCM_SHA512_P521", 67, 133],
  ["MLS_256_DHKEMP384_AES256GCM_SHA384_P384", 49, 97],
] as const;

test("the ECDSA suites' keygen compresses the public key, and KeyPackages carry it so", async () => {
  for (const [name, compressed, uncompressed] of suites) {
    const cipherSuite = await getCiphersuiteImpl(name);
    const { publicKey } = await cipherSuite.signature.keygen();
    const { publicPackage } = await generateKeyPackage({
      credential: basicCredential("alice"),
      capabilities: defaultCapabilities(),
      lifetime: defaultLifetime(),
      cipherSuite,
    });
    for (const key of [publicKey, publicPackage.leafNode.signaturePublicKey]) {
      assert.notEqual(key.length, uncompressed, fixedMessage(slug, "src/crypto/signature-keys.ts (ecdsaKeygen)"));
      assert.equal(key.length, compressed, `${name}: a compressed SEC1 point`);
      assert.ok(key[0] === 0x02 || key[0] === 0x03, `${name}: a compressed point's tag`);
    }
  }
});
