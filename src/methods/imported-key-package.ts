// A pending join built from a KeyPackage and private keys made elsewhere (the
// passive-client test vectors), so it can be joined through the same JoinGroup
// and HandleCommit handlers the gRPC server runs.
import { invalidArgument } from "../errors.js";
import type { Suite } from "../ts-mls/ciphersuites.js";
import { bytesEqual, decodeKeyPackage } from "../ts-mls/codec.js";
import type { PendingJoin } from "./handles.js";
import type { PskTable } from "../protocol/context.js";
import { libraryOnInput } from "../ts-mls/library-errors.js";
import { withPsk } from "./member-session.js";

export interface ImportedKeys {
  /** An MLSMessage holding the KeyPackage. */
  keyPackage: Uint8Array;
  initPriv: Uint8Array;
  encryptionPriv: Uint8Array;
  /** Kept raw (for Ed25519 the 32-byte seed), as ts-mls accepts it. */
  signaturePriv: Uint8Array;
  externalPsks: ReadonlyArray<{ pskId: Uint8Array; psk: Uint8Array }>;
}

export async function importedPendingJoin(cs: Suite, keys: ImportedKeys): Promise<PendingJoin> {
  const keyPackage = decodeKeyPackage(keys.keyPackage, "key_package");
  if (keyPackage.cipherSuite !== cs.id)
    throw invalidArgument(`key_package is for ciphersuite ${keyPackage.cipherSuite}, not ${cs.id}`);
  await checkHpkePair(cs, keys.initPriv, keyPackage.initKey, "init_priv", "init_key");
  await checkHpkePair(cs, keys.encryptionPriv, keyPackage.leafNode.hpkePublicKey, "encryption_priv", "encryption_key");
  await checkSignaturePair(cs, keys.signaturePriv, keyPackage.leafNode.signaturePublicKey);
  let psks: PskTable = {};
  for (const { pskId, psk } of keys.externalPsks) psks = withPsk(psks, pskId, psk);
  const credential = keyPackage.leafNode.credential;
  return {
    suite: cs,
    identity: "identity" in credential ? Uint8Array.from(credential.identity) : new Uint8Array(),
    keyPackage,
    privateKeys: {
      initPrivateKey: keys.initPriv,
      hpkePrivateKey: keys.encryptionPriv,
      signaturePrivateKey: keys.signaturePriv,
    },
    psks,
  };
}

// HPKE offers no private-to-public derivation, so a key pair is checked by a
// round trip; a mismatch would otherwise only show as a failed Welcome decryption.
async function checkHpkePair(cs: Suite, priv: Uint8Array, pub: Uint8Array, privName: string, pubName: string) {
  const probe = new TextEncoder().encode("imported key pair check");
  const ok = await libraryOnInput(`check ${privName}`, async () => {
    const sealed = await cs.impl.hpke.seal(await cs.impl.hpke.importPublicKey(pub), probe, new Uint8Array());
    try {
      const opened = await cs.impl.hpke.open(
        await cs.impl.hpke.importPrivateKey(priv),
        sealed.enc,
        sealed.ct,
        new Uint8Array(),
      );
      return bytesEqual(opened, probe);
    } catch {
      return false;
    }
  });
  if (!ok) throw invalidArgument(`${privName} does not match the KeyPackage's ${pubName}`);
}

async function checkSignaturePair(cs: Suite, priv: Uint8Array, pub: Uint8Array) {
  const probe = new TextEncoder().encode("imported signature key check");
  const ok = await libraryOnInput("check signature_priv", async () =>
    cs.impl.signature.verify(pub, probe, await cs.impl.signature.sign(priv, probe)),
  );
  if (!ok) throw invalidArgument("signature_priv does not match the KeyPackage's signature_key");
}
