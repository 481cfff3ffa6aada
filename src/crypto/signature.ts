// The provider's Signature part: EdDSA signing and every verification in
// node:crypto with cached keys; ECDSA signing is noble's (the library's
// signer, whose RFC 6979 nonces OpenSSL does not make), asked for low-S.
import { sign, verify } from "node:crypto";
import { p256, p384, p521 } from "@noble/curves/nist.js";
import type { Signature } from "ts-mls";
import { own } from "./bytes.js";
import { rejected } from "./fallbacks.js";
import { ecdsaKeygen, eddsaKeygen, privateKeyObject, publicKeyObject } from "./signature-keys.js";
import type { Algorithms } from "./suite-algorithms.js";

const ecdsaCurves = { "P-256": p256, "P-384": p384, "P-521": p521 } as const;
// ECDSA hashes the message with the curve's hash (RFC 9420 §5.1.2).
const ecdsaDigests = { "P-256": "sha256", "P-384": "sha384", "P-521": "sha512" } as const;

/**
 * `handOver` (the library's, counted) signs only with an EdDSA private key
 * in a form ours does not read. A verification ours rejects (a key that is
 * no point or of the wrong length, a signature that is not strict DER or
 * does not verify) answers false at once and is counted; it is never asked
 * of the library again, whose answer could only cost more.
 *
 * ECDSA: compressed public keys are verified as uncompressed ones are (every
 * peer takes both; ts-mls's own reference server sends compressed ones), and
 * high-S signatures are accepted (RFC 9420 is silent; ts-mls, MLSpp and
 * mls-rs emit them half of the time, and every peer accepts them); ours are
 * always low-S. docs/crypto.md gives the reasons and the peers' sources.
 */
export function signatureImpl(alg: Algorithms["signature"], handOver: Signature): Signature {
  if (alg === "Ed25519" || alg === "Ed448")
    return {
      async sign(signKey, message) {
        const key = privateKeyObject(alg, signKey);
        return key === undefined ? handOver.sign(signKey, message) : own(sign(null, message, key));
      },
      verify: async (publicKey, message, signature) => verifyWith(alg, null, publicKey, message, signature),
      // node:crypto's key pairs, cached at once for their first signature.
      keygen: async () => eddsaKeygen(alg),
    };
  const curve = ecdsaCurves[alg];
  return {
    // Deterministic (RFC 6979) as the library's, and low-S: a verifier that
    // insisted on low-S (none of the peers does) takes ours too.
    sign: async (signKey, message) => curve.sign(message, signKey, { prehash: true, format: "der", lowS: true }),
    verify: async (publicKey, message, signature) => verifyWith(alg, ecdsaDigests[alg], publicKey, message, signature),
    // Uncompressed public keys, as RFC 9420 §5.1.1 requires (the library's keygen compresses them).
    keygen: async () => ecdsaKeygen(alg),
  };
}

function verifyWith(
  alg: Algorithms["signature"],
  digest: string | null,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const key = publicKeyObject(alg, publicKey);
  if (key === undefined) return rejected("signature.verify");
  try {
    if (verify(digest, message, key, signature)) return true;
  } catch {
    // A signature OpenSSL cannot parse: rejected like a wrong one.
  }
  return rejected("signature.verify");
}
