// Our hashes, MACs and HKDF against ts-mls's, suite by suite: the same bytes,
// and RFC 2104's and RFC 5869's answers where the library refuses an input
// (empty MAC keys, salts of other lengths). The published vectors are in
// vectors-wycheproof.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { suiteAlgorithms } from "./suite-algorithms.js";
import { assertOwned, bothReject, counters, lengths, names, pair, randomBytes } from "../testing/provider-pairs.js";

for (const name of names) {
  test(`${name}: hashes, MACs and HKDF are the library's bytes`, async () => {
    const { library, ours } = await pair(name);
    const a = suiteAlgorithms[name]!;
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
    // RFC 2104 pads the key with zeros to the hash's block: the empty key
    // (which WebCrypto, and so the library, refuses) is a block of zeros.
    const data = randomBytes(10);
    const block = a.hashSize === 32 ? 64 : 128;
    assert.deepEqual(
      await ours.hash.mac(new Uint8Array(0), data),
      await library.hash.mac(new Uint8Array(block), data),
      "the empty MAC key is the all-zero block",
    );
    // RFC 5869 §2.2: any salt length (the library takes only one hash's); an empty salt is HashLen zeros.
    assert.deepEqual(
      await ours.kdf.extract(new Uint8Array(0), data),
      await library.kdf.extract(new Uint8Array(size), data),
    );
    // Salts of other lengths are Wycheproof's (vectors-wycheproof.test.ts). §2.3: at most 255
    // hashes of output; ours rejects more itself.
    const before = counters();
    const prk = randomBytes(size);
    await bothReject(
      () => ours.kdf.expand(prk, data, 255 * size + 1),
      () => library.kdf.expand(prk, data, 255 * size + 1),
      "too long",
    );
    assert.deepEqual(counters(), { ...before, rejections: before.rejections + 1 });
  });
}
