// Opening a Welcome step by step (RFC 9420 §12.4.3.1): GroupSecrets for our
// KeyPackage, then the GroupInfo, its signature and confirmation tag, each
// reported separately rather than as one failed join.
import { makeKeyPackageRef, type GroupInfo } from "ts-mls";
import type { Suite } from "../../ts-mls/ciphersuites.js";
import { decodeKeyPackage, decodeWelcome } from "../../ts-mls/codec.js";
import { computePskSecret } from "../../ts-mls/key-schedule-internals.js";
import {
  decryptGroupInfo,
  decryptGroupSecrets,
  verifyGroupInfoConfirmationTag,
  verifyGroupInfoSignature,
} from "../../ts-mls/welcome-internals.js";

export interface OpenedWelcome {
  groupSecretsDecrypted: boolean;
  groupInfo: GroupInfo | undefined;
  signatureValid: boolean;
  confirmationTagValid: boolean;
  /** PSKs the GroupSecrets name; this check runs without any, so they must be none. */
  pskCount: number;
}

export async function openWelcome(
  cs: Suite,
  keyPackageMessage: Uint8Array,
  welcomeMessage: Uint8Array,
  initPriv: Uint8Array,
  signerPub: Uint8Array,
): Promise<OpenedWelcome> {
  const keyPackage = decodeKeyPackage(keyPackageMessage, "key_package");
  const welcome = decodeWelcome(welcomeMessage, "welcome");
  const ref = await makeKeyPackageRef(keyPackage, cs.impl.hash);
  const initKey = await cs.impl.hpke.importPrivateKey(initPriv);
  const secrets = await decryptGroupSecrets(initKey, ref, welcome, cs.impl.hpke);
  const none = {
    groupSecretsDecrypted: false,
    groupInfo: undefined,
    signatureValid: false,
    confirmationTagValid: false,
    pskCount: 0,
  };
  if (secrets === undefined) return none;
  const pskSecret = await computePskSecret([], cs.impl);
  const groupInfo = await decryptGroupInfo(welcome, secrets.joinerSecret, pskSecret, cs.impl);
  if (groupInfo === undefined) return { ...none, groupSecretsDecrypted: true, pskCount: secrets.psks.length };
  return {
    groupSecretsDecrypted: true,
    groupInfo,
    signatureValid: await verifyGroupInfoSignature(groupInfo, signerPub, cs.impl.signature),
    confirmationTagValid: await verifyGroupInfoConfirmationTag(groupInfo, secrets.joinerSecret, pskSecret, cs.impl),
    pskCount: secrets.psks.length,
  };
}
