// Our hashes, MACs and HKDF against ts-mls's, suite by suite: the same bytes,
// and the library's own failures for inputs it rejects.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertOwned, lengths, names, pair, randomBytes, sameOutcome } from "../testing/provider-pairs.js";

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
}
