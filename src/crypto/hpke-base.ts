// RFC 9180's base mode step by step over node:crypto (DH groups, HKDF,
// AEAD): the provider's Hpke part (hpke.ts) composes these steps, and the
// tests hold each one to RFC 9180's published vectors, which fix the
// ephemeral key and seal at several sequence numbers.
import { aeadOpen, aeadSeal } from "./aead.js";
import { HpkeKey, dhGroup } from "./dh-groups.js";
import { hkdfExpand, hkdfExtract } from "./hash-kdf.js";
import { aeadKeyLengths, type HashName, type HpkeAlgorithms } from "./suite-algorithms.js";

const encoder = new TextEncoder();
const hpkeV1 = encoder.encode("HPKE-v1");
const empty = new Uint8Array(0);
const nonceLength = 12;

export function concat(...parts: Uint8Array[]): Uint8Array {
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

/** What the base-mode key schedule gives a context (RFC 9180 §5.1). */
export interface HpkeContext {
  key: Uint8Array;
  baseNonce: Uint8Array;
  exporterSecret: Uint8Array;
}

/**
 * RFC 9180 base mode for one HPKE suite. Every step throws a plain Error on
 * input it cannot take (bytes that are no key, an all-zero DH output, a
 * ciphertext that is not authentic); the provider turns those into the
 * library's error names.
 */
export function hpkeBase(h: HpkeAlgorithms) {
  const group = dhGroup(h.kem);
  const kemLabels = labeled(h.kem.hash, concat(encoder.encode("KEM"), u16(h.kem.id)));
  const hpkeLabels = labeled(h.hash, concat(encoder.encode("HPKE"), u16(h.kem.id), u16(h.kdfId), u16(h.aeadId)));
  const nk = h.aead === undefined ? 0 : aeadKeyLengths[h.aead];
  // Base mode's psk_id is empty, so its hash is the suite's constant.
  const pskIdHash = hpkeLabels.extract(empty, "psk_id_hash", empty);

  /**
   * DH(sk, pk) with RFC 9180 §7.1.4's check for X25519 and X448: an all-zero
   * output (a low-order point) aborts. OpenSSL refuses it too; the check is
   * here so the guarantee does not rest on that. On the NIST curves the
   * output is an x-coordinate, and x = 0 is a point like any other
   * (Wycheproof's EdgeCaseSharedSecret, valid).
   */
  const montgomery = h.kem.name === "X25519" || h.kem.name === "X448";
  const dh = (sk: HpkeKey, pk: Uint8Array): Uint8Array => {
    const out = (sk.dh as (pk: Uint8Array) => Uint8Array)(pk);
    if (montgomery && out.every((b) => b === 0)) throw new Error("the DH output is all zeros");
    return out;
  };
  /** DH(sk, DeserializePublicKey(pk)) as Decap computes it: the checks importPublicKey makes, then DH. */
  const deserializeAndDh = (sk: HpkeKey, pk: Uint8Array): Uint8Array => {
    group.publicKey(pk);
    return dh(sk, pk);
  };
  /** RFC 9180 §4.1 ExtractAndExpand over the DH output and the KEM context. */
  const sharedSecret = (dhOutput: Uint8Array, kemContext: Uint8Array): Uint8Array =>
    kemLabels.expand(kemLabels.extract(empty, "eae_prk", dhOutput), "shared_secret", kemContext, h.kem.nsecret);

  const sealer = (what: string) => {
    if (h.aead === undefined) throw new Error(`an export-only suite cannot ${what}`);
    return h.aead;
  };

  return {
    group,
    /** Nk, Nn and Nh of the suite. */
    keyLength: nk,
    nonceLength,
    hashSize: h.hashSize,

    /**
     * RFC 9180 §7.1.3: X25519 and X448 take the expanded bytes as they are,
     * the NIST curves the first candidate that is a valid scalar;
     * undefined when none of 256 is (probability about 2^-32 × 256 for P-256).
     */
    deriveKeyPair(ikm: Uint8Array): HpkeKey | undefined {
      const prk = kemLabels.extract(empty, "dkp_prk", ikm);
      if (h.kem.name === "X25519" || h.kem.name === "X448")
        return group.privateKey(kemLabels.expand(prk, "sk", empty, h.kem.nsk));
      for (let counter = 0; counter < 256; counter++) {
        const candidate = kemLabels.expand(prk, "candidate", Uint8Array.of(counter), h.kem.nsk);
        candidate[0]! &= h.kem.name === "P-521" ? 0x01 : 0xff;
        try {
          return group.privateKey(candidate);
        } catch {
          // Zero or not below the order: the next candidate.
        }
      }
      return undefined;
    },

    /** Encap(pkR) (§4.1), with a fresh ephemeral key unless one is given (the vectors fix it). */
    encap(recipient: HpkeKey, ephemeral: HpkeKey = group.ephemeral()): { sharedSecret: Uint8Array; enc: Uint8Array } {
      return {
        sharedSecret: sharedSecret(dh(ephemeral, recipient.bytes), concat(ephemeral.publicBytes, recipient.bytes)),
        enc: ephemeral.publicBytes,
      };
    },

    deserializeAndDh,

    /** Decap(enc, skR) (§4.1). */
    decap(enc: Uint8Array, recipient: HpkeKey): Uint8Array {
      return sharedSecret(deserializeAndDh(recipient, enc), concat(enc, recipient.publicBytes));
    },

    /** KeySchedule (§5.1), base mode: no PSK. */
    keySchedule(secret: Uint8Array, info: Uint8Array): HpkeContext {
      const context = concat(Uint8Array.of(0), pskIdHash, hpkeLabels.extract(empty, "info_hash", info));
      const prk = hpkeLabels.extract(secret, "secret", empty);
      let exporterSecret: Uint8Array | undefined;
      return {
        key: nk === 0 ? empty : hpkeLabels.expand(prk, "key", context, nk),
        baseNonce: nk === 0 ? empty : hpkeLabels.expand(prk, "base_nonce", context, nonceLength),
        // Derived when first read: MLS seals and opens, and exports only in export-only uses.
        get exporterSecret() {
          return (exporterSecret ??= hpkeLabels.expand(prk, "exp", context, h.hashSize));
        },
      };
    },

    /** ContextS.Seal at sequence number `seq` (§5.2); a one-shot Seal is `seq` 0. */
    seal(context: HpkeContext, seq: number, aad: Uint8Array | undefined, plaintext: Uint8Array): Uint8Array {
      return aeadSeal(sealer("seal"), context.key, sequenceNonce(context.baseNonce, seq), aad, plaintext);
    },

    /** ContextR.Open at sequence number `seq` (§5.2); throws when the ciphertext is not authentic. */
    open(context: HpkeContext, seq: number, aad: Uint8Array | undefined, ciphertext: Uint8Array): Uint8Array {
      return aeadOpen(sealer("open"), context.key, sequenceNonce(context.baseNonce, seq), aad, ciphertext);
    },

    /** Context.Export (§5.3); the caller keeps `length` within 255 hashes. */
    exportSecret(context: HpkeContext, exporterContext: Uint8Array, length: number): Uint8Array {
      return hpkeLabels.expand(context.exporterSecret, "sec", exporterContext, length);
    },
  };
}

/** ComputeNonce (§5.2): the base nonce XOR the sequence number, big-endian. */
function sequenceNonce(baseNonce: Uint8Array, seq: number): Uint8Array {
  const nonce = Uint8Array.from(baseNonce);
  for (let i = nonce.length - 1, rest = seq; i >= 0 && rest > 0; i--, rest = Math.floor(rest / 256))
    nonce[i]! ^= rest % 256;
  return nonce;
}
