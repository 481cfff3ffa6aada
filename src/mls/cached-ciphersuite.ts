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
//   and 3 signatures on average. EdDSA key pairs are generated here too, in
//   the library's formats, so that their later import is a fast one;
// - HMAC (MACs and every HKDF step), hashes and AEAD are node:crypto
//   one-shots: they take the raw key, and an HMAC with its key set-up costs
//   ~2 µs, so there is nothing left to cache (90% of MAC keys in that
//   matrix were used once anyway);
// - HPKE keys are not cached either: of 3,800 HPKE key imports in that
//   matrix 2% were of a key seen before. What made HPKE slow was the rest:
//   a WebCrypto import for every HKDF step, and X448 in JavaScript; HPKE
//   here is RFC 9180's base mode over node:crypto (hpkeImpl below).
//
// Every fast path hands its call to the library's own function whenever it
// cannot answer for sure (a key it cannot import, a failed decryption, a
// signature it does not accept), so errors, and every result but a
// successful verification or decryption, are the library's own; those
// hand-overs are counted (libraryFallbacks), and a passing run has none.
import {
  ECDH,
  createCipheriv,
  createDecipheriv,
  createECDH,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type JsonWebKey,
  sign,
  timingSafeEqual,
  verify,
  type KeyObject,
} from "node:crypto";
import type { CiphersuiteImpl, CiphersuiteName, Hash, Hpke, Kdf, PrivateKey, PublicKey, Signature } from "ts-mls";

type HashName = "sha256" | "sha384" | "sha512";
type AeadName = "aes-128-gcm" | "aes-256-gcm" | "chacha20-poly1305";

/** An HPKE DHKEM (RFC 9180 §7.1): its id, its own HKDF, and its key sizes. */
interface Kem {
  name: "X25519" | "X448" | "P-256" | "P-384" | "P-521";
  id: number;
  hash: HashName;
  /** Bytes of a serialized private key and of a shared secret. */
  nsk: number;
  nsecret: number;
}

const kems = {
  "P-256": { name: "P-256", id: 0x10, hash: "sha256", nsk: 32, nsecret: 32 },
  "P-384": { name: "P-384", id: 0x11, hash: "sha384", nsk: 48, nsecret: 48 },
  "P-521": { name: "P-521", id: 0x12, hash: "sha512", nsk: 66, nsecret: 64 },
  X25519: { name: "X25519", id: 0x20, hash: "sha256", nsk: 32, nsecret: 32 },
  X448: { name: "X448", id: 0x21, hash: "sha512", nsk: 56, nsecret: 64 },
} as const satisfies Record<string, Kem>;

/** The RFC 9420 §17.1 algorithms of a suite (and their RFC 9180 ids), as this provider implements them. */
interface Algorithms {
  /** node:crypto's name of the suite's hash (and of HMAC's, and HKDF's). */
  hash: HashName;
  hashSize: number;
  signature: "Ed25519" | "Ed448" | "P-256" | "P-384" | "P-521";
  kem: Kem;
  kdfId: number;
  aead: AeadName;
  aeadId: number;
}

const sha256 = { hash: "sha256", hashSize: 32, kdfId: 1 } as const;
const sha384 = { hash: "sha384", hashSize: 48, kdfId: 2 } as const;
const sha512 = { hash: "sha512", hashSize: 64, kdfId: 3 } as const;
const aes128 = { aead: "aes-128-gcm", aeadId: 1 } as const;
const aes256 = { aead: "aes-256-gcm", aeadId: 2 } as const;
const chacha = { aead: "chacha20-poly1305", aeadId: 3 } as const;

const suiteAlgorithms: Partial<Record<CiphersuiteName, Algorithms>> = {
  MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519: { ...sha256, ...aes128, signature: "Ed25519", kem: kems.X25519 },
  MLS_128_DHKEMP256_AES128GCM_SHA256_P256: { ...sha256, ...aes128, signature: "P-256", kem: kems["P-256"] },
  MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519: {
    ...sha256,
    ...chacha,
    signature: "Ed25519",
    kem: kems.X25519,
  },
  MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448: { ...sha512, ...aes256, signature: "Ed448", kem: kems.X448 },
  MLS_256_DHKEMP521_AES256GCM_SHA512_P521: { ...sha512, ...aes256, signature: "P-521", kem: kems["P-521"] },
  MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448: { ...sha512, ...chacha, signature: "Ed448", kem: kems.X448 },
  MLS_256_DHKEMP384_AES256GCM_SHA384_P384: { ...sha384, ...aes256, signature: "P-384", kem: kems["P-384"] },
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
 * The public half of each EdDSA key pair this provider generated, by a hash
 * of the raw private key: with it a raw key imports as JWK (~40 µs) instead
 * of through OpenSSL's DER decoders (~350 µs), which a KeyPackage's new key
 * would otherwise pay twice (at CreateKeyPackage and at its first signature
 * in a group). Public keys only, at most `maxGenerated`, oldest out first.
 */
const generatedPublicKeys = new Map<string, string>();
const maxGenerated = 4096;

const seedId = (alg: string, seed: Uint8Array): string =>
  createHash("sha256").update(alg).update(seed).digest("base64");

function rememberPublicKey(alg: "Ed25519" | "Ed448", seed: Uint8Array, x: string): void {
  generatedPublicKeys.set(seedId(alg, seed), x);
  if (generatedPublicKeys.size > maxGenerated)
    generatedPublicKeys.delete(generatedPublicKeys.keys().next().value as string);
}

const ed25519Pkcs8Prefix = Buffer.from("302e020100300506032b657004220420", "hex");

/**
 * The EdDSA private key as a KeyObject, or undefined. The library takes a
 * raw key (Ed25519: 32 bytes, Ed448: 57) and, for Ed25519, WebCrypto's
 * PKCS#8 as well (what its keygen returns).
 */
function privateKeyObject(alg: "Ed25519" | "Ed448", key: Uint8Array): KeyObject | undefined {
  const rawLength = alg === "Ed25519" ? 32 : 57;
  if (key.length !== rawLength && alg === "Ed448") return undefined;
  const seed =
    key.length === rawLength
      ? key
      : key.length === ed25519Pkcs8Prefix.length + 32 && ed25519Pkcs8Prefix.equals(key.subarray(0, 16))
        ? key.subarray(16)
        : undefined;
  const x = seed === undefined ? undefined : generatedPublicKeys.get(seedId(alg, seed));
  try {
    const imported = privateKeys.get(alg, key, () =>
      seed !== undefined && x !== undefined
        ? createPrivateKey({ key: { kty: "OKP", crv: alg, d: base64url(seed), x }, format: "jwk" })
        : createPrivateKey({
            key: seed !== undefined ? eddsaPkcs8(alg, seed) : Buffer.from(key.buffer, key.byteOffset, key.length),
            format: "der",
            type: "pkcs8",
          }),
    );
    return imported.asymmetricKeyType === nodeKeyTypes[alg] ? imported : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A fresh EdDSA key pair in the library's formats (Ed25519: WebCrypto's
 * PKCS#8 and the raw public key; Ed448: noble's raw keys). Both halves come
 * out JWK-encoded by the generation itself (see dhGroup's generate for why
 * a generated KeyObject is never exported).
 */
function eddsaKeygen(alg: "Ed25519" | "Ed448"): { signKey: Uint8Array; publicKey: Uint8Array } {
  const encoding = { publicKeyEncoding: { format: "jwk" }, privateKeyEncoding: { format: "jwk" } } as const;
  const { privateKey: generated } =
    alg === "Ed25519" ? generateKeyPairSync("ed25519", encoding) : generateKeyPairSync("ed448", encoding);
  const jwk = generated as unknown as JsonWebKey;
  const seed = fromBase64url(jwk.d as string);
  rememberPublicKey(alg, seed, jwk.x as string);
  return {
    signKey: alg === "Ed25519" ? own(eddsaPkcs8(alg, seed)) : seed,
    publicKey: fromBase64url(jwk.x as string),
  };
}

// ---------------------------------------------------------------- the provider

/** A copy in a Uint8Array of its own, as the library returns: callers may zero what they get. */
const own = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes);

/** `library` is what ours delegates to by design (ECDSA signing and keygen), `fallback` the same counted as fallbacks. */
function signatureImpl(alg: Algorithms["signature"], library: Signature, fallback: Signature): Signature {
  const eddsa = alg === "Ed25519" || alg === "Ed448";
  // ECDSA verification hashes the message with the curve's hash (RFC 9420 §5.1.2).
  const digest = alg === "P-256" ? "sha256" : alg === "P-384" ? "sha384" : alg === "P-521" ? "sha512" : null;
  return {
    // Only EdDSA's signatures are deterministic in OpenSSL; ECDSA signing stays noble's.
    sign: eddsa
      ? async (signKey, message) => {
          const key = privateKeyObject(alg, signKey);
          return key === undefined ? fallback.sign(signKey, message) : own(sign(null, message, key));
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
      return fallback.verify(publicKey, message, signature);
    },
    // EdDSA key pairs come from node:crypto, which remembers their public halves
    // for a fast import later; ECDSA's stay noble's, like its signatures.
    keygen: eddsa ? async () => eddsaKeygen(alg) : library.keygen,
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
/** RFC 5869 Extract; HMAC pads its key with zeros, so an empty salt is the zero salt of §2.2. */
function hkdfExtract(hash: HashName, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return own(createHmac(hash, salt).update(ikm).digest());
}

/** RFC 5869 Expand. */
function hkdfExpand(hash: HashName, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const okm = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 1, filled = 0; filled < length; i++) {
    previous = createHmac(hash, prk).update(previous).update(info).update(Uint8Array.of(i)).digest();
    okm.set(previous.subarray(0, length - filled), filled);
    filled += Math.min(previous.length, length - filled);
  }
  return okm;
}

function kdfImpl(a: Algorithms, library: Kdf): Kdf {
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

// ---------------------------------------------------------------- AEAD

const tagLength = 16;
// Every RFC 9420 suite's Nn; WebCrypto's AES-GCM fails shorter ones, so the library does.
const nonceLength = 12;
const aesGcmCiphers: Record<number, "aes-128-gcm" | "aes-192-gcm" | "aes-256-gcm"> = {
  16: "aes-128-gcm",
  24: "aes-192-gcm",
  32: "aes-256-gcm",
};

type Cipher = AeadName | "aes-192-gcm";

// One call per overload: node's typings take a cipher family at a time.
const cipherFor = (cipher: Cipher, key: Uint8Array, nonce: Uint8Array) =>
  cipher === "chacha20-poly1305"
    ? createCipheriv(cipher, key, nonce, { authTagLength: tagLength })
    : createCipheriv(cipher, key, nonce, { authTagLength: tagLength });
const decipherFor = (cipher: Cipher, key: Uint8Array, nonce: Uint8Array) =>
  cipher === "chacha20-poly1305"
    ? createDecipheriv(cipher, key, nonce, { authTagLength: tagLength })
    : createDecipheriv(cipher, key, nonce, { authTagLength: tagLength });

/** ciphertext || 16-byte tag, as WebCrypto and noble write it. */
function aeadSeal(
  cipher: Cipher,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array | undefined,
  plaintext: Uint8Array,
): Uint8Array {
  const c = cipherFor(cipher, key, nonce);
  if (aad !== undefined && aad.length > 0) c.setAAD(aad, { plaintextLength: plaintext.length });
  const head = c.update(plaintext);
  const tail = c.final();
  const out = new Uint8Array(head.length + tail.length + tagLength);
  out.set(head, 0);
  out.set(tail, head.length);
  out.set(c.getAuthTag(), head.length + tail.length);
  return out;
}

/** The plaintext; throws when the ciphertext is not authentic. */
function aeadOpen(
  cipher: Cipher,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array | undefined,
  ciphertext: Uint8Array,
): Uint8Array {
  const d = decipherFor(cipher, key, nonce);
  d.setAuthTag(ciphertext.subarray(ciphertext.length - tagLength));
  const body = ciphertext.subarray(0, ciphertext.length - tagLength);
  if (aad !== undefined && aad.length > 0) d.setAAD(aad, { plaintextLength: body.length });
  const head = d.update(body);
  const tail = d.final();
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}

/**
 * The cipher node:crypto runs for a key the library would take, or
 * undefined: AES-GCM goes by key length as WebCrypto's does (so a 32-byte
 * key is AES-256 in any suite), ChaCha20-Poly1305 takes 32 bytes as noble's.
 */
function aeadCipher(a: Algorithms, key: Uint8Array, nonce: Uint8Array): Cipher | undefined {
  if (nonce.length !== nonceLength) return undefined;
  if (a.aead === "chacha20-poly1305") return key.length === 32 ? a.aead : undefined;
  return aesGcmCiphers[key.length];
}

// ---------------------------------------------------------------- HPKE (RFC 9180, base mode)

const encoder = new TextEncoder();
const hpkeV1 = encoder.encode("HPKE-v1");
const empty = new Uint8Array(0);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const u16 = (n: number): Uint8Array => Uint8Array.of(n >> 8, n & 0xff);

/** RFC 9180 §4: LabeledExtract and LabeledExpand under one suite_id. */
function labeled(hash: HashName, suiteId: Uint8Array) {
  return {
    extract: (salt: Uint8Array, label: string, ikm: Uint8Array): Uint8Array =>
      hkdfExtract(hash, salt, concat(hpkeV1, suiteId, encoder.encode(label), ikm)),
    expand: (prk: Uint8Array, label: string, info: Uint8Array, length: number): Uint8Array =>
      hkdfExpand(hash, prk, concat(u16(length), hpkeV1, suiteId, encoder.encode(label), info), length),
  };
}

const okpPkcs8Prefixes = {
  X25519: Buffer.from("302e020100300506032b656e04220420", "hex"),
  X448: Buffer.from("3046020100300506032b656f043a0438", "hex"),
};
const ecCurves = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1" } as const;
const ecPublicLengths = { "P-256": 65, "P-384": 97, "P-521": 133 } as const;

/**
 * An HPKE key of this provider. ts-mls treats HPKE keys as opaque (it gets
 * them from the provider and hands them back to it), so ours need not be
 * WebCrypto keys; a key the library made is recognised by not being one of
 * these and goes to the library's functions, so the two never mix.
 */
class HpkeKey {
  constructor(
    readonly type: "public" | "private",
    /** SerializePublicKey(pk), or SerializePrivateKey(sk). */
    readonly bytes: Uint8Array,
    /** SerializePublicKey of the key or of its private key's public key. */
    readonly publicBytes: Uint8Array,
    /** Private keys: DH(sk, pk) with a serialized public key. */
    readonly dh?: (publicKey: Uint8Array) => Uint8Array,
  ) {}
}

/** The DH half of a DHKEM through node:crypto: key pairs from bytes or at random, and DH itself. */
function dhGroup(kem: Kem) {
  if (kem.name === "X25519" || kem.name === "X448") {
    const crv = kem.name;
    const publicObject = (pk: Uint8Array): KeyObject =>
      createPublicKey({ key: { kty: "OKP", crv, x: base64url(pk) }, format: "jwk" });
    // RFC 7748 §6: the public key is DH with the base point (u = 9, or 5 for X448).
    const basePoint = publicObject(
      Uint8Array.from({ length: kem.nsk }, (_, i) => (i > 0 ? 0 : crv === "X25519" ? 9 : 5)),
    );
    const withPublic = (sk: Uint8Array, publicBytes: Uint8Array, privateKey: KeyObject): HpkeKey =>
      new HpkeKey("private", sk, publicBytes, (pk) => own(diffieHellman({ privateKey, publicKey: publicObject(pk) })));
    return {
      privateKey: (sk: Uint8Array): HpkeKey => {
        if (sk.length !== kem.nsk) throw new Error(`an ${crv} private key is ${kem.nsk} bytes`);
        const der = Buffer.concat([okpPkcs8Prefixes[crv], sk]);
        const privateKey = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
        return withPublic(Uint8Array.from(sk), own(diffieHellman({ privateKey, publicKey: basePoint })), privateKey);
      },
      publicKey: (pk: Uint8Array): HpkeKey => {
        if (pk.length !== kem.nsk) throw new Error(`an ${crv} public key is ${kem.nsk} bytes`);
        return new HpkeKey("public", Uint8Array.from(pk), Uint8Array.from(pk));
      },
      generate: (): HpkeKey => {
        // Both halves come out JWK-encoded by the generation itself: node 20
        // deadlocks when a KeyObject from generateKeyPairSync is exported as
        // JWK and the GC finalizes the generation job meanwhile (the job's
        // destructor takes the key's mutex, which the export holds).
        const encoding = { publicKeyEncoding: { format: "jwk" }, privateKeyEncoding: { format: "jwk" } } as const;
        // (node's typings know only PEM and DER here; JWK is documented since node 15.9.)
        const { privateKey: generated } =
          crv === "X25519" ? generateKeyPairSync("x25519", encoding) : generateKeyPairSync("x448", encoding);
        const jwk = generated as unknown as JsonWebKey;
        const privateKey = createPrivateKey({ key: jwk, format: "jwk" });
        return withPublic(fromBase64url(jwk.d as string), fromBase64url(jwk.x as string), privateKey);
      },
    };
  }
  const name = kem.name;
  const curve = ecCurves[name];
  const fromEcdh = (ecdh: ECDH): HpkeKey => {
    const sk = new Uint8Array(kem.nsk);
    const scalar = ecdh.getPrivateKey();
    sk.set(scalar, kem.nsk - scalar.length);
    return new HpkeKey("private", sk, own(ecdh.getPublicKey()), (pk) => own(ecdh.computeSecret(pk)));
  };
  return {
    privateKey: (sk: Uint8Array): HpkeKey => {
      if (sk.length !== kem.nsk) throw new Error(`a ${kem.name} private key is ${kem.nsk} bytes`);
      const ecdh = createECDH(curve);
      // Throws for 0 and for scalars not below the order, as DeriveKeyPair needs.
      ecdh.setPrivateKey(sk);
      return fromEcdh(ecdh);
    },
    publicKey: (pk: Uint8Array): HpkeKey => {
      // SerializePublicKey is the uncompressed point; convertKey throws for a point not on the curve.
      if (pk.length !== ecPublicLengths[name] || pk[0] !== 0x04) throw new Error("not an uncompressed point");
      ECDH.convertKey(pk, curve);
      return new HpkeKey("public", Uint8Array.from(pk), Uint8Array.from(pk));
    },
    generate: (): HpkeKey => {
      const ecdh = createECDH(curve);
      ecdh.generateKeys();
      return fromEcdh(ecdh);
    },
  };
}

const base64url = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64url");
const fromBase64url = (text: string): Uint8Array => own(Buffer.from(text, "base64url"));

/**
 * HPKE base mode over node:crypto for the suite's DHKEM, KDF and AEAD. The
 * library's does the same through WebCrypto (a key import per step) and,
 * for X448, in JavaScript (noble): 10 to 40 times slower for X25519 and
 * X448, about 4 times for P-256. Keys are the same bytes either way (the
 * tests derive and cross-open with both); whatever ours cannot do or
 * rejects goes to the library, so its errors are the library's.
 */
function hpkeImpl(a: Algorithms, library: Hpke): Hpke {
  const group = dhGroup(a.kem);
  const kemLabels = labeled(a.kem.hash, concat(encoder.encode("KEM"), u16(a.kem.id)));
  const hpkeLabels = labeled(a.hash, concat(encoder.encode("HPKE"), u16(a.kem.id), u16(a.kdfId), u16(a.aeadId)));
  const nk = library.keyLength;
  const nn = library.nonceLength;

  /** RFC 9180 §4.1 ExtractAndExpand over DH output and the KEM context. */
  const sharedSecret = (dh: Uint8Array, kemContext: Uint8Array): Uint8Array =>
    kemLabels.expand(kemLabels.extract(empty, "eae_prk", dh), "shared_secret", kemContext, a.kem.nsecret);
  const encap = (recipient: HpkeKey): { sharedSecret: Uint8Array; enc: Uint8Array } => {
    const ephemeral = group.generate();
    const dh = (ephemeral.dh as (pk: Uint8Array) => Uint8Array)(recipient.bytes);
    return {
      sharedSecret: sharedSecret(dh, concat(ephemeral.publicBytes, recipient.bytes)),
      enc: ephemeral.publicBytes,
    };
  };
  const decap = (enc: Uint8Array, recipient: HpkeKey): Uint8Array => {
    group.publicKey(enc); // Deserialize(enc): the checks the library makes too.
    const dh = (recipient.dh as (pk: Uint8Array) => Uint8Array)(enc);
    return sharedSecret(dh, concat(enc, recipient.publicBytes));
  };
  /** RFC 9180 §5.1 KeySchedule, base mode (no PSK). */
  const keySchedule = (secret: Uint8Array, info: Uint8Array) => {
    const context = concat(
      Uint8Array.of(0),
      hpkeLabels.extract(empty, "psk_id_hash", empty),
      hpkeLabels.extract(empty, "info_hash", info),
    );
    const prk = hpkeLabels.extract(secret, "secret", empty);
    return {
      key: hpkeLabels.expand(prk, "key", context, nk),
      nonce: hpkeLabels.expand(prk, "base_nonce", context, nn),
      exporter: hpkeLabels.expand(prk, "exp", context, a.hashSize),
    };
  };

  const libraryPrivate = (k: PrivateKey): Promise<PrivateKey> =>
    k instanceof HpkeKey ? library.importPrivateKey(k.bytes) : Promise.resolve(k);
  const libraryPublic = (k: PublicKey): Promise<PublicKey> =>
    k instanceof HpkeKey ? library.importPublicKey(k.bytes) : Promise.resolve(k);
  const asPrivate = (k: HpkeKey): PrivateKey => k as unknown as PrivateKey;
  const asPublic = (k: HpkeKey): PublicKey => k as unknown as PublicKey;
  const publicOf = (k: HpkeKey): HpkeKey => new HpkeKey("public", k.publicBytes, k.publicBytes);

  return {
    keyLength: nk,
    nonceLength: nn,
    async seal(publicKey, plaintext, info, aad) {
      if (publicKey instanceof HpkeKey && publicKey.type === "public")
        try {
          const { sharedSecret: secret, enc } = encap(publicKey);
          const { key, nonce } = keySchedule(secret, info);
          return { ct: aeadSeal(a.aead, key, nonce, aad, plaintext), enc };
        } catch {
          // The library decides, below.
        }
      return library.seal(await libraryPublic(publicKey), plaintext, info, aad);
    },
    async open(privateKey, kemOutput, ciphertext, info, aad) {
      if (privateKey instanceof HpkeKey && privateKey.type === "private" && ciphertext.length >= tagLength)
        try {
          const { key, nonce } = keySchedule(decap(kemOutput, privateKey), info);
          return aeadOpen(a.aead, key, nonce, aad, ciphertext);
        } catch {
          // Not authentic, or a bad kem output: the library fails it with its own error.
        }
      return library.open(await libraryPrivate(privateKey), kemOutput, ciphertext, info, aad);
    },
    async exportSecret(publicKey, exporterContext, length, info) {
      if (publicKey instanceof HpkeKey && publicKey.type === "public" && length <= 255 * a.hashSize)
        try {
          const { sharedSecret: secret, enc } = encap(publicKey);
          const { exporter } = keySchedule(secret, info);
          return { enc, secret: hpkeLabels.expand(exporter, "sec", exporterContext, length) };
        } catch {
          // The library decides, below.
        }
      return library.exportSecret(await libraryPublic(publicKey), exporterContext, length, info);
    },
    async importSecret(privateKey, exporterContext, kemOutput, length, info) {
      if (privateKey instanceof HpkeKey && privateKey.type === "private" && length <= 255 * a.hashSize)
        try {
          const { exporter } = keySchedule(decap(kemOutput, privateKey), info);
          return hpkeLabels.expand(exporter, "sec", exporterContext, length);
        } catch {
          // The library decides, below.
        }
      return library.importSecret(await libraryPrivate(privateKey), exporterContext, kemOutput, length, info);
    },
    async importPrivateKey(k) {
      // The library pads a short P-521 scalar to 66 bytes (mls-implementations#176); so does this.
      const sk = a.kem.name === "P-521" && k.length < a.kem.nsk ? concat(new Uint8Array(a.kem.nsk - k.length), k) : k;
      try {
        return asPrivate(group.privateKey(sk));
      } catch {
        return library.importPrivateKey(k);
      }
    },
    async importPublicKey(k) {
      try {
        return asPublic(group.publicKey(k));
      } catch {
        return library.importPublicKey(k);
      }
    },
    async exportPublicKey(k) {
      return k instanceof HpkeKey ? Uint8Array.from(k.bytes) : library.exportPublicKey(k);
    },
    async exportPrivateKey(k) {
      return k instanceof HpkeKey ? Uint8Array.from(k.bytes) : library.exportPrivateKey(k);
    },
    async deriveKeyPair(ikm) {
      // RFC 9180 §7.1.3: X25519 and X448 take the expanded bytes as they are,
      // the NIST curves the first candidate that is a valid scalar.
      const prk = kemLabels.extract(empty, "dkp_prk", ikm);
      let key: HpkeKey | undefined;
      if (a.kem.name === "X25519" || a.kem.name === "X448")
        key = group.privateKey(kemLabels.expand(prk, "sk", empty, a.kem.nsk));
      else
        for (let counter = 0; counter < 256 && key === undefined; counter++) {
          const candidate = kemLabels.expand(prk, "candidate", Uint8Array.of(counter), a.kem.nsk);
          candidate[0]! &= a.kem.name === "P-521" ? 0x01 : 0xff;
          try {
            key = group.privateKey(candidate);
          } catch {
            // Zero or not below the order: the next candidate.
          }
        }
      if (key === undefined) return library.deriveKeyPair(ikm);
      return { privateKey: asPrivate(key), publicKey: asPublic(publicOf(key)) };
    },
    async generateKeyPair() {
      const key = group.generate();
      return { privateKey: asPrivate(key), publicKey: asPublic(publicOf(key)) };
    },
    async encryptAead(key, nonce, aad, plaintext) {
      const cipher = aeadCipher(a, key, nonce);
      return cipher === undefined
        ? library.encryptAead(key, nonce, aad, plaintext)
        : aeadSeal(cipher, key, nonce, aad, plaintext);
    },
    async decryptAead(key, nonce, aad, ciphertext) {
      const cipher = aeadCipher(a, key, nonce);
      if (cipher !== undefined && ciphertext.length >= tagLength)
        try {
          return aeadOpen(cipher, key, nonce, aad, ciphertext);
        } catch {
          // Not authentic: the library fails it with its own error, below.
        }
      return library.decryptAead(key, nonce, aad, ciphertext);
    },
  };
}

const fallbacks = new Map<string, number>();

/**
 * How often each fast path handed its call to the library (for an input it
 * rejects or cannot be sure of, or a signature it did not accept). A run
 * that passes should leave every count at zero; tests check that they do.
 */
export function libraryFallbacks(): Record<string, number> {
  return Object.fromEntries(fallbacks);
}

/** `part` of the library with every call counted as a fallback. */
function counted<T extends object>(part: T, label: string): T {
  const out = { ...part } as Record<string, unknown>;
  for (const [key, value] of Object.entries(part))
    if (typeof value === "function")
      out[key] = (...args: unknown[]) => {
        fallbacks.set(`${label}.${key}`, (fallbacks.get(`${label}.${key}`) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(part, args);
      };
  return out as T;
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
    hash: hashImpl(a, counted(library.hash, "hash")),
    kdf: kdfImpl(a, counted(library.kdf, "kdf")),
    signature: signatureImpl(a.signature, library.signature, counted(library.signature, "signature")),
    hpke: hpkeImpl(a, counted(library.hpke, "hpke")),
  };
}
