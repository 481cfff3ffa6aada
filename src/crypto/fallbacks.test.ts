// Hand-overs and rejections: valid inputs never reach the library through
// ours and are never rejected; a forgery or garbage is rejected by ours
// once and never tried again by the library; only a key the library made
// is handed over.
import assert from "node:assert/strict";
import { test } from "node:test";
import { counters, names, pair, randomBytes } from "../testing/provider-pairs.js";

for (const name of names) {
  test(`${name}: valid inputs are ours alone, rejections are ours and final, library keys are handed over`, async () => {
    const { library, ours } = await pair(name);
    const { signKey, publicKey } = await ours.signature.keygen();
    const hpkeKeys = await library.hpke.generateKeyPair();
    const sk = await library.hpke.exportPrivateKey(hpkeKeys.privateKey);
    const pk = await library.hpke.exportPublicKey(hpkeKeys.publicKey);
    const data = randomBytes(64);
    const size = library.kdf.size;
    const start = counters();
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
    assert.deepEqual(counters(), start, "valid inputs: no hand-over, no rejection");

    const forged = Uint8Array.from(signature);
    forged[forged.length >> 1]! ^= 0x10;
    assert.equal(await ours.signature.verify(publicKey, data, forged), false);
    const garbage = Uint8Array.from(sealed.ct);
    garbage[0]! ^= 1;
    await assert.rejects(ours.hpke.open(priv, sealed.enc, garbage, data, data));
    const afterRejections = counters();
    assert.equal(afterRejections.handOvers, start.handOvers, "a rejection is never the library's to confirm");
    assert.equal(afterRejections.rejections, start.rejections + 2, "each rejection counted once");

    // The one thing ours does not support: HPKE keys the library made.
    const fromLibrary = await ours.hpke.seal(hpkeKeys.publicKey, data, data);
    assert.deepEqual(await ours.hpke.open(hpkeKeys.privateKey, fromLibrary.enc, fromLibrary.ct, data), data);
    assert.deepEqual(counters(), { ...afterRejections, handOvers: afterRejections.handOvers + 2 });
  });
}
