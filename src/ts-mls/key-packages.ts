// KeyPackages with Basic credentials, and private keys in the test-vector
// format the wire contract returns them in.
import {
  defaultCapabilities,
  defaultCredentialTypes,
  defaultLifetime,
  generateKeyPackage,
  type Credential,
  type KeyPackage,
  type PrivateKeyPackage,
} from "ts-mls";
import type { Suite } from "./ciphersuites.js";
import { library } from "./library-errors.js";

export function basicCredential(identity: Uint8Array): Credential {
  return { credentialType: defaultCredentialTypes.basic, identity: Uint8Array.from(identity) };
}

export interface GeneratedKeyPackage {
  keyPackage: KeyPackage;
  privateKeys: PrivateKeyPackage;
}

export async function generateKeyPackageFor(suite: Suite, identity: Uint8Array): Promise<GeneratedKeyPackage> {
  const generated = await library("generate KeyPackage", () =>
    generateKeyPackage({
      credential: basicCredential(identity),
      capabilities: defaultCapabilities(),
      lifetime: defaultLifetime(),
      cipherSuite: suite.impl,
    }),
  );
  const privateKeys = {
    ...generated.privatePackage,
    signaturePrivateKey: rawSignaturePrivateKey(generated.privatePackage.signaturePrivateKey),
  };
  return { keyPackage: generated.publicPackage, privateKeys };
}

const ed25519Pkcs8Prefix = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

/**
 * ts-mls keeps WebCrypto's PKCS#8 for Ed25519 keys it generates and accepts
 * the raw 32-byte seed too; the test-vector format (and so our responses and
 * anything imported from vectors) is the seed, so keys are kept raw.
 */
export function rawSignaturePrivateKey(key: Uint8Array): Uint8Array {
  const prefix = ed25519Pkcs8Prefix;
  if (key.length === prefix.length + 32 && prefix.every((b, i) => key[i] === b)) return key.slice(prefix.length);
  return key;
}

export interface RawPrivateKeys {
  initPriv: Uint8Array;
  encryptionPriv: Uint8Array;
  signaturePriv: Uint8Array;
}

export function rawPrivateKeys(keys: PrivateKeyPackage): RawPrivateKeys {
  return {
    initPriv: keys.initPrivateKey,
    encryptionPriv: keys.hpkePrivateKey,
    signaturePriv: keys.signaturePrivateKey,
  };
}
