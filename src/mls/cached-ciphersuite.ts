// Our crypto provider around ts-mls's (KNOWN-ISSUES.md#signing-key-import-per-call).
// The library's provider imports every key into WebCrypto again for each
// signature, verification, MAC and HKDF step, and runs each one as a job on
// libuv's thread pool: an Ed25519 signature costs ~0.35 ms, of which the
// signature itself is 0.025 ms. This provider keeps the library's interface
// and results and changes only how the work is done:
//
// - signature keys are imported once into node:crypto KeyObjects, kept in a
//   bounded cache keyed by a hash of the key bytes (KeyCache below), and
//   used synchronously. Ed25519 and Ed448 signatures are deterministic, so
//   ours are the library's bytes; ECDSA signing stays the library's (noble's
//   deterministic RFC 6979 nonces, which OpenSSL does not make), ECDSA
//   verification is OpenSSL's. Over a random assignment of the whole
//   official matrix (suites 1-7) a signature key served 3.9 verifications
//   and 3 signatures on average;
// - HMAC (MACs and every HKDF step), hashes and AES-GCM are node:crypto
//   one-shots: they take the raw key, and an HMAC with its key set-up costs
//   ~2 µs, so there is nothing left to cache (90% of MAC keys in that
//   matrix were used once anyway);
// - HPKE stays the library's: of 3,800 HPKE key imports in that matrix 2%
//   were of a key seen before, so a cache would only hold key material.
//
// Every fast path falls back to the library's own function whenever it
// cannot answer for sure (a key it cannot import, a failed decryption, a
// signature it does not accept), so errors, and every result but a
// successful verification, are the library's own.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from "node:crypto";
import type { CiphersuiteImpl, CiphersuiteName, Hash, Hpke, Kdf, Signature } from "ts-mls";

/** The RFC 9420 §17.1 algorithms of a suite, as this provider implements them. */
interface Algorithms {
  /** node:crypto's name of the suite's hash (and of HMAC's, and HKDF's). */
  hash: "sha256" | "sha384" | "sha512";
  hashSize: number;
  signature: "Ed25519" | "Ed448" | "P-256" | "P-384" | "P-521";
  /** Whether AEAD is AES-GCM (native here) rather than ChaCha20-Poly1305 (the library's noble code). */
  aesGcm: boolean;
}

const suiteAlgorithms: Partial<Record<CiphersuiteName, Algorithms>> = {
  MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519: { hash: "sha256", hashSize: 32, signature: "Ed25519", aesGcm: true },
  MLS_128_DHKEMP256_AES128GCM_SHA256_P256: { hash: "sha256", hashSize: 32, signature: "P-256", aesGcm: true },
  MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519: {
    hash: "sha256",
    hashSize: 32,
    signature: "Ed25519",
    aesGcm: false,
  },
  MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448: { hash: "sha512", hashSize: 64, signature: "Ed448", aesGcm: true },
  MLS_256_DHKEMP521_AES256GCM_SHA512_P521: { hash: "sha512", hashSize: 64, signature: "P-521", aesGcm: true },
  MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448: { hash: "sha512", hashSize: 64, signature: "Ed448", aesGcm: false },
  MLS_256_DHKEMP384_AES256GCM_SHA384_P384: { hash: "sha384", hashSize: 48, signature: "P-384", aesGcm: true },
};

// ---------------------------------------------------------------- key cache

/** How many live byte arrays are tied to an entry (see `KeyCache`); at zero the entry goes. */
interface Holders {
  count: number;
}

interface Entry {
  readonly key: KeyObject;
  readonly holders: Holders;
}

/** What the finalization registry keeps per tied array: never the key, so eviction really frees it. */
interface Tie {
  readonly id: string;
  readonly holders: Holders;
}

export interface KeyCacheStats {
  entries: number;
  hits: number;
  misses: number;
}

/**
 * Imported keys by SHA-256 of their bytes. How long an entry lives:
 *
 * 1. At most as long as the key's bytes live in the process: each byte
 *    array a key was used from (the `signaturePrivateKey` of a state, a
 *    leaf's public key) is tied to the entry, and once every tied array has
 *    been garbage-collected (its states Freed and dropped) the entry is
 *    deleted. The cache holds no key longer than the states holding it do.
 * 2. At most `maxEntries` entries: the least recently used goes first, so
 *    memory is bounded whatever the arrays do.
 * 3. `clear()` drops everything at once; the server calls it whenever its
 *    last handle is freed, so an idle server holds no imported key at all.
 *
 * Nothing else refers to an imported key, so an entry that goes is garbage.
 * The map's keys are hashes, never the key bytes themselves; the KeyObjects
 * hold the key in OpenSSL's memory, released when they are collected.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly tied = new WeakMap<Uint8Array, Holders>();
  private readonly registry = new FinalizationRegistry<Tie>((tie) => this.release(tie));
  private hits = 0;
  private misses = 0;

  constructor(private readonly maxEntries: number) {}

  /** The imported key for `bytes` (`domain` separates caches of different key types). */
  get(domain: string, bytes: Uint8Array, importKey: () => KeyObject): KeyObject {
    const id = createHash("sha256").update(domain).update(bytes).digest("base64");
    let entry = this.entries.get(id);
    if (entry !== undefined) {
      this.hits++;
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
      this.entries.delete(id);
      this.entries.set(id, entry);
    } else {
      this.misses++;
      entry = { key: importKey(), holders: { count: 0 } };
      this.entries.set(id, entry);
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    if (this.tied.get(bytes) !== entry.holders) {
      this.tied.set(bytes, entry.holders);
      entry.holders.count++;
      this.registry.register(bytes, { id, holders: entry.holders });
    }
    return entry.key;
  }

  private release(tie: Tie): void {
    tie.holders.count--;
    if (tie.holders.count <= 0 && this.entries.get(tie.id)?.holders === tie.holders) this.entries.delete(tie.id);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  stats(): KeyCacheStats {
    return { entries: this.entries.size, hits: this.hits, misses: this.misses };
  }
}

/**
 * Bounds: a live member state uses one private signature key, and a group's
 * members one public key each; a full selftest keeps a few dozen states
 * live per server, a group of 512 needs 512 public keys at once.
 */
export const privateKeys = new KeyCache(1024);
export const publicKeys = new KeyCache(4096);

/** Drops every imported key (the server's last handle was freed). */
export function forgetImportedKeys(): void {
  privateKeys.clear();
  publicKeys.clear();
}

export function importedKeyStats(): { privateKeys: KeyCacheStats; publicKeys: KeyCacheStats } {
  return { privateKeys: privateKeys.stats(), publicKeys: publicKeys.stats() };
}

// ---------------------------------------------------------------- key formats

/** A minimal DER TLV: ASN.1 lengths in short or long form. */
function der(tag: number, ...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

const oid = (hex: string): Buffer => Buffer.from(hex, "hex");
const oids = {
  Ed25519: oid("06032b6570"),
  Ed448: oid("06032b6571"),
  ecPublicKey: oid("06072a8648ce3d0201"),
  "P-256": oid("06082a8648ce3d030107"),
  "P-384": oid("06052b81040022"),
  "P-521": oid("06052b81040023"),
};

/** SubjectPublicKeyInfo (RFC 5480) around a SEC1 point, compressed or not. */
function ecSpki(curve: "P-256" | "P-384" | "P-521", point: Uint8Array): Buffer {
  return der(0x30, der(0x30, oids.ecPublicKey, oids[curve]), der(0x03, Buffer.from([0]), point));
}

/** PKCS#8 (RFC 8410) around a raw EdDSA private key. */
function eddsaPkcs8(alg: "Ed25519" | "Ed448", raw: Uint8Array): Buffer {
  return der(0x30, Buffer.from([0x02, 0x01, 0x00]), der(0x30, oids[alg]), der(0x04, der(0x04, raw)));
}

const rawPublicLengths: Record<Algorithms["signature"], number[]> = {
  Ed25519: [32],
  Ed448: [57],
  // SEC1 points, compressed or not.
  "P-256": [33, 65],
  "P-384": [49, 97],
  "P-521": [67, 133],
};

const nodeKeyTypes: Record<Algorithms["signature"], string> = {
  Ed25519: "ed25519",
  Ed448: "ed448",
  "P-256": "ec",
  "P-384": "ec",
  "P-521": "ec",
};

/**
 * A raw public key as a KeyObject. EdDSA keys go in as JWK: OpenSSL 3
 * decodes DER through its generic decoder chain, ten times slower than the
 * JWK path's direct construction. EC points go in as DER, which takes
 * compressed points too (ts-mls's own) and is the faster path for P-384 and
 * P-521, whose JWK import validates the point the slow way.
 */
function importPublicKey(alg: Algorithms["signature"], raw: Uint8Array): KeyObject {
  if (alg === "Ed25519" || alg === "Ed448") {
    const x = Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString("base64url");
    return createPublicKey({ key: { kty: "OKP", crv: alg, x }, format: "jwk" });
  }
  return createPublicKey({ key: ecSpki(alg, raw), format: "der", type: "spki" });
}

/** The public key as a KeyObject, or undefined when these bytes are not one this provider can be sure of. */
function publicKeyObject(alg: Algorithms["signature"], raw: Uint8Array): KeyObject | undefined {
  if (!rawPublicLengths[alg].includes(raw.length)) return undefined;
  try {
    return publicKeys.get(alg, raw, () => importPublicKey(alg, raw));
  } catch {
    return undefined;
  }
}

/**
 * The EdDSA private key as a KeyObject, or undefined. The library takes a
 * raw key (Ed25519: 32 bytes, Ed448: 57) and, for Ed25519, WebCrypto's
 * PKCS#8 as well (what its keygen returns).
 */
function privateKeyObject(alg: "Ed25519" | "Ed448", key: Uint8Array): KeyObject | undefined {
  const rawLength = alg === "Ed25519" ? 32 : 57;
  if (key.length !== rawLength && alg === "Ed448") return undefined;
  try {
    const imported = privateKeys.get(alg, key, () =>
      createPrivateKey({
        key: key.length === rawLength ? eddsaPkcs8(alg, key) : Buffer.from(key.buffer, key.byteOffset, key.length),
        format: "der",
        type: "pkcs8",
      }),
    );
    return imported.asymmetricKeyType === nodeKeyTypes[alg] ? imported : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- the provider

/** A copy in a Uint8Array of its own, as the library returns: callers may zero what they get. */
const own = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

function signatureImpl(alg: Algorithms["signature"], library: Signature): Signature {
  const eddsa = alg === "Ed25519" || alg === "Ed448";
  // ECDSA verification hashes the message with the curve's hash (RFC 9420 §5.1.2).
  const digest = alg === "P-256" ? "sha256" : alg === "P-384" ? "sha384" : alg === "P-521" ? "sha512" : null;
  return {
    // Only EdDSA's signatures are deterministic in OpenSSL; ECDSA signing stays noble's.
    sign: eddsa
      ? async (signKey, message) => {
          const key = privateKeyObject(alg, signKey);
          return key === undefined ? library.sign(signKey, message) : own(sign(null, message, key));
        }
      : library.sign,
    async verify(publicKey, message, signature) {
      const key = publicKeyObject(alg, publicKey);
      if (key !== undefined) {
        try {
          if (verify(digest, message, key, signature)) return true;
        } catch {
          // A signature OpenSSL cannot parse: the library decides, below.
        }
      }
      // A rejection is rare (a failing run), and implementations differ in
      // what they accept at the edges (DER leniency, non-canonical points):
      // whatever the library says is the answer, so a failure reads the same.
      return library.verify(publicKey, message, signature);
    },
    keygen: library.keygen,
  };
}

/**
 * HMAC and hashes through node:crypto. WebCrypto refuses an empty HMAC key,
 * and so does the library then: such a key goes to the library.
 */
function hashImpl(a: Algorithms, library: Hash): Hash {
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
function kdfImpl(a: Algorithms, library: Kdf): Kdf {
  return {
    async extract(salt, ikm) {
      if (salt.length !== 0 && salt.length !== a.hashSize) return library.extract(salt, ikm);
      // HMAC pads its key with zeros, so an empty salt is the zero salt of RFC 5869 §2.2.
      return own(createHmac(a.hash, salt).update(ikm).digest());
    },
    async expand(prk, info, length) {
      if (prk.length !== a.hashSize || length > 255 * a.hashSize) return library.expand(prk, info, length);
      const okm = new Uint8Array(length);
      let previous: Uint8Array = new Uint8Array(0);
      for (let i = 1, filled = 0; filled < length; i++) {
        previous = createHmac(a.hash, prk).update(previous).update(info).update(Uint8Array.of(i)).digest();
        okm.set(previous.subarray(0, length - filled), filled);
        filled += Math.min(previous.length, length - filled);
      }
      return okm;
    },
    size: library.size,
  };
}

const gcmTagLength = 16;
// Every RFC 9420 suite's Nn; WebCrypto's AES-GCM fails shorter ones, so the library does.
const gcmNonceLength = 12;
const aesGcmCiphers: Record<number, "aes-128-gcm" | "aes-192-gcm" | "aes-256-gcm"> = {
  16: "aes-128-gcm",
  24: "aes-192-gcm",
  32: "aes-256-gcm",
};

/** AES-GCM through node:crypto (ciphertext || 16-byte tag, as WebCrypto); ChaCha20-Poly1305 stays noble's. */
function hpkeImpl(a: Algorithms, library: Hpke): Hpke {
  if (!a.aesGcm) return { ...library };
  return {
    ...library,
    async encryptAead(key, nonce, aad, plaintext) {
      const cipher = aesGcmCiphers[key.length];
      if (cipher === undefined || nonce.length !== gcmNonceLength)
        return library.encryptAead(key, nonce, aad, plaintext);
      const c = createCipheriv(cipher, key, nonce, { authTagLength: gcmTagLength });
      if (aad !== undefined && aad.length > 0) c.setAAD(aad);
      const head = c.update(plaintext);
      const tail = c.final();
      const out = new Uint8Array(head.length + tail.length + gcmTagLength);
      out.set(head, 0);
      out.set(tail, head.length);
      out.set(c.getAuthTag(), head.length + tail.length);
      return out;
    },
    async decryptAead(key, nonce, aad, ciphertext) {
      const cipher = aesGcmCiphers[key.length];
      if (cipher !== undefined && nonce.length === gcmNonceLength && ciphertext.length >= gcmTagLength) {
        try {
          const d = createDecipheriv(cipher, key, nonce, { authTagLength: gcmTagLength });
          d.setAuthTag(ciphertext.subarray(ciphertext.length - gcmTagLength));
          if (aad !== undefined && aad.length > 0) d.setAAD(aad);
          const head = d.update(ciphertext.subarray(0, ciphertext.length - gcmTagLength));
          const tail = d.final();
          const out = new Uint8Array(head.length + tail.length);
          out.set(head, 0);
          out.set(tail, head.length);
          return out;
        } catch {
          // Not authentic: the library fails it with its own error, below.
        }
      }
      return library.decryptAead(key, nonce, aad, ciphertext);
    },
  };
}

/**
 * `library` (ts-mls's implementation of suite `name`) with keys imported
 * once; suites outside RFC 9420's 1-7 are returned as they are.
 */
export function cachedCiphersuite(name: CiphersuiteName, library: CiphersuiteImpl): CiphersuiteImpl {
  const a = suiteAlgorithms[name];
  if (a === undefined) return library;
  return {
    id: library.id,
    rng: library.rng,
    hash: hashImpl(a, library.hash),
    kdf: kdfImpl(a, library.kdf),
    signature: signatureImpl(a.signature, library.signature),
    hpke: hpkeImpl(a, library.hpke),
  };
}
