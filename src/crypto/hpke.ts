// The provider's Hpke part: RFC 9180 base mode over node:crypto
// (hpke-base.ts), since the library's HPKE imports a WebCrypto key for every
// HKDF step and runs X448 in JavaScript; keys and results are the library's
// bytes, and failures carry the names of the library's errors.
import type { Hpke, PrivateKey, PublicKey } from "ts-mls";
import { aeadCipher, aeadOpen, aeadSeal, tagLength } from "./aead.js";
import { HpkeKey } from "./dh-groups.js";
import { rejection } from "./fallbacks.js";
import { concat, hpkeBase } from "./hpke-base.js";
import type { Algorithms } from "./suite-algorithms.js";

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * HPKE base mode over node:crypto for the suite's DHKEM, KDF and AEAD. The
 * library's does the same through WebCrypto (a key import per step) and,
 * for X448, in JavaScript (noble): 10 to 40 times slower for X25519 and
 * X448, about 4 times for P-256. Keys are the same bytes either way (the
 * tests derive and cross-open with both).
 *
 * `handOver` (the library's, counted) gets only what ours does not support:
 * keys the library made rather than ours. Whatever ours rejects (bytes that
 * are no key, a kem output or ciphertext that does not open, a wrong-sized
 * AEAD key or nonce) fails here, once, with a CryptoError named as the
 * library's would be (`OpenError: ...`, `DeserializeError: ...`).
 */
export function hpkeImpl(a: Algorithms, handOver: Hpke): Hpke {
  const base = hpkeBase(a);
  const { group } = base;

  const asPrivate = (k: HpkeKey): PrivateKey => k as unknown as PrivateKey;
  const asPublic = (k: HpkeKey): PublicKey => k as unknown as PublicKey;
  const publicOf = (k: HpkeKey): HpkeKey => new HpkeKey("public", k.publicBytes, k.publicBytes);
  /** A key of ours of the wrong type is a caller's bug, never to be used as the other type. */
  const ofType = (k: HpkeKey, type: HpkeKey["type"], where: string): HpkeKey => {
    if (k.type !== type) throw rejection(where, "InvalidKeyType", `a ${k.type} key where a ${type} key is needed`);
    return k;
  };
  const tooLong = (length: number): boolean => !Number.isInteger(length) || length < 0 || length > 255 * a.hashSize;
  /** Decap and key schedule for a recipient; a kem output that is no key, or DH that fails, is a DecapError. */
  const recipientContext = (where: string, key: HpkeKey, kemOutput: Uint8Array, info: Uint8Array) => {
    let secret: Uint8Array;
    try {
      secret = base.decap(kemOutput, key);
    } catch (error) {
      throw rejection(where, "DecapError", `the kem output is no key for this suite (${reason(error)})`);
    }
    return base.keySchedule(secret, info);
  };
  const senderContext = (where: string, key: HpkeKey, info: Uint8Array) => {
    try {
      const { sharedSecret, enc } = base.encap(key);
      return { context: base.keySchedule(sharedSecret, info), enc };
    } catch (error) {
      throw rejection(where, "EncapError", reason(error));
    }
  };

  return {
    keyLength: base.keyLength,
    nonceLength: base.nonceLength,
    async seal(publicKey, plaintext, info, aad) {
      if (!(publicKey instanceof HpkeKey)) return handOver.seal(publicKey, plaintext, info, aad);
      const { context, enc } = senderContext("hpke.seal", ofType(publicKey, "public", "hpke.seal"), info);
      return { ct: base.seal(context, 0, aad, plaintext), enc };
    },
    async open(privateKey, kemOutput, ciphertext, info, aad) {
      if (!(privateKey instanceof HpkeKey)) return handOver.open(privateKey, kemOutput, ciphertext, info, aad);
      const context = recipientContext("hpke.open", ofType(privateKey, "private", "hpke.open"), kemOutput, info);
      try {
        return base.open(context, 0, aad, ciphertext);
      } catch {
        throw rejection("hpke.open", "OpenError", "the ciphertext is not authentic for this key, info and aad");
      }
    },
    async exportSecret(publicKey, exporterContext, length, info) {
      if (!(publicKey instanceof HpkeKey)) return handOver.exportSecret(publicKey, exporterContext, length, info);
      if (tooLong(length))
        throw rejection("hpke.exportSecret", "ExportError", `at most 255 * ${a.hashSize} bytes, not ${length}`);
      const { context, enc } = senderContext(
        "hpke.exportSecret",
        ofType(publicKey, "public", "hpke.exportSecret"),
        info,
      );
      return { enc, secret: base.exportSecret(context, exporterContext, length) };
    },
    async importSecret(privateKey, exporterContext, kemOutput, length, info) {
      if (!(privateKey instanceof HpkeKey))
        return handOver.importSecret(privateKey, exporterContext, kemOutput, length, info);
      if (tooLong(length))
        throw rejection("hpke.importSecret", "ExportError", `at most 255 * ${a.hashSize} bytes, not ${length}`);
      const key = ofType(privateKey, "private", "hpke.importSecret");
      return base.exportSecret(recipientContext("hpke.importSecret", key, kemOutput, info), exporterContext, length);
    },
    async importPrivateKey(k) {
      // The library pads a short P-521 scalar to 66 bytes (mls-implementations#176); so does this.
      const sk = a.kem.name === "P-521" && k.length < a.kem.nsk ? concat(new Uint8Array(a.kem.nsk - k.length), k) : k;
      try {
        return asPrivate(group.privateKey(sk));
      } catch (error) {
        throw rejection("hpke.importPrivateKey", "DeserializeError", reason(error));
      }
    },
    async importPublicKey(k) {
      try {
        return asPublic(group.publicKey(k));
      } catch (error) {
        throw rejection("hpke.importPublicKey", "DeserializeError", reason(error));
      }
    },
    async exportPublicKey(k) {
      if (!(k instanceof HpkeKey)) return handOver.exportPublicKey(k);
      return Uint8Array.from(ofType(k, "public", "hpke.exportPublicKey").bytes);
    },
    async exportPrivateKey(k) {
      if (!(k instanceof HpkeKey)) return handOver.exportPrivateKey(k);
      return Uint8Array.from(ofType(k, "private", "hpke.exportPrivateKey").bytes);
    },
    async deriveKeyPair(ikm) {
      const key = base.deriveKeyPair(ikm);
      if (key === undefined)
        throw rejection("hpke.deriveKeyPair", "DeriveKeyPairError", "no valid private key in 256 candidates");
      return { privateKey: asPrivate(key), publicKey: asPublic(publicOf(key)) };
    },
    async generateKeyPair() {
      const key = group.generate();
      return { privateKey: asPrivate(key), publicKey: asPublic(publicOf(key)) };
    },
    async encryptAead(key, nonce, aad, plaintext) {
      const cipher = aeadCipher(a, key, nonce);
      if (cipher === undefined)
        throw rejection(
          "aead.encrypt",
          "DataError",
          `no ${a.aead} key and nonce of ${key.length} and ${nonce.length} bytes`,
        );
      return aeadSeal(cipher, key, nonce, aad, plaintext);
    },
    async decryptAead(key, nonce, aad, ciphertext) {
      const cipher = aeadCipher(a, key, nonce);
      if (cipher === undefined)
        throw rejection(
          "aead.decrypt",
          "DataError",
          `no ${a.aead} key and nonce of ${key.length} and ${nonce.length} bytes`,
        );
      try {
        if (ciphertext.length < tagLength) throw new Error("shorter than a tag");
        return aeadOpen(cipher, key, nonce, aad, ciphertext);
      } catch {
        throw rejection(
          "aead.decrypt",
          "OperationError",
          "the ciphertext is not authentic for this key, nonce and aad",
        );
      }
    },
  };
}
