// Fallback counting: valid inputs never reach the library through ours, so a
// count above zero in a passing run really means a gap in our fast paths.
import assert from "node:assert/strict";
import { test } from "node:test";
import { libraryFallbacks } from "./provider.js";
import { names, pair, randomBytes } from "../testing/provider-pairs.js";

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
