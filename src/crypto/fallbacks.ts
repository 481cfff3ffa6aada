// What the provider counts: calls it handed to the library because ours does
// not support the input (a key the library made, a private key format ours
// cannot read), and inputs ours rejected itself (a signature that does not
// verify, a ciphertext that does not open, bytes that are no key). A
// rejection is final: it is never tried again by the library, so garbage
// costs one attempt, on our fast path.
import { CryptoError } from "ts-mls";

const handOvers = new Map<string, number>();
const rejections = new Map<string, number>();

const bump = (counts: Map<string, number>, label: string): void => {
  counts.set(label, (counts.get(label) ?? 0) + 1);
};

/**
 * How often each part handed a call to the library, by `part.function`. Ours
 * supports every input an MLS run gives it, so a run that passes leaves
 * every count at zero; tests check that it does.
 */
export function libraryFallbacks(): Record<string, number> {
  return Object.fromEntries(handOvers);
}

/** How often ours rejected an input itself, by `part.function` (forgeries, garbage, wrong keys). */
export function cryptoRejections(): Record<string, number> {
  return Object.fromEntries(rejections);
}

/** `part` of the library with every call counted as a hand-over. */
export function counted<T extends object>(part: T, label: string): T {
  const out = { ...part } as Record<string, unknown>;
  for (const [key, value] of Object.entries(part))
    if (typeof value === "function")
      out[key] = (...args: unknown[]) => {
        bump(handOvers, `${label}.${key}`);
        return (value as (...a: unknown[]) => unknown).apply(part, args);
      };
  return out as T;
}

/** Counts a rejection that answers `false` (a signature that does not verify). */
export function rejected(label: string): false {
  bump(rejections, label);
  return false;
}

/**
 * Counts a rejection and makes its error. The message starts with the name
 * of the error the library's HPKE would have thrown (`OpenError`,
 * `DeserializeError`, ...), as ts-mls's own CryptoErrors do, so the server
 * turns ours into the same gRPC status and words as the library's.
 */
export function rejection(label: string, name: string, reason: string): CryptoError {
  bump(rejections, label);
  return new CryptoError(`${name}: ${reason}`);
}
