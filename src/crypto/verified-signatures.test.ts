// Remembered verifications: a success is answered again without verifying,
// anything that differs in one byte is verified afresh, failures are never
// remembered, and the bound holds.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Signature } from "ts-mls";
import { pair } from "../testing/provider-pairs.js";
import {
  OwnKeyPairs,
  VerifiedSignatures,
  rememberingVerifications,
  verifiedSignatures,
} from "./verified-signatures.js";

function counting(answer: (message: Uint8Array) => boolean): Signature & { calls: number; keys: number } {
  const s = {
    calls: 0,
    keys: 0,
    sign: async (signKey: Uint8Array, message: Uint8Array) => Uint8Array.of(signKey[0]!, ...message),
    keygen: async () => {
      s.keys++;
      return { publicKey: new Uint8Array(32).fill(s.keys), signKey: new Uint8Array(32).fill(100 + s.keys) };
    },
    verify: async (_pk: Uint8Array, message: Uint8Array) => {
      s.calls++;
      return answer(message);
    },
  };
  return s;
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

test("a verification that succeeded is answered from memory; one byte more or less anywhere is verified again", async () => {
  const inner = counting(() => true);
  const s = rememberingVerifications("Ed25519", inner, new VerifiedSignatures(100));
  assert.equal(await s.verify(bytes(1), bytes(2, 3), bytes(4)), true);
  assert.equal(await s.verify(bytes(1), bytes(2, 3), bytes(4)), true);
  assert.equal(inner.calls, 1);
  // The same bytes split differently between key, message and signature are another verification.
  assert.equal(await s.verify(bytes(1, 2), bytes(3), bytes(4)), true);
  assert.equal(await s.verify(bytes(1), bytes(2), bytes(3, 4)), true);
  assert.equal(await s.verify(bytes(1), bytes(2, 3), bytes(5)), true);
  assert.equal(inner.calls, 4);
  // Another algorithm's cache entry is not this one's.
  const other = rememberingVerifications("Ed448", inner, new VerifiedSignatures(100));
  assert.equal(await other.verify(bytes(1), bytes(2, 3), bytes(4)), true);
  assert.equal(inner.calls, 5);
});

test("a failed verification is not remembered: it is verified every time", async () => {
  const inner = counting((message) => message[0] === 1);
  const cache = new VerifiedSignatures(100);
  const s = rememberingVerifications("Ed25519", inner, cache);
  assert.equal(await s.verify(bytes(9), bytes(0), bytes(9)), false);
  assert.equal(await s.verify(bytes(9), bytes(0), bytes(9)), false);
  assert.equal(inner.calls, 2);
  assert.deepEqual(cache.stats(), { entries: 0, hits: 0, misses: 2 });
});

test("at most maxEntries are kept, the least recently used going first", async () => {
  const inner = counting(() => true);
  const cache = new VerifiedSignatures(2);
  const s = rememberingVerifications("Ed25519", inner, cache);
  await s.verify(bytes(1), bytes(1), bytes(1));
  await s.verify(bytes(2), bytes(2), bytes(2));
  await s.verify(bytes(1), bytes(1), bytes(1)); // 1 is now the most recent
  await s.verify(bytes(3), bytes(3), bytes(3)); // evicts 2
  assert.equal(cache.stats().entries, 2);
  const before = inner.calls;
  await s.verify(bytes(1), bytes(1), bytes(1));
  assert.equal(inner.calls, before);
  await s.verify(bytes(2), bytes(2), bytes(2));
  assert.equal(inner.calls, before + 1);
});

test("through our provider: a good signature remembered does not make a forged one verify", async () => {
  const { ours } = await pair("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519");
  const { publicKey, signKey } = await ours.signature.keygen();
  const message = bytes(1, 2, 3);
  const signature = await ours.signature.sign(signKey, message);
  assert.equal(await ours.signature.verify(publicKey, message, signature), true);
  assert.equal(await ours.signature.verify(publicKey, message, signature), true);
  const forged = Uint8Array.from(signature);
  forged[0]! ^= 1;
  assert.equal(await ours.signature.verify(publicKey, message, forged), false);
  assert.equal(await ours.signature.verify(publicKey, bytes(1, 2, 4), signature), false);
});

test("a signature made with a key pair made here is remembered as verified under its public key, and only that", async () => {
  const inner = counting(() => true);
  const cache = new VerifiedSignatures(100);
  const own = new OwnKeyPairs(100);
  const s = rememberingVerifications("Ed25519", inner, cache, own);
  const { publicKey, signKey } = await s.keygen();
  const signature = await s.sign(signKey, bytes(7, 8));
  assert.equal(await s.verify(publicKey, bytes(7, 8), signature), true);
  assert.equal(inner.calls, 0);
  // Under any other key, for any other message, or with other bytes: verified.
  const other = await s.keygen();
  assert.equal(await s.verify(other.publicKey, bytes(7, 8), signature), true);
  assert.equal(await s.verify(publicKey, bytes(7, 9), signature), true);
  assert.equal(await s.verify(publicKey, bytes(7, 8), bytes(1)), true);
  assert.equal(inner.calls, 3);
  // A private key this wrapper did not generate: its signatures are verified.
  const foreign = await s.sign(new Uint8Array(32).fill(9), bytes(1));
  assert.equal(await s.verify(publicKey, bytes(1), foreign), true);
  assert.equal(inner.calls, 4);
  // Another algorithm does not share the pair.
  const ed448 = rememberingVerifications("Ed448", inner, cache, own);
  await ed448.sign(signKey, bytes(5));
  assert.equal(await ed448.verify(publicKey, bytes(5), await ed448.sign(signKey, bytes(5))), true);
  assert.equal(inner.calls, 5);
  own.clear();
  assert.equal(own.size, 0);
  const afterClear = await s.sign(signKey, bytes(6));
  assert.equal(await s.verify(publicKey, bytes(6), afterClear), true);
  assert.equal(inner.calls, 6);
});

test("through our provider: our own signature verifies from memory, and a forged copy of it still fails", async () => {
  for (const suite of [
    "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
    "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
  ] as const) {
    const { ours } = await pair(suite);
    const { publicKey, signKey } = await ours.signature.keygen();
    const message = bytes(4, 5, 6);
    const signature = await ours.signature.sign(signKey, message);
    const before = verifiedSignatures.stats();
    assert.equal(await ours.signature.verify(publicKey, message, signature), true);
    assert.equal(verifiedSignatures.stats().hits, before.hits + 1, suite);
    assert.equal(verifiedSignatures.stats().misses, before.misses, suite);
    const forged = Uint8Array.from(signature);
    forged[forged.length - 1]! ^= 1;
    assert.equal(await ours.signature.verify(publicKey, message, forged), false);
  }
});
