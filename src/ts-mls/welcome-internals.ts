// ts-mls INTERNALS: joining: KeyPackages, GroupInfo and Welcome (RFC 9420 §10, §12.4.3).
// Welcome encryption and its two decryption layers, GroupInfo signing and
// checks, KeyPackage checks and references: for our welcome join, commit
// builder, GroupInfo and outside view, and the welcome vectors.
// Loaded by path through library-module.ts; re-check on every upgrade of ts-mls.
import type {
  CiphersuiteImpl,
  Decoder,
  Encoder,
  GroupContextExtension,
  GroupInfo,
  GroupInfoTBS,
  KeyPackage,
  LeafNode,
  PrivateKey,
  PskId,
  PublicKey,
  Signature,
  Welcome,
} from "ts-mls";
import { loadInternals } from "./library-module.js";

/** ts-mls's GroupSecrets, which its index does not export. */
export interface GroupSecrets {
  joinerSecret: Uint8Array;
  pathSecret: Uint8Array | undefined;
  psks: PskId[];
}

/** welcome.json: the Welcome's two decryption layers and the GroupInfo checks, one at a time (RFC 9420 §12.4.3.1). */
const welcomeModule = await loadInternals<{
  decryptGroupSecrets: (
    initKey: PrivateKey,
    keyPackageRef: Uint8Array,
    w: Welcome,
    hpke: CiphersuiteImpl["hpke"],
  ) => Promise<GroupSecrets | undefined>;
  decryptGroupInfo: (
    w: Welcome,
    joinerSecret: Uint8Array,
    pskSecret: Uint8Array,
    cs: CiphersuiteImpl,
  ) => Promise<GroupInfo | undefined>;
}>("./welcome.js");
export const decryptGroupSecrets = welcomeModule.decryptGroupSecrets;
export const decryptGroupInfo = welcomeModule.decryptGroupInfo;

const groupInfoChecksModule = await loadInternals<{
  verifyGroupInfoSignature: (gi: GroupInfo, publicKey: Uint8Array, s: Signature) => Promise<boolean>;
  verifyGroupInfoConfirmationTag: (
    gi: GroupInfo,
    joinerSecret: Uint8Array,
    pskSecret: Uint8Array,
    cs: CiphersuiteImpl,
  ) => Promise<boolean>;
}>("./groupInfo.js");
export const verifyGroupInfoSignature = groupInfoChecksModule.verifyGroupInfoSignature;
export const verifyGroupInfoConfirmationTag = groupInfoChecksModule.verifyGroupInfoConfirmationTag;

const welcomeCryptoModule = await loadInternals<{
  encryptGroupInfo: (groupInfo: GroupInfo, welcomeSecret: Uint8Array, cs: CiphersuiteImpl) => Promise<Uint8Array>;
  encryptGroupSecrets: (
    initKey: PublicKey,
    encryptedGroupInfo: Uint8Array,
    secrets: GroupSecrets,
    hpke: CiphersuiteImpl["hpke"],
  ) => Promise<{ ct: Uint8Array; enc: Uint8Array }>;
}>("./welcome.js");
export const encryptGroupInfo = welcomeCryptoModule.encryptGroupInfo;
export const encryptGroupSecrets = welcomeCryptoModule.encryptGroupSecrets;

const groupSecretsCodecModule = await loadInternals<{
  groupSecretsEncoder: Encoder<GroupSecrets>;
  groupSecretsDecoder: Decoder<GroupSecrets>;
}>("./groupSecrets.js");
export const groupSecretsEncoder = groupSecretsCodecModule.groupSecretsEncoder;
export const groupSecretsDecoder = groupSecretsCodecModule.groupSecretsDecoder;

/**
 * GroupInfo with an RFC-shaped external_pub extension: ts-mls's own
 * createGroupInfoWithExternalPub writes the key without its length prefix
 * (KNOWN-ISSUES.md, external_pub), so we assemble and sign the GroupInfo.
 */
const groupInfoModule = await loadInternals<{
  signGroupInfo: (tbs: GroupInfoTBS, privateKey: Uint8Array, s: Signature) => Promise<GroupInfo>;
  groupInfoTBSEncoder: Encoder<GroupInfoTBS>;
}>("./groupInfo.js");
export const signGroupInfo = groupInfoModule.signGroupInfo;

/** AddProposal checks a KeyPackage's signature when it is handed in, not only when a commit applies it. */
const keyPackageModule = await loadInternals<{
  verifyKeyPackage: (kp: KeyPackage, s: Signature) => Promise<boolean>;
}>("./keyPackage.js");
export const verifyKeyPackage = keyPackageModule.verifyKeyPackage;

const keyPackageRefModule = await loadInternals<{
  makeKeyPackageRef: (kp: KeyPackage, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
}>("./keyPackage.js");
export const makeKeyPackageRef = keyPackageRefModule.makeKeyPackageRef;

/** Whether a leaf supports the group's extensions (RFC 9420 §12.4.3.1), or its own (§7.2). */
const capabilitiesModule = await loadInternals<{
  extensionsSupportedByCapabilities: (
    extensions: ReadonlyArray<GroupContextExtension | LeafNode["extensions"][number]>,
    capabilities: LeafNode["capabilities"],
  ) => boolean;
}>("./extension.js");
export const extensionsSupportedByCapabilities = capabilitiesModule.extensionsSupportedByCapabilities;
