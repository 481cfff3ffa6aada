// Remembered verifications: a success is answered again without verifying,
// anything that differs in one byte is verified afresh, failures are never
// remembered, and the bound holds.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Signature } from "ts-mls";
import { pair } from "../testing/provider-pairs.js";
import { VerifiedSignatures, rememberingVerifications } from "./verified-signatures.js";

function counting(answer: (message: Uint8Array) => boolean): Signature & { calls: number } {
  const s = {
    calls: 0,
    sign: async () => new Uint8Array(64),
    keygen: async () => ({ publicKey: new Uint8Array(32), signKey: new Uint8Array(32) }),
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
