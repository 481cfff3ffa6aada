// Our AEAD against ts-mls's, suite by suite: the same ciphertexts, each side
// opens the other's, and forgeries and malformed inputs fail alike.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertOwned, lengths, names, pair, randomBytes, sameOutcome } from "../testing/provider-pairs.js";

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
}
