// Our signatures against ts-mls's, suite by suite: the same bytes where the
// algorithm is deterministic, cross-wise verification, and the library's
// answers for forged signatures and malformed keys.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertOwned, names, pair, randomBytes, sameOutcome } from "../testing/provider-pairs.js";

for (const name of names) {
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
