// The signature key cache: a key is imported once, and an entry goes beyond
// the bound, once its arrays are garbage, or when the server forgets keys.
import assert from "node:assert/strict";
import { generateKeyPairSync, sign } from "node:crypto";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { KeyCache, forgetImportedKeys, privateKeys, publicKeys } from "./key-cache.js";
import { pair, randomBytes } from "../testing/provider-pairs.js";

test("a generated signature key is cached at once, both its forms share the entry, and the server's forgetting drops it", async () => {
  forgetImportedKeys();
  const { ours } = await pair("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519");
  const before = { priv: privateKeys.stats(), pub: publicKeys.stats() };
  const { signKey, publicKey } = await ours.signature.keygen();
  let message = randomBytes(30);
  for (let i = 0; i < 5; i++) {
    // A new message each time: a verification seen before is answered without the key (verified-signatures.ts).
    message = randomBytes(30);
    const signature = await ours.signature.sign(signKey, message);
    assert.equal(await ours.signature.verify(publicKey, message, signature), true);
  }
  // A copy of the same bytes, and WebCrypto's PKCS#8 around the same seed, find the same entry.
  await ours.signature.sign(Uint8Array.from(signKey), message);
  await ours.signature.sign(Uint8Array.from([...ed25519Pkcs8Prefix, ...signKey]), message);
  const after = { priv: privateKeys.stats(), pub: publicKeys.stats() };
  assert.equal(after.priv.misses - before.priv.misses, 1, "one private key import: at generation");
  assert.equal(after.priv.hits - before.priv.hits, 7);
  // Our own signatures are known to verify (verified-signatures.ts): their public key is never imported.
  assert.equal(after.pub.misses - before.pub.misses, 0);
  assert.equal(privateKeys.size, 1);
  // Signatures by a key pair made elsewhere: its public key is imported once for five verifications.
  const foreign = generateKeyPairSync("ed25519");
  const foreignPublic = Buffer.from(foreign.publicKey.export({ format: "der", type: "spki" }).subarray(12));
  for (let i = 0; i < 5; i++) {
    message = randomBytes(30);
    assert.equal(await ours.signature.verify(foreignPublic, message, sign(null, message, foreign.privateKey)), true);
  }
  const last = publicKeys.stats();
  assert.equal(last.misses - after.pub.misses, 1, "one public key import");
  assert.equal(last.hits - after.pub.hits, 4);
  forgetImportedKeys();
  assert.equal(privateKeys.size, 0);
  assert.equal(publicKeys.size, 0);
});

const ed25519Pkcs8Prefix = [
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

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

test("a generated EdDSA key leaves the cache once its arrays are garbage: nothing of it outlives its states", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  forgetImportedKeys();
  const { ours } = await pair("MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448");
  const kept = await ours.signature.keygen();
  await (async () => {
    for (let i = 0; i < 3; i++) {
      const dropped = await ours.signature.keygen();
      await ours.signature.sign(dropped.signKey, randomBytes(5));
    }
  })();
  assert.equal(privateKeys.size, 4);
  for (let i = 0; i < 100 && privateKeys.size > 1; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(privateKeys.size, 1, "only the key whose array is alive is left");
  const misses = privateKeys.stats().misses;
  await ours.signature.sign(kept.signKey, randomBytes(5));
  assert.equal(privateKeys.stats().misses, misses, "and it is still cached");
  forgetImportedKeys();
});
