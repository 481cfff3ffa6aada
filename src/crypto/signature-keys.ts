// Signature keys in ts-mls's raw formats as node:crypto KeyObjects, imported
// once through the key cache, and EdDSA key pairs generated so that their
// later import takes the fast (JWK) path.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto";
import { base64url, fromBase64url, own } from "./bytes.js";
import { ecSpki, eddsaPkcs8 } from "./der.js";
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

/** The public key as a KeyObject, or undefined when these bytes are not one this provider can be sure of. */
export function publicKeyObject(alg: Algorithms["signature"], raw: Uint8Array): KeyObject | undefined {
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
export function privateKeyObject(alg: "Ed25519" | "Ed448", key: Uint8Array): KeyObject | undefined {
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
 * out JWK-encoded by the generation itself (see dhGroup's generate in
 * dh-groups.ts for why a generated KeyObject is never exported).
 */
export function eddsaKeygen(alg: "Ed25519" | "Ed448"): { signKey: Uint8Array; publicKey: Uint8Array } {
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
