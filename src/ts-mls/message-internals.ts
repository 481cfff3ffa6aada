// ts-mls INTERNALS: framing and message protection (RFC 9420 §6, §9).
// Protecting and unprotecting content with given keys outside a group
// state, the secret tree and sender-data keys: for our constructions, the
// RFC-numbered external proposals and the message-protection vectors.
// Loaded by path through library-module.ts; re-check on every upgrade of ts-mls.
import type {
  CiphersuiteImpl,
  Decoder,
  FramedContent,
  FramedContentAuthData,
  GroupContext,
  KeyRetentionConfig,
  PaddingConfig,
  PrivateMessage,
  Proposal,
  PublicMessage,
  RatchetTree,
  SecretTree,
} from "ts-mls";
import { loadInternals } from "./library-module.js";

/** ts-mls's AuthenticatedContent, which its index does not export. */
export interface AuthenticatedContent {
  wireformat: number;
  content: FramedContent;
  auth: FramedContentAuthData;
}

const authenticatedContentModule = await loadInternals<{
  authenticatedContentDecoder: Decoder<AuthenticatedContent>;
}>("./authenticatedContent.js");
export const authenticatedContentDecoder = authenticatedContentModule.authenticatedContentDecoder;

/** message-protection.json: protecting and unprotecting content with given keys, outside a group state (RFC 9420 §6). */
const publicProtectionModule = await loadInternals<{
  protectPublicMessage: (
    membershipKey: Uint8Array,
    gc: GroupContext,
    content: AuthenticatedContent,
    cs: CiphersuiteImpl,
  ) => Promise<PublicMessage>;
  unprotectPublicMessage: (
    membershipKey: Uint8Array,
    gc: GroupContext,
    tree: RatchetTree,
    msg: PublicMessage,
    cs: CiphersuiteImpl,
    overrideSignatureKey?: Uint8Array,
  ) => Promise<AuthenticatedContent>;
}>("./messageProtectionPublic.js");
export const protectPublicMessage = publicProtectionModule.protectPublicMessage;
export const unprotectPublicMessage = publicProtectionModule.unprotectPublicMessage;

const privateProtectionModule = await loadInternals<{
  protect: (
    senderDataSecret: Uint8Array,
    authenticatedData: Uint8Array,
    gc: GroupContext,
    secretTree: SecretTree,
    content: FramedContent & { auth: FramedContentAuthData },
    leafIndex: number,
    config: PaddingConfig,
    cs: CiphersuiteImpl,
  ) => Promise<{ privateMessage: PrivateMessage; tree: SecretTree }>;
  unprotectPrivateMessage: (
    senderDataSecret: Uint8Array,
    msg: PrivateMessage,
    secretTree: SecretTree,
    tree: RatchetTree,
    gc: GroupContext,
    config: KeyRetentionConfig,
    cs: CiphersuiteImpl,
    overrideSignatureKey?: Uint8Array,
  ) => Promise<{ content: AuthenticatedContent; tree: SecretTree }>;
}>("./messageProtection.js");
export const protectPrivate = privateProtectionModule.protect;
export const unprotectPrivateMessage = privateProtectionModule.unprotectPrivateMessage;

/**
 * external_senders as RFC 9420's list (src/ts-mls/rfc-codecs): an external
 * proposal carries the sender's index in that list, which proposeExternal
 * numbers otherwise (KNOWN-ISSUES.md#external-sender-index), so it is signed
 * with the sender we choose; receiving one, the library looks the key up in
 * its own model, so the proposal is verified against the list's key
 * (unprotectPublicMessage, above) and then recorded as ts-mls records any.
 */
const externalProtectionModule = await loadInternals<{
  protectExternalProposalPublic: (
    signaturePrivateKey: Uint8Array,
    gc: GroupContext,
    authenticatedData: Uint8Array,
    proposal: Proposal,
    sender: { senderType: number; senderIndex: number },
    cs: CiphersuiteImpl,
  ) => Promise<{ publicMessage: PublicMessage }>;
}>("./messageProtectionPublic.js");
export const protectExternalProposalPublic = externalProtectionModule.protectExternalProposalPublic;

/** secret-tree.json and message-protection.json: the per-sender ratchets and sender-data keys (RFC 9420 §9, §6.3.2). */
const secretTreeModule = await loadInternals<{
  createSecretTree: (leafWidth: number, encryptionSecret: Uint8Array) => SecretTree;
  ratchetToGeneration: (
    tree: SecretTree,
    senderData: { leafIndex: number; generation: number; reuseGuard: Uint8Array },
    contentType: number,
    config: KeyRetentionConfig,
    cs: CiphersuiteImpl,
  ) => Promise<{ key: Uint8Array; nonce: Uint8Array; generation: number }>;
}>("./secretTree.js");
export const createSecretTree = secretTreeModule.createSecretTree;
export const ratchetToGeneration = secretTreeModule.ratchetToGeneration;

const senderModule = await loadInternals<{
  expandSenderDataKey: (
    cs: CiphersuiteImpl,
    senderDataSecret: Uint8Array,
    ciphertext: Uint8Array,
  ) => Promise<Uint8Array>;
  expandSenderDataNonce: (
    cs: CiphersuiteImpl,
    senderDataSecret: Uint8Array,
    ciphertext: Uint8Array,
  ) => Promise<Uint8Array>;
}>("./sender.js");
export const expandSenderDataKey = senderModule.expandSenderDataKey;
export const expandSenderDataNonce = senderModule.expandSenderDataNonce;
