// Our signatures against ts-mls's, suite by suite: the same bytes where the
// algorithm is deterministic (ours in low-S form), cross-wise verification,
// and rejections of forged signatures and malformed keys on both sides.
import assert from "node:assert/strict";
import { test } from "node:test";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import type { CiphersuiteName } from "ts-mls";
import { assertOwned, bothReject, names, pair, randomBytes, sameOutcome } from "../testing/provider-pairs.js";

const ecdsaCurves: Partial<Record<CiphersuiteName, typeof p256>> = {
  MLS_128_DHKEMP256_AES128GCM_SHA256_P256: p256,
  MLS_256_DHKEMP521_AES256GCM_SHA512_P521: p521,
  MLS_256_DHKEMP384_AES256GCM_SHA384_P384: p384,
};

/** An ECDSA signature with s replaced by n − s when it is above n / 2 (EdDSA signatures as they are). */
function lowS(name: CiphersuiteName, signature: Uint8Array): Uint8Array {
  const curve = ecdsaCurves[name];
  if (curve === undefined) return signature;
  const { r, s } = curve.Signature.fromBytes(signature, "der");
  const n = curve.Point.CURVE().n;
  return s > n / 2n ? new curve.Signature(r, n - s).toBytes("der") : signature;
}

for (const name of names) {
  test(`${name}: signatures verify cross-wise, deterministic ones byte for byte`, async () => {
    const { library, ours } = await pair(name);
    for (let round = 0; round < 3; round++) {
      const { signKey, publicKey } = await library.signature.keygen();
      for (const n of [0, 1, 300]) {
        const message = randomBytes(n);
        const mine = await ours.signature.sign(signKey, message);
        const theirs = await library.signature.sign(signKey, message);
        // EdDSA is deterministic, and ECDSA signing is noble's with RFC 6979 nonces on both sides; ours is low-S.
        assert.deepEqual(mine, lowS(name, theirs), `signature over ${n} bytes`);
        assertOwned(mine, "signature");
        assert.equal(await library.signature.verify(publicKey, message, mine), true, "the library accepts ours");
        assert.equal(await ours.signature.verify(publicKey, message, theirs), true, "ours accepts the library's");
        const forged = Uint8Array.from(theirs);
        forged[forged.length >> 1]! ^= 0x10;
        await bothReject(
          () => ours.signature.verify(publicKey, message, forged),
          () => library.signature.verify(publicKey, message, forged),
          "a forged signature",
        );
        const other = randomBytes(n + 1);
        assert.equal(await ours.signature.verify(publicKey, other, theirs), false, "another message");
        await bothReject(
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
      await bothReject(
        () => ours.signature.verify(key, message, signature),
        () => library.signature.verify(key, message, signature),
        what,
      );
    // Where the library signs with a short key (noble takes a 65-byte P-521 scalar), so does ours.
    for (const [what, key] of [
      ["a private key one byte short", signKey.subarray(1)],
      ["an empty private key", new Uint8Array(0)],
    ] as const)
      await sameOutcome(
        () => ours.signature.sign(key, message),
        () => library.signature.sign(key, message).then((signature) => lowS(name, signature)),
        what,
      );
  });
}

test("ECDSA: ours signs low-S; high-S signatures (ts-mls, MLSpp and mls-rs emit them) verify, as every peer's do", async () => {
  for (const [name, curve] of Object.entries(ecdsaCurves) as Array<[CiphersuiteName, typeof p256]>) {
    const { library, ours } = await pair(name);
    const { signKey, publicKey } = await ours.signature.keygen();
    let high = 0;
    for (let i = 0; i < 20; i++) {
      const message = randomBytes(i);
      const mine = curve.Signature.fromBytes(await ours.signature.sign(signKey, message), "der");
      assert.equal(mine.hasHighS(), false, `${name}: our signature is low-S`);
      const theirs = await library.signature.sign(signKey, message);
      if (!curve.Signature.fromBytes(theirs, "der").hasHighS()) continue;
      high++;
      assert.equal(await ours.signature.verify(publicKey, message, theirs), true, `${name}: a high-S signature`);
      assert.equal(await library.signature.verify(publicKey, message, theirs), true);
    }
    // The library signs without normalising s: half of its signatures are high-S.
    assert.ok(high > 0, `${name}: no high-S signature from the library in 20`);
  }
});
