// The provider's Hpke part: RFC 9180 base mode over node:crypto (DH groups,
// HKDF, AEAD), since the library's HPKE imports a WebCrypto key for every
// HKDF step; keys and results are the library's bytes.
import type { Hpke, PrivateKey, PublicKey } from "ts-mls";
import { aeadCipher, aeadOpen, aeadSeal, tagLength } from "./aead.js";
import { HpkeKey, dhGroup } from "./dh-groups.js";
import { hkdfExpand, hkdfExtract } from "./hash-kdf.js";
import type { Algorithms, HashName } from "./suite-algorithms.js";

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

/**
 * HPKE base mode over node:crypto for the suite's DHKEM, KDF and AEAD. The
 * library's does the same through WebCrypto (a key import per step) and,
 * for X448, in JavaScript (noble): 10 to 40 times slower for X25519 and
 * X448, about 4 times for P-256. Keys are the same bytes either way (the
 * tests derive and cross-open with both); whatever ours cannot do or
 * rejects goes to the library, so its errors are the library's.
 */
export function hpkeImpl(a: Algorithms, library: Hpke): Hpke {
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
