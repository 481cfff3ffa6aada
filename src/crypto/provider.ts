// Our crypto provider around ts-mls's (KNOWN-ISSUES.md#signing-key-import-per-call).
// The library's provider imports every key into WebCrypto again for each
// signature, verification, MAC and HKDF step, and runs each one as a job on
// libuv's thread pool: an Ed25519 signature costs ~0.35 ms, of which the
// signature itself is 0.025 ms. This provider keeps the library's interface
// and results and changes only how the work is done:
//
// - signature keys are imported once into node:crypto KeyObjects, kept in a
//   bounded cache keyed by a hash of the key bytes (KeyCache, key-cache.ts), and
//   used synchronously. Ed25519 and Ed448 signatures are deterministic, so
//   ours are the library's bytes; ECDSA signing stays noble's (the library's
//   signer: deterministic RFC 6979 nonces, which OpenSSL does not make), in
//   low-S form, ECDSA verification is OpenSSL's. Over a random assignment of
//   the whole official matrix (suites 1-7) a signature key served 3.9
//   verifications and 3 signatures on average. Key pairs are generated here
//   too: ECDSA public keys uncompressed as RFC 9420 requires, EdDSA keys put
//   in the cache at once so that their first signature needs no import;
// - HMAC (MACs and every HKDF step), hashes and AEAD are node:crypto
//   one-shots: they take the raw key, and an HMAC with its key set-up costs
//   ~2 µs, so there is nothing left to cache (90% of MAC keys in that
//   matrix were used once anyway);
// - HPKE keys are not cached either: of 3,800 HPKE key imports in that
//   matrix 2% were of a key seen before. What made HPKE slow was the rest:
//   a WebCrypto import for every HKDF step, and X448 in JavaScript; HPKE
//   here is RFC 9180's base mode over node:crypto (hpke.ts).
//
// Ours answers for every input it supports, and it supports everything an
// MLS run gives it: a signature that does not verify, a ciphertext that does
// not open, bytes that are no key are rejected here, once, and counted
// (cryptoRejections), with errors named as the library's are. Only what ours
// does not support at all (an HPKE key the library made, an EdDSA private
// key in a form ours does not read) is handed to the library's function,
// counted too (libraryFallbacks); a passing run has no hand-over.
// docs/crypto.md says which vectors hold this provider, and what it accepts
// at the edges (compressed ECDSA keys, high-S, Wycheproof's "acceptable").
import type { CiphersuiteImpl, CiphersuiteName } from "ts-mls";
import { forgetPrivateHpkeKeys } from "./dh-groups.js";
import { counted } from "./fallbacks.js";
import { hashImpl, kdfImpl } from "./hash-kdf.js";
import { hpkeImpl } from "./hpke.js";
import { forgetImportedKeys as forgetSignatureKeys } from "./key-cache.js";
import { signatureImpl } from "./signature.js";
import { ecdsaKeygen } from "./signature-keys.js";
import { suiteAlgorithms } from "./suite-algorithms.js";
import { forgetOwnKeyPairs, rememberingVerifications } from "./verified-signatures.js";

// The provider's whole interface for the server, the CLI and the bench.
export { importedKeyStats } from "./key-cache.js";
export { cryptoRejections, libraryFallbacks } from "./fallbacks.js";

/** Drops every imported signature key, own key pair and remembered HPKE private key (the server's last handle was freed). */
export function forgetImportedKeys(): void {
  forgetSignatureKeys();
  forgetOwnKeyPairs();
  forgetPrivateHpkeKeys();
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
    hash: hashImpl(a),
    kdf: kdfImpl(a),
    signature: rememberingVerifications(
      a.signature,
      signatureImpl(a.signature, counted(library.signature, "signature")),
    ),
    hpke: hpkeImpl(a, counted(library.hpke, "hpke")),
  };
}

/**
 * ts-mls's own provider as it is (`serve --crypto library`, for comparison)
 * but for ECDSA key generation, which is ours: the library's compresses the
 * public key, and RFC 9420 §5.1.1 requires it uncompressed
 * (KNOWN-ISSUES.md#ecdsa-compressed-keys).
 */
export function libraryCiphersuite(name: CiphersuiteName, library: CiphersuiteImpl): CiphersuiteImpl {
  const signature = suiteAlgorithms[name]?.signature;
  if (signature !== "P-256" && signature !== "P-384" && signature !== "P-521") return library;
  return { ...library, signature: { ...library.signature, keygen: async () => ecdsaKeygen(signature) } };
}
