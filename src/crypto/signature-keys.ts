// Signature keys in ts-mls's raw formats as node:crypto KeyObjects, imported
// once through the key cache, and key pairs generated in the formats RFC
// 9420 requires (ECDSA public keys uncompressed), EdDSA ones put in the
// cache at generation.
import { createECDH, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from "node:crypto";
import { base64url, fromBase64url, own } from "./bytes.js";
import { ecSpki } from "./der.js";
import { privateKeys, publicKeys } from "./key-cache.js";
import type { Algorithms } from "./suite-algorithms.js";

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
    return createPublicKey({ key: { kty: "OKP", crv: alg, x: base64url(raw) }, format: "jwk" });
  }
  return createPublicKey({ key: ecSpki(alg, raw), format: "der", type: "spki" });
}

/** The public key as a KeyObject, or undefined when these bytes are no public key of the algorithm. */
export function publicKeyObject(alg: Algorithms["signature"], raw: Uint8Array): KeyObject | undefined {
  if (!rawPublicLengths[alg].includes(raw.length)) return undefined;
  try {
    return publicKeys.get(alg, raw, () => importPublicKey(alg, raw));
  } catch {
    return undefined;
  }
}

const ed25519Pkcs8Prefix = Buffer.from("302e020100300506032b657004220420", "hex");

/** The RFC 8032 private key (the seed) of a raw EdDSA key or, for Ed25519, of WebCrypto's PKCS#8. */
function eddsaSeed(alg: "Ed25519" | "Ed448", key: Uint8Array): Uint8Array | undefined {
  const rawLength = alg === "Ed25519" ? 32 : 57;
  if (key.length === rawLength) return key;
  if (
    alg === "Ed25519" &&
    key.length === ed25519Pkcs8Prefix.length + 32 &&
    ed25519Pkcs8Prefix.equals(key.subarray(0, 16))
  )
    return key.subarray(16);
  return undefined;
}

/**
 * The EdDSA private key as a KeyObject, or undefined for a key in no form
 * ours reads. The library takes a raw key (Ed25519: 32 bytes, Ed448: 57)
 * and, for Ed25519, WebCrypto's PKCS#8 as well (what its keygen returns).
 * The cache is keyed by the seed, so both forms of one key share an entry.
 */
export function privateKeyObject(alg: "Ed25519" | "Ed448", key: Uint8Array): KeyObject | undefined {
  const seed = eddsaSeed(alg, key);
  if (seed === undefined) return undefined;
  try {
    const imported = privateKeys.get(alg, seed, () => importSeed(alg, seed), key);
    return imported.asymmetricKeyType === nodeKeyTypes[alg] ? imported : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An RFC 8032 seed as a KeyObject. As JWK: OpenSSL builds the key from the
 * raw seed (~40 µs for Ed25519), where PKCS#8 goes through its generic DER
 * decoder chain (~350 µs). Node reads only `d` of a private OKP JWK and
 * computes the public half itself.
 */
function importSeed(alg: "Ed25519" | "Ed448", seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: { kty: "OKP", crv: alg, d: base64url(seed), x: "" }, format: "jwk" });
}

/**
 * A fresh EdDSA key pair: the raw private key (the RFC 8032 seed, as the
 * wire contract and the test vectors carry it; the library signs with it
 * too) and the raw public key. Any seed is a private key, so a random one is
 * a generated one; importing it computes the public half, read off the key,
 * and puts the KeyObject in the key cache at once, tied to the returned
 * private key's array like any import. One import and no generation job:
 * 54 µs for Ed25519 where generating and then importing took 74, 197 µs for
 * Ed448 where it took 392 (and a generated KeyObject is never exported as
 * JWK: node 20 deadlocks when one is while the GC finalizes its generation
 * job).
 */
export function eddsaKeygen(alg: "Ed25519" | "Ed448"): { signKey: Uint8Array; publicKey: Uint8Array } {
  const signKey = own(randomBytes(alg === "Ed25519" ? 32 : 57));
  const key = privateKeys.get(alg, signKey, () => importSeed(alg, signKey));
  return { signKey, publicKey: fromBase64url(createPublicKey(key).export({ format: "jwk" }).x as string) };
}

const ecCurves = { "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1" } as const;
const ecScalarLengths = { "P-256": 32, "P-384": 48, "P-521": 66 } as const;

/**
 * A fresh ECDSA key pair: the scalar in its full field length (noble's, the
 * library's signer's, format) and the public key as the uncompressed point
 * RFC 9420 §5.1.1 requires (KNOWN-ISSUES.md#ecdsa-compressed-keys: the
 * library's keygen compresses it).
 */
export function ecdsaKeygen(alg: "P-256" | "P-384" | "P-521"): { signKey: Uint8Array; publicKey: Uint8Array } {
  const ecdh = createECDH(ecCurves[alg]);
  ecdh.generateKeys();
  const scalar = ecdh.getPrivateKey();
  const signKey = new Uint8Array(ecScalarLengths[alg]);
  signKey.set(scalar, signKey.length - scalar.length);
  return { signKey, publicKey: own(ecdh.getPublicKey()) };
}
