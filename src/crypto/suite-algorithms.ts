// Which algorithms each RFC 9420 suite uses, in node:crypto's names and with
// RFC 9180's ids: every other part of the provider is parameterised by one
// row of this table, and a suite missing from it stays the library's.
import type { CiphersuiteName } from "ts-mls";

export type HashName = "sha256" | "sha384" | "sha512";
export type AeadName = "aes-128-gcm" | "aes-256-gcm" | "chacha20-poly1305";

/** An HPKE DHKEM (RFC 9180 §7.1): its id, its own HKDF, and its key sizes. */
export interface Kem {
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

/** An HPKE suite (RFC 9180 §7): its DHKEM, its KDF's hash, and its AEAD (none: export-only). */
export interface HpkeAlgorithms {
  /** node:crypto's name of the KDF's hash (and of HMAC's, and HKDF's). */
  hash: HashName;
  hashSize: number;
  kem: Kem;
  kdfId: number;
  aead: AeadName | undefined;
  aeadId: number;
}

/** The RFC 9420 §17.1 algorithms of a suite (and their RFC 9180 ids), as this provider implements them. */
export interface Algorithms extends HpkeAlgorithms {
  signature: "Ed25519" | "Ed448" | "P-256" | "P-384" | "P-521";
  aead: AeadName;
}

/** Nk of each AEAD (RFC 9180 §7.3); every one's Nn is 12. */
export const aeadKeyLengths: Record<AeadName, number> = {
  "aes-128-gcm": 16,
  "aes-256-gcm": 32,
  "chacha20-poly1305": 32,
};

const sha256 = { hash: "sha256", hashSize: 32, kdfId: 1 } as const;
const sha384 = { hash: "sha384", hashSize: 48, kdfId: 2 } as const;
const sha512 = { hash: "sha512", hashSize: 64, kdfId: 3 } as const;
const aes128 = { aead: "aes-128-gcm", aeadId: 1 } as const;
const aes256 = { aead: "aes-256-gcm", aeadId: 2 } as const;
const chacha = { aead: "chacha20-poly1305", aeadId: 3 } as const;
const exportOnly = { aead: undefined, aeadId: 0xffff } as const;

/**
 * The HPKE suite of RFC 9180 ids, in any combination of the KEMs, KDFs and
 * AEADs MLS's suites use (RFC 9180's test vectors mix them), or undefined.
 */
export function hpkeAlgorithms(kemId: number, kdfId: number, aeadId: number): HpkeAlgorithms | undefined {
  const kem = Object.values(kems).find((k) => k.id === kemId);
  const kdf = [sha256, sha384, sha512].find((k) => k.kdfId === kdfId);
  const aead = [aes128, aes256, chacha, exportOnly].find((a) => a.aeadId === aeadId);
  return kem === undefined || kdf === undefined || aead === undefined ? undefined : { kem, ...kdf, ...aead };
}

export const suiteAlgorithms: Partial<Record<CiphersuiteName, Algorithms>> = {
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
