// The provider's Signature part: EdDSA signing and every verification in
// node:crypto with cached keys; ECDSA signing stays the library's, whose
// RFC 6979 nonces OpenSSL does not make.
import { sign, verify } from "node:crypto";
import type { Signature } from "ts-mls";
import { own } from "./bytes.js";
import { eddsaKeygen, privateKeyObject, publicKeyObject } from "./signature-keys.js";
import type { Algorithms } from "./suite-algorithms.js";

/** `library` is what ours delegates to by design (ECDSA signing and keygen), `fallback` the same counted as fallbacks. */
export function signatureImpl(alg: Algorithms["signature"], library: Signature, fallback: Signature): Signature {
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
