// AES-GCM and ChaCha20-Poly1305 through node:crypto in the library's byte
// layout (ciphertext || tag), for MLS's own AEAD calls and HPKE's: one-shots
// on the raw key, with no WebCrypto import per message.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { gcm } from "@noble/ciphers/aes.js";
import type { AeadName, Algorithms } from "./suite-algorithms.js";

export const tagLength = 16;
// ChaCha20-Poly1305's nonce (RFC 8439 §2.8), and every RFC 9420 suite's Nn.
const chachaNonceLength = 12;
const aesGcmCiphers: Record<number, "aes-128-gcm" | "aes-192-gcm" | "aes-256-gcm"> = {
  16: "aes-128-gcm",
  24: "aes-192-gcm",
  32: "aes-256-gcm",
};

type Cipher = AeadName | "aes-192-gcm";

/**
 * OpenSSL takes GCM nonces of up to 128 bytes, GCM itself of any length
 * (NIST SP 800-38D hashes a nonce that is not 12 bytes into the counter).
 * MLS's are 12 bytes; a longer one (Wycheproof's go to 257) goes through
 * @noble/ciphers's GCM, which the library's ChaCha20-Poly1305 comes from too.
 */
const opensslGcmNonceLimit = 128;
const longGcmNonce = (cipher: Cipher, nonce: Uint8Array): boolean =>
  cipher !== "chacha20-poly1305" && nonce.length > opensslGcmNonceLimit;

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
export function aeadSeal(
  cipher: Cipher,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array | undefined,
  plaintext: Uint8Array,
): Uint8Array {
  if (longGcmNonce(cipher, nonce)) return gcm(key, nonce, aad).encrypt(plaintext);
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
export function aeadOpen(
  cipher: Cipher,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array | undefined,
  ciphertext: Uint8Array,
): Uint8Array {
  if (longGcmNonce(cipher, nonce)) return gcm(key, nonce, aad).decrypt(ciphertext);
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
 * The cipher for this key and nonce, or undefined when they are no valid
 * input for the suite's AEAD. AES-GCM goes by key length as WebCrypto's does
 * (so a 32-byte key is AES-256 in any AES suite) and takes any nonce but an
 * empty one (NIST SP 800-38D; MLS's are 12 bytes); ChaCha20-Poly1305 takes a
 * 32-byte key and a 12-byte nonce only.
 */
export function aeadCipher(a: Algorithms, key: Uint8Array, nonce: Uint8Array): Cipher | undefined {
  if (a.aead === "chacha20-poly1305")
    return key.length === 32 && nonce.length === chachaNonceLength ? a.aead : undefined;
  return nonce.length > 0 ? aesGcmCiphers[key.length] : undefined;
}
