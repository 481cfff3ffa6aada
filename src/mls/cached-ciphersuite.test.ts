// Our provider against ts-mls's own, suite by suite: the same bytes wherever
// the algorithm is deterministic, cross-wise verification and decryption
// where it is not, and the library's own failures for inputs it rejects.
import assert from "node:assert/strict";
import { ECDH, createPrivateKey, generateKeyPairSync, randomBytes as randomBuffer } from "node:crypto";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { ciphersuites, getCiphersuiteImpl, type CiphersuiteImpl, type CiphersuiteName } from "ts-mls";
import { cryptoProvider, suite } from "./ciphersuites.js";
import {
  KeyCache,
  cachedCiphersuite,
  forgetImportedKeys,
  libraryFallbacks,
  privateKeys,
  publicKeys,
} from "./cached-ciphersuite.js";

const names = (Object.entries(ciphersuites) as Array<[CiphersuiteName, number]>)
  .filter(([, id]) => id >= 1 && id <= 7)
  .map(([name]) => name);

interface Pair {
  library: CiphersuiteImpl;
  ours: CiphersuiteImpl;
}

async function pair(name: CiphersuiteName): Promise<Pair> {
  const library = await getCiphersuiteImpl(name);
  return { library, ours: cachedCiphersuite(name, library) };
}

/** Both reject, or both give the same value. */
async function sameOutcome<T>(ours: () => Promise<T>, library: () => Promise<T>, what: string): Promise<void> {
  const settle = (fn: () => Promise<T>) =>
    fn().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  const [o, l] = await Promise.all([settle(ours), settle(library)]);
  assert.equal(o.ok, l.ok, `${what}: ours ${o.ok ? "answered" : "threw"}, the library ${l.ok ? "answered" : "threw"}`);
  if (o.ok && l.ok) assert.deepEqual(o.value, l.value, what);
}

/** A result the caller owns: a plain Uint8Array over a buffer of its own, which zeroing cannot share. */
function assertOwned(bytes: Uint8Array, what: string): void {
  assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype, `${what} is a plain Uint8Array`);
  assert.equal(bytes.byteOffset, 0, `${what} starts its buffer`);
  assert.equal(bytes.buffer.byteLength, bytes.length, `${what} has its buffer to itself`);
}

const lengths = [0, 1, 31, 32, 100, 1000];

/** Plain Uint8Arrays, as ts-mls hands them over (a Buffer would not deep-equal one). */
const randomBytes = (n: number): Uint8Array => new Uint8Array(randomBuffer(n));

for (const name of names) {
  test(`${name}: hashes, MACs and HKDF are the library's bytes`, async () => {
    const { library, ours } = await pair(name);
    const size = library.kdf.size;
    assert.equal(ours.kdf.size, size);
    for (const n of lengths) {
      const data = randomBytes(n);
      const digest = await ours.hash.digest(data);
      assert.deepEqual(digest, await library.hash.digest(data), `digest of ${n} bytes`);
      assertOwned(digest, "digest");
      for (const keyLength of [1, size, 200]) {
        const key = randomBytes(keyLength);
        const mac = await ours.hash.mac(key, data);
        assert.deepEqual(mac, await library.hash.mac(key, data), `MAC of ${n} bytes, key of ${keyLength}`);
        assertOwned(mac, "MAC");
        assert.equal(await ours.hash.verifyMac(key, mac, data), true);
        assert.equal(await library.hash.verifyMac(key, mac, data), true);
        const forged = Uint8Array.from(mac);
        forged[0]! ^= 1;
        assert.equal(await ours.hash.verifyMac(key, forged, data), false, "a changed MAC");
        assert.equal(await ours.hash.verifyMac(key, mac.subarray(1), data), false, "a short MAC");
      }
      const prk = await ours.kdf.extract(randomBytes(size), data);
      for (const salt of [new Uint8Array(0), randomBytes(size)])
        assert.deepEqual(await ours.kdf.extract(salt, data), await library.kdf.extract(salt, data), `extract`);
      for (const out of [0, 1, 12, size, 3 * size + 5, 255 * size]) {
        const okm = await ours.kdf.expand(prk, data, out);
        assert.deepEqual(okm, await library.kdf.expand(prk, data, out), `expand to ${out} bytes`);
        assertOwned(okm, "expand");
      }
    }
    // What the library rejects, ours rejects: an empty MAC key, a salt or PRK
    // that is not one hash long, more than 255 hashes of output.
    const data = randomBytes(10);
    await sameOutcome(
      () => ours.hash.mac(new Uint8Array(0), data),
      () => library.hash.mac(new Uint8Array(0), data),
      "empty MAC key",
    );
    await sameOutcome(
      () => ours.hash.verifyMac(new Uint8Array(0), new Uint8Array(size), data),
      () => library.hash.verifyMac(new Uint8Array(0), new Uint8Array(size), data),
      "verifyMac with an empty key",
    );
    for (const wrong of [size - 1, size + 1]) {
      await sameOutcome(
        () => ours.kdf.extract(randomBytes(wrong), data),
        () => library.kdf.extract(randomBytes(wrong), data),
        `salt of ${wrong}`,
      );
      const prk = randomBytes(wrong);
      await sameOutcome(
        () => ours.kdf.expand(prk, data, 32),
        () => library.kdf.expand(prk, data, 32),
        `PRK of ${wrong}`,
      );
    }
    const prk = randomBytes(size);
    await sameOutcome(
      () => ours.kdf.expand(prk, data, 255 * size + 1),
      () => library.kdf.expand(prk, data, 255 * size + 1),
      "too long",
    );
  });

  test(`${name}: AEAD is the library's bytes and opens the library's ciphertexts`, async () => {
    const { library, ours } = await pair(name);
    const { keyLength, nonceLength } = library.hpke;
    for (const n of lengths) {
      const key = randomBytes(keyLength);
      const nonce = randomBytes(nonceLength);
      const plaintext = randomBytes(n);
      for (const aad of [undefined, new Uint8Array(0), randomBytes(n + 3)]) {
        const sealed = await ours.hpke.encryptAead(key, nonce, aad, plaintext);
        assert.deepEqual(sealed, await library.hpke.encryptAead(key, nonce, aad, plaintext), `seal ${n} bytes`);
        assertOwned(sealed, "ciphertext");
        const opened = await ours.hpke.decryptAead(key, nonce, aad, sealed);
        assert.deepEqual(opened, plaintext);
        assertOwned(opened, "plaintext");
        assert.deepEqual(await library.hpke.decryptAead(key, nonce, aad, sealed), plaintext);
        const forged = Uint8Array.from(sealed);
        forged[forged.length - 1]! ^= 1;
        await sameOutcome(
          () => ours.hpke.decryptAead(key, nonce, aad, forged),
          () => library.hpke.decryptAead(key, nonce, aad, forged),
          "a forged ciphertext",
        );
      }
    }
    const key = randomBytes(keyLength);
    const nonce = randomBytes(nonceLength);
    for (const [what, k, iv, ct] of [
      ["a short ciphertext", key, nonce, randomBytes(5)],
      ["a short nonce", key, randomBytes(8), randomBytes(40)],
      ["a key of the wrong length", randomBytes(keyLength - 1), nonce, randomBytes(40)],
    ] as const) {
      await sameOutcome(
        () => ours.hpke.decryptAead(k, iv, undefined, ct),
        () => library.hpke.decryptAead(k, iv, undefined, ct),
        what,
      );
      await sameOutcome(
        () => ours.hpke.encryptAead(k, iv, undefined, ct),
        () => library.hpke.encryptAead(k, iv, undefined, ct),
        what,
      );
    }
  });

  test(`${name}: signatures verify cross-wise, deterministic ones byte for byte`, async () => {
    const { library, ours } = await pair(name);
    for (let round = 0; round < 3; round++) {
      const { signKey, publicKey } = await library.signature.keygen();
      for (const n of [0, 1, 300]) {
        const message = randomBytes(n);
        const mine = await ours.signature.sign(signKey, message);
        const theirs = await library.signature.sign(signKey, message);
        // EdDSA is deterministic, and ECDSA signing is noble's with RFC 6979 nonces on both sides.
        assert.deepEqual(mine, theirs, `signature over ${n} bytes`);
        assertOwned(mine, "signature");
        assert.equal(await library.signature.verify(publicKey, message, mine), true, "the library accepts ours");
        assert.equal(await ours.signature.verify(publicKey, message, theirs), true, "ours accepts the library's");
        const forged = Uint8Array.from(theirs);
        forged[forged.length >> 1]! ^= 0x10;
        await sameOutcome(
          () => ours.signature.verify(publicKey, message, forged),
          () => library.signature.verify(publicKey, message, forged),
          "a forged signature",
        );
        const other = randomBytes(n + 1);
        assert.equal(await ours.signature.verify(publicKey, other, theirs), false, "another message");
        await sameOutcome(
          () => ours.signature.verify(publicKey, message, theirs.subarray(1)),
          () => library.signature.verify(publicKey, message, theirs.subarray(1)),
          "a truncated signature",
        );
      }
    }
    const message = randomBytes(20);
    const { signKey, publicKey } = await library.signature.keygen();
    const signature = await library.signature.sign(signKey, message);
    for (const [what, key] of [
      ["a public key one byte short", publicKey.subarray(1)],
      ["an empty public key", new Uint8Array(0)],
      ["a public key of zeros", new Uint8Array(publicKey.length)],
    ] as const)
      await sameOutcome(
        () => ours.signature.verify(key, message, signature),
        () => library.signature.verify(key, message, signature),
        what,
      );
    for (const [what, key] of [
      ["a private key one byte short", signKey.subarray(1)],
      ["an empty private key", new Uint8Array(0)],
    ] as const)
      await sameOutcome(
        () => ours.signature.sign(key, message),
        () => library.signature.sign(key, message),
        what,
      );
  });
}

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

test("EdDSA key pairs from our keygen have the library's formats, and both providers sign alike with them", async () => {
  for (const name of [
    "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
    "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448",
  ] as const) {
    const { library, ours } = await pair(name);
    const theirs = await library.signature.keygen();
    const mine = await ours.signature.keygen();
    assert.equal(mine.signKey.length, theirs.signKey.length, `${name}: private key length`);
    assert.equal(mine.publicKey.length, theirs.publicKey.length, `${name}: public key length`);
    if (name.endsWith("Ed25519"))
      assert.deepEqual(mine.signKey.subarray(0, 16), theirs.signKey.subarray(0, 16), "the same PKCS#8 header");
    const message = randomBytes(77);
    // The form the server keeps (the raw seed) imports through the remembered public half.
    const raw = name.endsWith("Ed25519") ? Uint8Array.from(mine.signKey.subarray(16)) : mine.signKey;
    for (const key of [mine.signKey, raw]) {
      const signature = await ours.signature.sign(key, message);
      assert.deepEqual(signature, await library.signature.sign(key, message), `${name}: the library's signature`);
      assert.equal(await library.signature.verify(mine.publicKey, message, signature), true);
    }
  }
});

const ecdsaCurves: Partial<Record<CiphersuiteName, string>> = {
  MLS_128_DHKEMP256_AES128GCM_SHA256_P256: "prime256v1",
  MLS_256_DHKEMP521_AES256GCM_SHA512_P521: "secp521r1",
  MLS_256_DHKEMP384_AES256GCM_SHA384_P384: "secp384r1",
};

test("ECDSA: compressed points (ts-mls's) and uncompressed ones (other stacks') verify alike", async () => {
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
      await sameOutcome(
        () => ours.signature.verify(flipped, message, signature),
        () => library.signature.verify(flipped, message, signature),
        `${name}: another point (or none)`,
      );
    }
  }
});

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

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

for (const name of names) {
  test(`${name}: valid inputs never fall back to the library, a rejection does`, async () => {
    const { library, ours } = await pair(name);
    const { signKey, publicKey } = await library.signature.keygen();
    const hpkeKeys = await library.hpke.generateKeyPair();
    const sk = await library.hpke.exportPrivateKey(hpkeKeys.privateKey);
    const pk = await library.hpke.exportPublicKey(hpkeKeys.publicKey);
    const data = randomBytes(64);
    const size = library.kdf.size;
    const before = total(libraryFallbacks());
    await ours.hash.digest(data);
    const mac = await ours.hash.mac(data.subarray(0, size), data);
    assert.equal(await ours.hash.verifyMac(data.subarray(0, size), mac, data), true);
    const prk = await ours.kdf.extract(new Uint8Array(0), data);
    await ours.kdf.expand(prk, data, 3 * size);
    const key = randomBytes(library.hpke.keyLength);
    const nonce = randomBytes(library.hpke.nonceLength);
    const ct = await ours.hpke.encryptAead(key, nonce, data, data);
    await ours.hpke.decryptAead(key, nonce, data, ct);
    const signature = await ours.signature.sign(signKey, data);
    assert.equal(await ours.signature.verify(publicKey, data, signature), true);
    const priv = await ours.hpke.importPrivateKey(sk);
    const pub = await ours.hpke.importPublicKey(pk);
    const sealed = await ours.hpke.seal(pub, data, data, data);
    await ours.hpke.open(priv, sealed.enc, sealed.ct, data, data);
    const exported = await ours.hpke.exportSecret(pub, data, 32, data);
    await ours.hpke.importSecret(priv, data, exported.enc, 32, data);
    await ours.hpke.deriveKeyPair(data.subarray(0, size));
    await ours.hpke.generateKeyPair();
    const isEcdsa = name.endsWith("P256") || name.endsWith("P384") || name.endsWith("P521");
    assert.equal(total(libraryFallbacks()), before, `fallbacks on valid input: ${JSON.stringify(libraryFallbacks())}`);
    // ECDSA signing is the library's by design, not a fallback; a forged signature is one.
    assert.ok(isEcdsa || (await ours.signature.sign(signKey, data)).length > 0);
    const forged = Uint8Array.from(signature);
    forged[forged.length >> 1]! ^= 0x10;
    assert.equal(await ours.signature.verify(publicKey, data, forged), false);
    assert.equal(total(libraryFallbacks()), before + 1, "a rejected signature is the library's to confirm");
  });
}

const empty = new Uint8Array(0);
const concatBytes = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

test("P-256: a point off the curve is rejected on both sides, the uncompressed point on it taken", async () => {
  const { library, ours } = await pair("MLS_128_DHKEMP256_AES128GCM_SHA256_P256");
  const { publicKey } = await library.hpke.generateKeyPair();
  const pk = await library.hpke.exportPublicKey(publicKey);
  assert.equal(pk.length, 65);
  const off = Uint8Array.from(pk);
  off[64]! ^= 1;
  await sameOutcome(
    () => ours.hpke.importPublicKey(off).then((k) => ours.hpke.exportPublicKey(k)),
    () => library.hpke.importPublicKey(off).then((k) => library.hpke.exportPublicKey(k)),
    "a point off the curve",
  );
  assert.deepEqual(await ours.hpke.exportPublicKey(await ours.hpke.importPublicKey(pk)), pk);
});

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

test("a signature key is imported once, and its entry is tied to the arrays it came from", async () => {
  forgetImportedKeys();
  const { ours } = await pair("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519");
  const { signKey, publicKey } = await ours.signature.keygen();
  const before = { priv: privateKeys.stats(), pub: publicKeys.stats() };
  const message = randomBytes(30);
  for (let i = 0; i < 5; i++) {
    const signature = await ours.signature.sign(signKey, message);
    assert.equal(await ours.signature.verify(publicKey, message, signature), true);
  }
  // A copy of the same bytes finds the same entry: the cache is keyed by bytes, not by array.
  await ours.signature.sign(Uint8Array.from(signKey), message);
  const after = { priv: privateKeys.stats(), pub: publicKeys.stats() };
  assert.equal(after.priv.misses - before.priv.misses, 1, "one private key import");
  assert.equal(after.priv.hits - before.priv.hits, 5);
  assert.equal(after.pub.misses - before.pub.misses, 1, "one public key import");
  assert.equal(after.pub.hits - before.pub.hits, 4);
  assert.equal(privateKeys.size, 1);
  forgetImportedKeys();
  assert.equal(privateKeys.size, 0);
  assert.equal(publicKeys.size, 0);
});

test("the cache drops the least recently used entry beyond its bound", () => {
  const cache = new KeyCache(2);
  const imports: string[] = [];
  const key = (label: string) => () => {
    imports.push(label);
    return generateKeyPairSync("ed25519").publicKey;
  };
  const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
  cache.get("t", a, key("a"));
  cache.get("t", b, key("b"));
  cache.get("t", a, key("a")); // a is now the most recent
  cache.get("t", c, key("c")); // evicts b
  assert.equal(cache.size, 2);
  cache.get("t", a, key("a"));
  cache.get("t", b, key("b"));
  assert.deepEqual(imports, ["a", "b", "c", "b"]);
  // Domains keep key types apart even for equal bytes.
  cache.get("u", a, key("a in u"));
  assert.equal(imports.at(-1), "a in u");
});

test("an entry goes once every array it was used from is garbage", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const cache = new KeyCache(100);
  const kept = randomBytes(32);
  const keyObject = generateKeyPairSync("ed25519").publicKey;
  cache.get("t", kept, () => keyObject);
  (() => {
    // Two other arrays with other bytes, and a copy of `kept`'s bytes, all dropped at once.
    cache.get("t", randomBytes(32), () => keyObject);
    cache.get("t", randomBytes(32), () => keyObject);
    cache.get("t", Uint8Array.from(kept), () => keyObject);
  })();
  assert.equal(cache.size, 3);
  for (let i = 0; i < 100 && cache.size > 1; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(cache.size, 1, "only the entry whose array is still alive is left");
  assert.equal(
    cache.get("t", kept, () => assert.fail("re-imported")),
    keyObject,
  );
});

test("the CryptoProvider for ts-mls's own suite lookups hands out the same implementations the server uses", async () => {
  for (const id of [1, 2, 3, 4, 5, 6, 7]) {
    const impl = await cryptoProvider.getCiphersuiteImpl(id);
    assert.equal(impl, (await suite(id)).impl);
    assert.notEqual(impl, await getCiphersuiteImpl(names[id - 1] as CiphersuiteName), "ours, not the library's");
  }
  await assert.rejects(cryptoProvider.getCiphersuiteImpl(61447), /unsupported ciphersuite/);
});

test("X25519 and X448 key pairs are generated under constant GC without deadlocking node", () => {
  // Node 20 deadlocks when a KeyObject from generateKeyPairSync is exported
  // as JWK while the GC finalizes the generation job; with a 1 MiB young
  // generation the old way hung within the first few hundred keys.
  const provider = fileURLToPath(new URL("./cached-ciphersuite.js", import.meta.url));
  const script = `
    const { getCiphersuiteImpl } = await import("ts-mls");
    const { cachedCiphersuite } = await import(${JSON.stringify(provider)});
    for (const name of ["MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519", "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448"]) {
      const hpke = cachedCiphersuite(name, await getCiphersuiteImpl(name)).hpke;
      let junk = [];
      for (let i = 0; i < 3000; i++) {
        await hpke.generateKeyPair();
        junk.push(new Array(50).fill(i));
        if (junk.length > 500) junk = [];
      }
    }
    process.stdout.write("done");
  `;
  const child = spawnSync(
    process.execPath,
    ["--max-semi-space-size=1", "--input-type=module", "--eval", script],
    // Generous: this catches a hang, it does not time anything.
    { cwd: fileURLToPath(new URL(".", import.meta.url)), encoding: "utf8", timeout: 120_000 },
  );
  assert.equal(child.signal, null, `the key generation loop hung (killed by ${child.signal})`);
  assert.equal(child.stdout, "done", child.stderr);
});
