// The key formats our signature keys are imported from and generated in:
// each form the library takes (raw seeds, PKCS#8, compressed and
// uncompressed points) must work through ours as through the library, and
// ours generates the forms RFC 9420 requires.
import assert from "node:assert/strict";
import { ECDH, createPrivateKey, generateKeyPairSync } from "node:crypto";
import { test } from "node:test";
import type { CiphersuiteName } from "ts-mls";
import { suiteAlgorithms } from "./suite-algorithms.js";
import { bothReject, names, pair, randomBytes, sameOutcome } from "../testing/provider-pairs.js";

test("Ed25519: the raw seed and WebCrypto's PKCS#8 sign alike; a PKCS#8 key of another type is the library's error", async () => {
  const { library, ours } = await pair("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519");
  const { signKey } = await library.signature.keygen();
  assert.equal(signKey.length, 48, "the library's keygen returns PKCS#8");
  const seed = signKey.subarray(16);
  const message = randomBytes(50);
  const expected = await library.signature.sign(signKey, message);
  assert.deepEqual(await ours.signature.sign(signKey, message), expected);
  assert.deepEqual(await ours.signature.sign(Uint8Array.from(seed), message), expected);
  const x25519 = generateKeyPairSync("x25519").privateKey.export({ format: "der", type: "pkcs8" });
  await sameOutcome(
    () => ours.signature.sign(new Uint8Array(x25519), message),
    () => library.signature.sign(new Uint8Array(x25519), message),
    "an X25519 PKCS#8 key",
  );
  assert.equal(createPrivateKey({ key: x25519, format: "der", type: "pkcs8" }).asymmetricKeyType, "x25519");
});

test("key pairs from our keygen: EdDSA's raw (RFC 8032 seeds), ECDSA's uncompressed; both providers sign alike with them", async () => {
  for (const name of names) {
    const { library, ours } = await pair(name);
    const theirs = await library.signature.keygen();
    const mine = await ours.signature.keygen();
    const a = suiteAlgorithms[name]!;
    const lengths = { Ed25519: [32, 32], Ed448: [57, 57], "P-256": [32, 65], "P-384": [48, 97], "P-521": [66, 133] };
    assert.deepEqual([mine.signKey.length, mine.publicKey.length], lengths[a.signature], `${name}: key lengths`);
    if (a.signature.startsWith("P-")) {
      assert.equal(mine.publicKey[0], 0x04, `${name}: an uncompressed point`);
      assert.equal(mine.signKey.length, theirs.signKey.length, `${name}: the library's scalar length`);
    }
    const message = randomBytes(77);
    const signature = await ours.signature.sign(mine.signKey, message);
    assert.equal(
      await library.signature.verify(mine.publicKey, message, signature),
      true,
      `${name}: the library verifies`,
    );
    assert.equal(await ours.signature.verify(mine.publicKey, message, signature), true, `${name}: ours verifies`);
    const theirSignature = await library.signature.sign(mine.signKey, message);
    assert.equal(
      await ours.signature.verify(mine.publicKey, message, theirSignature),
      true,
      `${name}: the library signs`,
    );
  }
});

const ecdsaCurves: Partial<Record<CiphersuiteName, string>> = {
  MLS_128_DHKEMP256_AES128GCM_SHA256_P256: "prime256v1",
  MLS_256_DHKEMP521_AES256GCM_SHA512_P521: "secp521r1",
  MLS_256_DHKEMP384_AES256GCM_SHA384_P384: "secp384r1",
};

test("ECDSA: compressed points (ts-mls's keygen's) and uncompressed ones verify alike (docs/crypto.md)", async () => {
  for (const [name, curve] of Object.entries(ecdsaCurves) as Array<[CiphersuiteName, string]>) {
    const { library, ours } = await pair(name);
    const { signKey, publicKey } = await library.signature.keygen();
    const uncompressed = new Uint8Array(
      ECDH.convertKey(publicKey, curve, undefined, undefined, "uncompressed") as Buffer,
    );
    assert.notEqual(uncompressed.length, publicKey.length, name);
    const message = randomBytes(40);
    const signature = await library.signature.sign(signKey, message);
    for (const key of [publicKey, uncompressed]) {
      assert.equal(await library.signature.verify(key, message, signature), true, `${name}: the library accepts it`);
      assert.equal(await ours.signature.verify(key, message, signature), true, `${name}: ours accepts it`);
      const flipped = Uint8Array.from(key);
      flipped[flipped.length - 1]! ^= 1;
      await bothReject(
        () => ours.signature.verify(flipped, message, signature),
        () => library.signature.verify(flipped, message, signature),
        `${name}: another point (or none)`,
      );
    }
  }
});
