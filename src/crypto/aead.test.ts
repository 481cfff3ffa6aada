// Our AEAD against ts-mls's, suite by suite: the same ciphertexts, each side
// opens the other's, and forgeries and malformed inputs fail alike (ours
// rejecting them itself). The published vectors are in vectors-*.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  assertOwned,
  bothReject,
  counters,
  lengths,
  names,
  pair,
  randomBytes,
  sameOutcome,
} from "../testing/provider-pairs.js";

for (const name of names) {
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
    // What is no input for the suite's AEAD, ours rejects itself, as the library does.
    const key = randomBytes(keyLength);
    const nonce = randomBytes(nonceLength);
    const chacha = name.includes("CHACHA20POLY1305");
    const before = counters();
    const invalid = [
      ["a short ciphertext", key, nonce, randomBytes(5)],
      ["a key of the wrong length", randomBytes(keyLength - 1), nonce, randomBytes(40)],
      ["an empty nonce", key, new Uint8Array(0), randomBytes(40)],
      ...(chacha ? ([["an 8-byte nonce", key, randomBytes(8), randomBytes(40)]] as const) : []),
    ] as const;
    for (const [what, k, iv, ct] of invalid) {
      await bothReject(
        () => ours.hpke.decryptAead(k, iv, undefined, ct),
        () => library.hpke.decryptAead(k, iv, undefined, ct),
        what,
      );
      if (what !== "a short ciphertext")
        await bothReject(
          () => ours.hpke.encryptAead(k, iv, undefined, ct),
          () => library.hpke.encryptAead(k, iv, undefined, ct),
          what,
        );
    }
    const after = counters();
    assert.equal(after.handOvers, before.handOvers, "none handed to the library");
    assert.equal(after.rejections - before.rejections, 2 * invalid.length - 1, "each one rejected by ours, once");
  });
}
