// What the crypto provider's tests share: each compares our provider with
// ts-mls's own, suite by suite, so they need both implementations of a
// suite, and the same notions of "the same outcome" and of owned bytes.
import assert from "node:assert/strict";
import { randomBytes as randomBuffer } from "node:crypto";
import { CryptoError, ciphersuites, getCiphersuiteImpl, type CiphersuiteImpl, type CiphersuiteName } from "ts-mls";
import { cachedCiphersuite, cryptoRejections, libraryFallbacks } from "../crypto/provider.js";

export const names = (Object.entries(ciphersuites) as Array<[CiphersuiteName, number]>)
  .filter(([, id]) => id >= 1 && id <= 7)
  .map(([name]) => name);

export interface Pair {
  library: CiphersuiteImpl;
  ours: CiphersuiteImpl;
}

export async function pair(name: CiphersuiteName): Promise<Pair> {
  const library = await getCiphersuiteImpl(name);
  return { library, ours: cachedCiphersuite(name, library) };
}

/** Both reject, or both give the same value. */
export async function sameOutcome<T>(ours: () => Promise<T>, library: () => Promise<T>, what: string): Promise<void> {
  const settle = (fn: () => Promise<T>) =>
    fn().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  const [o, l] = await Promise.all([settle(ours), settle(library)]);
  assert.equal(o.ok, l.ok, `${what}: ours ${o.ok ? "answered" : "threw"}, the library ${l.ok ? "answered" : "threw"}`);
  if (o.ok && l.ok) assert.deepEqual(o.value, l.value, what);
}

/**
 * Both reject: ours throws a CryptoError (or answers false, for a
 * verification), and the library throws anything or answers false.
 */
export async function bothReject(
  ours: () => Promise<unknown>,
  library: () => Promise<unknown>,
  what: string,
): Promise<void> {
  const settle = (fn: () => Promise<unknown>) =>
    fn().then(
      (value) => ({ value, error: undefined }),
      (error: unknown) => ({ value: undefined, error }),
    );
  const [o, l] = await Promise.all([settle(ours), settle(library)]);
  assert.ok(
    o.value === false || o.error instanceof CryptoError,
    `${what}: ours ${o.error === undefined ? `answered ${String(o.value)}` : `threw ${String(o.error)}`}`,
  );
  assert.ok(l.value === false || l.error !== undefined, `${what}: the library answered ${String(l.value)}`);
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** The provider's hand-overs and rejections so far, all parts together (they are process-wide). */
export function counters(): { handOvers: number; rejections: number } {
  return { handOvers: total(libraryFallbacks()), rejections: total(cryptoRejections()) };
}

/** A result the caller owns: a plain Uint8Array over a buffer of its own, which zeroing cannot share. */
export function assertOwned(bytes: Uint8Array, what: string): void {
  assert.equal(Object.getPrototypeOf(bytes), Uint8Array.prototype, `${what} is a plain Uint8Array`);
  assert.equal(bytes.byteOffset, 0, `${what} starts its buffer`);
  assert.equal(bytes.buffer.byteLength, bytes.length, `${what} has its buffer to itself`);
}

export const lengths = [0, 1, 31, 32, 100, 1000];

/** Plain Uint8Arrays, as ts-mls hands them over (a Buffer would not deep-equal one). */
export const randomBytes = (n: number): Uint8Array => new Uint8Array(randomBuffer(n));
