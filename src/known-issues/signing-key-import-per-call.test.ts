// KNOWN-ISSUES.md#signing-key-import-per-call
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixedMessage, suite } from "./fixtures.js";

const slug = "signing-key-import-per-call";

test("the Ed25519 signer imports the private key into WebCrypto on every signature", async () => {
  const subtle = globalThis.crypto.subtle;
  const { signKey } = await suite.signature.keygen();
  const message = new TextEncoder().encode("to be signed");
  const importKey = subtle.importKey;
  let imports = 0;
  subtle.importKey = ((...args: Parameters<typeof importKey>) => {
    imports++;
    return importKey.apply(subtle, args);
  }) as typeof importKey;
  try {
    for (let i = 0; i < 3; i++) await suite.signature.sign(signKey, message);
  } finally {
    subtle.importKey = importKey;
  }
  assert.equal(
    imports,
    3,
    fixedMessage(slug, "src/crypto/ (its signature key cache, key-cache.ts; measure with the bench first)"),
  );
});
