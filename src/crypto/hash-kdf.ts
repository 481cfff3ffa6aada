// The provider's Hash and Kdf parts (hashes, HMAC, RFC 5869 HKDF) as
// node:crypto one-shots, which take the raw key: the library imports a
// WebCrypto key for every MAC and HKDF step. HPKE's key schedule uses the
// same HKDF.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { Hash, Kdf } from "ts-mls";
import { own } from "./bytes.js";
import type { Algorithms, HashName } from "./suite-algorithms.js";

/**
 * HMAC and hashes through node:crypto. WebCrypto refuses an empty HMAC key,
 * and so does the library then: such a key goes to the library.
 */
export function hashImpl(a: Algorithms, library: Hash): Hash {
  const mac = (key: Uint8Array, data: Uint8Array): Buffer => createHmac(a.hash, key).update(data).digest();
  return {
    async digest(data) {
      return own(createHash(a.hash).update(data).digest());
    },
    async mac(key, data) {
      return key.length === 0 ? library.mac(key, data) : own(mac(key, data));
    },
    async verifyMac(key, tag, data) {
      if (key.length === 0) return library.verifyMac(key, tag, data);
      const expected = mac(key, data);
      return tag.length === expected.length && timingSafeEqual(expected, tag);
    },
  };
}

/**
 * RFC 5869 HKDF over node:crypto HMAC. The library's HKDF (@hpke/core)
 * rejects a salt or PRK that is not one hash long (an empty salt is a string
 * of zeros) and a length over 255 hashes: those go to the library, which
 * fails them with its own errors.
 */
/** RFC 5869 Extract; HMAC pads its key with zeros, so an empty salt is the zero salt of §2.2. */
export function hkdfExtract(hash: HashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return own(createHmac(hash, salt).update(ikm).digest());
}

/** RFC 5869 Expand. */
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

export function kdfImpl(a: Algorithms, library: Kdf): Kdf {
  return {
    async extract(salt, ikm) {
      if (salt.length !== 0 && salt.length !== a.hashSize) return library.extract(salt, ikm);
      return hkdfExtract(a.hash, salt, ikm);
    },
    async expand(prk, info, length) {
      if (prk.length !== a.hashSize || length > 255 * a.hashSize) return library.expand(prk, info, length);
      return hkdfExpand(a.hash, prk, info, length);
    },
    size: library.size,
  };
}
