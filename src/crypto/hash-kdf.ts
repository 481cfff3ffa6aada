// The provider's Hash and Kdf parts (hashes, HMAC, RFC 5869 HKDF) as
// node:crypto one-shots, which take the raw key: the library imports a
// WebCrypto key for every MAC and HKDF step. HPKE's key schedule uses the
// same HKDF. Neither part needs the library for any input.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Hash, Kdf } from "ts-mls";
import { own } from "./bytes.js";
import { rejection } from "./fallbacks.js";
import type { Algorithms, HashName } from "./suite-algorithms.js";

/** Hashes and HMAC (RFC 2104, any key length, the empty key included) through node:crypto. */
export function hashImpl(a: Algorithms): Hash {
  const mac = (key: Uint8Array, data: Uint8Array): Buffer => createHmac(a.hash, key).update(data).digest();
  return {
    async digest(data) {
      return own(createHash(a.hash).update(data).digest());
    },
    async mac(key, data) {
      return own(mac(key, data));
    },
    async verifyMac(key, tag, data) {
      const expected = mac(key, data);
      return tag.length === expected.length && timingSafeEqual(expected, tag);
    },
  };
}

/** RFC 5869 Extract; HMAC pads its key with zeros, so an empty salt is the zero salt of §2.2. */
export function hkdfExtract(hash: HashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return own(createHmac(hash, salt).update(ikm).digest());
}

/** RFC 5869 Expand; the caller keeps `length` within 255 hashes. */
export function hkdfExpand(hash: HashName, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const okm = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 1, filled = 0; filled < length; i++) {
    previous = createHmac(hash, prk).update(previous).update(info).update(Uint8Array.of(i)).digest();
    okm.set(previous.subarray(0, length - filled), filled);
    filled += Math.min(previous.length, length - filled);
  }
  return okm;
}

/**
 * RFC 5869 HKDF over node:crypto HMAC, for salts and PRKs of any length
 * (the library's, @hpke/core's, takes only one hash's length); more than
 * 255 hashes of output is rejected, as §2.3 says.
 */
export function kdfImpl(a: Algorithms): Kdf {
  return {
    async extract(salt, ikm) {
      return hkdfExtract(a.hash, salt, ikm);
    },
    async expand(prk, info, length) {
      if (!Number.isInteger(length) || length < 0 || length > 255 * a.hashSize)
        throw rejection(
          "kdf.expand",
          "ExpandError",
          `HKDF-Expand gives at most 255 * ${a.hashSize} bytes, not ${length}`,
        );
      return hkdfExpand(a.hash, prk, info, length);
    },
    size: a.hashSize,
  };
}
