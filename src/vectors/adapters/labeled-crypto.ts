// The labeled cryptographic functions of RFC 9420 §5 (RefHash,
// ExpandWithLabel, DeriveSecret, DeriveTreeSecret, Sign/VerifyWithLabel,
// Encrypt/DecryptWithLabel) as ts-mls implements them, over raw key bytes.
import type { Suite } from "../../ts-mls/ciphersuites.js";
import {
  decryptWithLabel as tsDecryptWithLabel,
  deriveSecret as tsDeriveSecret,
  deriveTreeSecret as tsDeriveTreeSecret,
  encryptWithLabel as tsEncryptWithLabel,
  expandWithLabel as tsExpandWithLabel,
  refHash as tsRefHash,
  signWithLabel as tsSignWithLabel,
  verifyWithLabel as tsVerifyWithLabel,
} from "../../ts-mls/labeled-crypto-internals.js";

export const refHash = (cs: Suite, label: string, value: Uint8Array) => tsRefHash(label, value, cs.impl.hash);

export const expandWithLabel = (cs: Suite, secret: Uint8Array, label: string, context: Uint8Array, length: number) =>
  tsExpandWithLabel(secret, label, context, length, cs.impl.kdf);

export const deriveSecret = (cs: Suite, secret: Uint8Array, label: string) =>
  tsDeriveSecret(secret, label, cs.impl.kdf);

export const deriveTreeSecret = (cs: Suite, secret: Uint8Array, label: string, generation: number, length: number) =>
  tsDeriveTreeSecret(secret, label, generation, length, cs.impl.kdf);

export const signWithLabel = (cs: Suite, priv: Uint8Array, label: string, content: Uint8Array) =>
  tsSignWithLabel(priv, label, content, cs.impl.signature);

export const verifyWithLabel = (
  cs: Suite,
  pub: Uint8Array,
  label: string,
  content: Uint8Array,
  signature: Uint8Array,
) => tsVerifyWithLabel(pub, label, content, signature, cs.impl.signature);

export async function encryptWithLabel(
  cs: Suite,
  pub: Uint8Array,
  label: string,
  context: Uint8Array,
  plaintext: Uint8Array,
) {
  const key = await cs.impl.hpke.importPublicKey(pub);
  const { enc, ct } = await tsEncryptWithLabel(key, label, context, plaintext, cs.impl.hpke);
  return { kemOutput: enc, ciphertext: ct };
}

export async function decryptWithLabel(
  cs: Suite,
  priv: Uint8Array,
  label: string,
  context: Uint8Array,
  kemOutput: Uint8Array,
  ciphertext: Uint8Array,
): Promise<Uint8Array> {
  const key = await cs.impl.hpke.importPrivateKey(priv);
  return tsDecryptWithLabel(key, label, context, kemOutput, ciphertext, cs.impl.hpke);
}
