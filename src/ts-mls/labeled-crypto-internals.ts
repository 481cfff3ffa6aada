// ts-mls INTERNALS: the labeled crypto of RFC 9420 §5.
// ExpandWithLabel, DeriveSecret, RefHash, SignWithLabel, EncryptWithLabel
// and their kin, one at a time: for our constructions and crypto-basics.json.
// Loaded by path through library-module.ts; re-check on every upgrade of ts-mls.
import type { CiphersuiteImpl, PrivateKey, PublicKey, Signature } from "ts-mls";
import { loadInternals } from "./library-module.js";

/** crypto-basics.json: the labeled KDF, hash, signature and HPKE functions of RFC 9420 §5. */
const kdfModule = await loadInternals<{
  expandWithLabel: (
    secret: Uint8Array,
    label: string,
    context: Uint8Array,
    length: number,
    kdf: CiphersuiteImpl["kdf"],
  ) => Promise<Uint8Array>;
  deriveSecret: (secret: Uint8Array, label: string, kdf: CiphersuiteImpl["kdf"]) => Promise<Uint8Array>;
  deriveTreeSecret: (
    secret: Uint8Array,
    label: string,
    generation: number,
    length: number,
    kdf: CiphersuiteImpl["kdf"],
  ) => Promise<Uint8Array>;
}>("./crypto/kdf.js");
export const expandWithLabel = kdfModule.expandWithLabel;
export const deriveSecret = kdfModule.deriveSecret;
export const deriveTreeSecret = kdfModule.deriveTreeSecret;

const hashModule = await loadInternals<{
  refhash: (label: string, value: Uint8Array, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
}>("./crypto/hash.js");
export const refHash = hashModule.refhash;

const signatureModule = await loadInternals<{
  signWithLabel: (key: Uint8Array, label: string, content: Uint8Array, s: Signature) => Promise<Uint8Array>;
  verifyWithLabel: (
    pub: Uint8Array,
    label: string,
    content: Uint8Array,
    sig: Uint8Array,
    s: Signature,
  ) => Promise<boolean>;
}>("./crypto/signature.js");
export const signWithLabel = signatureModule.signWithLabel;
export const verifyWithLabel = signatureModule.verifyWithLabel;

const hpkeModule = await loadInternals<{
  encryptWithLabel: (
    pub: PublicKey,
    label: string,
    context: Uint8Array,
    plaintext: Uint8Array,
    hpke: CiphersuiteImpl["hpke"],
  ) => Promise<{ ct: Uint8Array; enc: Uint8Array }>;
  decryptWithLabel: (
    priv: PrivateKey,
    label: string,
    context: Uint8Array,
    kemOutput: Uint8Array,
    ciphertext: Uint8Array,
    hpke: CiphersuiteImpl["hpke"],
  ) => Promise<Uint8Array>;
}>("./crypto/hpke.js");
export const encryptWithLabel = hpkeModule.encryptWithLabel;
export const decryptWithLabel = hpkeModule.decryptWithLabel;
