// Our HPKE against ts-mls's, suite by suite: the same derived keys, each
// side opens what the other sealed, and what does not open fails alike.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HpkeKey } from "./dh-groups.js";
import { hpkeBase } from "./hpke-base.js";
import { hpkeAlgorithms } from "./suite-algorithms.js";
import { assertOwned, names, pair, randomBytes, sameOutcome } from "../testing/provider-pairs.js";

for (const name of names) {
  test(`${name}: HPKE keys are the library's bytes, and each side opens what the other sealed`, async () => {
    const { library, ours } = await pair(name);
    assert.equal(ours.hpke.keyLength, library.hpke.keyLength);
    assert.equal(ours.hpke.nonceLength, library.hpke.nonceLength);
    for (let round = 0; round < 3; round++) {
      // DeriveKeyPair is deterministic: the same private and public key bytes.
      const ikm = randomBytes(library.kdf.size);
      const mine = await ours.hpke.deriveKeyPair(ikm);
      const theirs = await library.hpke.deriveKeyPair(ikm);
      const sk = await ours.hpke.exportPrivateKey(mine.privateKey);
      const pk = await ours.hpke.exportPublicKey(mine.publicKey);
      assert.deepEqual(sk, await library.hpke.exportPrivateKey(theirs.privateKey), "derived private key");
      assert.deepEqual(pk, await library.hpke.exportPublicKey(theirs.publicKey), "derived public key");
      assertOwned(sk, "exported private key");
      // Keys travel as bytes between the two, as they do through a state.
      const oursPriv = await ours.hpke.importPrivateKey(sk);
      const oursPub = await ours.hpke.importPublicKey(pk);
      const libPriv = await library.hpke.importPrivateKey(sk);
      const libPub = await library.hpke.importPublicKey(pk);
      for (const [info, aad] of [
        [randomBytes(0), undefined],
        [randomBytes(30), randomBytes(12)],
      ] as const) {
        const plaintext = randomBytes(round * 40);
        const sealedByUs = await ours.hpke.seal(oursPub, plaintext, info, aad);
        assert.deepEqual(await library.hpke.open(libPriv, sealedByUs.enc, sealedByUs.ct, info, aad), plaintext);
        assert.deepEqual(await ours.hpke.open(oursPriv, sealedByUs.enc, sealedByUs.ct, info, aad), plaintext);
        const sealedByThem = await library.hpke.seal(libPub, plaintext, info, aad);
        assert.deepEqual(await ours.hpke.open(oursPriv, sealedByThem.enc, sealedByThem.ct, info, aad), plaintext);
        assert.deepEqual(
          await ours.hpke.open(mine.privateKey, sealedByThem.enc, sealedByThem.ct, info, aad),
          plaintext,
        );

        const exported = await ours.hpke.exportSecret(oursPub, info, 42, plaintext);
        assert.deepEqual(await library.hpke.importSecret(libPriv, info, exported.enc, 42, plaintext), exported.secret);
        const theirsExported = await library.hpke.exportSecret(libPub, info, 42, plaintext);
        assert.deepEqual(
          await ours.hpke.importSecret(oursPriv, info, theirsExported.enc, 42, plaintext),
          theirsExported.secret,
        );

        // What does not open, fails on both sides.
        const forged = Uint8Array.from(sealedByThem.ct);
        forged[0]! ^= 1;
        await sameOutcome(
          () => ours.hpke.open(oursPriv, sealedByThem.enc, forged, info, aad),
          () => library.hpke.open(libPriv, sealedByThem.enc, forged, info, aad),
          "a forged ciphertext",
        );
        await sameOutcome(
          () => ours.hpke.open(oursPriv, sealedByThem.enc, sealedByThem.ct, randomBytes(3), aad),
          () => library.hpke.open(libPriv, sealedByThem.enc, sealedByThem.ct, randomBytes(3), aad),
          "another info",
        );
        await sameOutcome(
          () => ours.hpke.open(oursPriv, sealedByThem.enc.subarray(1), sealedByThem.ct, info, aad),
          () => library.hpke.open(libPriv, sealedByThem.enc.subarray(1), sealedByThem.ct, info, aad),
          "a truncated kem output",
        );
      }
    }
    // Generated keys round-trip through their bytes.
    const generated = await ours.hpke.generateKeyPair();
    const gsk = await ours.hpke.exportPrivateKey(generated.privateKey);
    const gpk = await ours.hpke.exportPublicKey(generated.publicKey);
    assert.deepEqual(
      await library.hpke.exportPublicKey(await library.hpke.importPublicKey(gpk)),
      gpk,
      "a generated public key the library reads back",
    );
    const info = randomBytes(5);
    const message = randomBytes(20);
    const sealed = await library.hpke.seal(await library.hpke.importPublicKey(gpk), message, info);
    assert.deepEqual(await ours.hpke.open(await ours.hpke.importPrivateKey(gsk), sealed.enc, sealed.ct, info), message);
    // Keys the library made are the library's to use: they still work through ours.
    const libraryMade = await library.hpke.generateKeyPair();
    const viaOurs = await ours.hpke.seal(libraryMade.publicKey, message, empty);
    assert.deepEqual(await ours.hpke.open(libraryMade.privateKey, viaOurs.enc, viaOurs.ct, empty), message);
    // Bytes that are no key: both reject them (or, where the library takes them, both take them).
    for (const [what, bytes] of [
      ["an empty key", new Uint8Array(0)],
      ["a key one byte short", gpk.subarray(1)],
      ["a key one byte long", concatBytes(gpk, Uint8Array.of(1))],
    ] as const) {
      await sameOutcome(
        () => ours.hpke.importPublicKey(bytes).then((k) => ours.hpke.exportPublicKey(k)),
        () => library.hpke.importPublicKey(bytes).then((k) => library.hpke.exportPublicKey(k)),
        `${what} (public)`,
      );
      await sameOutcome(
        () => ours.hpke.importPrivateKey(bytes).then((k) => ours.hpke.exportPrivateKey(k)),
        () => library.hpke.importPrivateKey(bytes).then((k) => library.hpke.exportPrivateKey(k)),
        `${what} (private)`,
      );
    }
  });
}

const empty = new Uint8Array(0);
const concatBytes = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

test("P-521: a private key short of 66 bytes is padded, as the library does", async () => {
  const { library, ours } = await pair("MLS_256_DHKEMP521_AES256GCM_SHA512_P521");
  for (let i = 0; i < 50; i++) {
    const { privateKey } = await library.hpke.generateKeyPair();
    const sk = await library.hpke.exportPrivateKey(privateKey);
    const short = sk.subarray(1);
    if (sk[0] !== 0) continue;
    assert.deepEqual(
      await ours.hpke.exportPrivateKey(await ours.hpke.importPrivateKey(short)),
      await library.hpke.exportPrivateKey(await library.hpke.importPrivateKey(short)),
    );
    return;
  }
  // P-521 scalars are 521 bits in 66 bytes: the first byte is 0 or 1, so half of them start with 0.
  assert.fail("no P-521 key with a leading zero byte in 50 tries");
});

test("an HPKE key of ours is used only as its type: a private key never leaves as a public one", async () => {
  for (const name of names) {
    const { ours } = await pair(name);
    const { privateKey, publicKey } = await ours.hpke.generateKeyPair();
    const asPublic = privateKey as unknown as typeof publicKey;
    const asPrivate = publicKey as unknown as typeof privateKey;
    const sk = await ours.hpke.exportPrivateKey(privateKey);
    await assert.rejects(ours.hpke.exportPublicKey(asPublic), /InvalidKeyType/, `${name}: exportPublicKey(private)`);
    await assert.rejects(ours.hpke.exportPrivateKey(asPrivate), /InvalidKeyType/, `${name}: exportPrivateKey(public)`);
    await assert.rejects(ours.hpke.seal(asPublic, empty, empty), /InvalidKeyType/, `${name}: seal to a private key`);
    await assert.rejects(ours.hpke.exportSecret(asPublic, empty, 8, empty), /InvalidKeyType/);
    const sealed = await ours.hpke.seal(publicKey, empty, empty);
    await assert.rejects(ours.hpke.open(asPrivate, sealed.enc, sealed.ct, empty), /InvalidKeyType/);
    await assert.rejects(ours.hpke.importSecret(asPrivate, empty, sealed.enc, 8, empty), /InvalidKeyType/);
    assert.deepEqual(await ours.hpke.exportPrivateKey(privateKey), sk, "the private key is unchanged");
  }
});

test("RFC 9180 §7.1.4: an all-zero X25519/X448 DH output aborts by our own check; a NIST curve's x = 0 does not", () => {
  // A key whose DH answers zeros, as a low-order point would make it: the check must not rest on OpenSSL's.
  const zeros = (n: number) => new HpkeKey("private", new Uint8Array(n), new Uint8Array(n), () => new Uint8Array(n));
  for (const [kem, n] of [
    [0x20, 32],
    [0x21, 56],
  ] as const) {
    const base = hpkeBase(hpkeAlgorithms(kem, 1, 1)!);
    assert.throws(() => base.deserializeAndDh(zeros(n), randomBytes(n)), /all zeros/, `KEM ${kem}`);
  }
  const p256 = hpkeBase(hpkeAlgorithms(0x10, 1, 1)!);
  const point = p256.group.generate().publicBytes;
  assert.deepEqual(
    p256.deserializeAndDh(zeros(32), point),
    new Uint8Array(32),
    "P-256: x = 0 is a point like any other",
  );
});
