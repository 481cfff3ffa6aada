// ┌──────────────────────────────────────────────────────────────────────────┐
// │ WORKAROUND MODULE: functions ts-mls has but does not export.             │
// │                                                                          │
// │ ts-mls's package.json `exports` only exposes its index, yet the server   │
// │ needs a few of its internal functions (listed below with the reason).    │
// │ They are loaded here, and only here, from the installed package's own    │
// │ files by path, so the rest of the code base imports them from this       │
// │ module and an upgrade of ts-mls has exactly one place to re-check.       │
// │ Nothing is copied or patched: these are the library's own functions.     │
// └──────────────────────────────────────────────────────────────────────────┘
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type {
  CiphersuiteImpl,
  ClientState,
  CreateCommitParams,
  CreateCommitResult,
  Credential,
  Decoder,
  Encoder,
  ExternalSender,
  GroupInfo,
  GroupInfoTBS,
  KeyPackage,
  LeafNode,
  RatchetTree,
  RequiredCapabilities,
  Signature,
} from "ts-mls";

const indexFile = createRequire(import.meta.url).resolve("ts-mls");
const base = pathToFileURL(indexFile);

async function load<T>(file: string): Promise<T> {
  return (await import(new URL(file, base).href)) as T;
}

/** Bare `optional<Node> ratchet_tree<V>` for the ratchet_tree fields of the wire contract. */
const ratchetTreeModule = await load<{
  ratchetTreeEncoder: Encoder<RatchetTree>;
  ratchetTreeDecoder: Decoder<RatchetTree>;
  filteredDirectPathAndCopathResolution: (
    leafIndex: number,
    tree: RatchetTree,
  ) => Array<{ nodeIndex: number; resolution: number[] }>;
}>("./ratchetTree.js");
export const ratchetTreeEncoder = ratchetTreeModule.ratchetTreeEncoder;
export const ratchetTreeDecoder = ratchetTreeModule.ratchetTreeDecoder;
/** Who an UpdatePath is encrypted to, to catch the commits ts-mls encrypts to the wrong keys. */
export const filteredDirectPathAndCopathResolution = ratchetTreeModule.filteredDirectPathAndCopathResolution;

/**
 * The public createCommit cannot resume from another state (resumption PSKs
 * for branch and reinit) while also choosing the ratchet_tree extension and
 * wire format; the public branchGroup/reinitCreateNewGroup cannot choose
 * either. The internal variant takes all of them.
 */
const createCommitModule = await load<{
  createCommitInternal: (
    params: CreateCommitParams & { resumingFromState?: ClientState },
  ) => Promise<CreateCommitResult>;
}>("./createCommit.js");
export const createCommitInternal = createCommitModule.createCommitInternal;

/**
 * Update proposals need a LeafNode with source `update` signed over its
 * group id and leaf index; ts-mls exports no signer for it. Its commit-leaf
 * signer serialises whichever LeafNodeTBS variant it is handed, update included.
 */
const leafNodeModule = await load<{
  signLeafNodeCommit: (
    tbs: LeafNode & { groupId: Uint8Array; leafIndex: number },
    signaturePrivateKey: Uint8Array,
    sig: Signature,
  ) => Promise<LeafNode>;
}>("./leafNode.js");
export const signLeafNodeTbs = leafNodeModule.signLeafNodeCommit;

/**
 * GroupInfo with an RFC-shaped external_pub extension: ts-mls's own
 * createGroupInfoWithExternalPub writes the key without its length prefix
 * (KNOWN-ISSUES.md, external_pub), so we assemble and sign the GroupInfo.
 */
const groupInfoModule = await load<{
  signGroupInfo: (tbs: GroupInfoTBS, privateKey: Uint8Array, s: Signature) => Promise<GroupInfo>;
  groupInfoTBSEncoder: Encoder<GroupInfoTBS>;
}>("./groupInfo.js");
export const signGroupInfo = groupInfoModule.signGroupInfo;

/** TLS codecs of small structures the wire contract carries bare. */
const codecModule = await load<{
  varLenDataEncoder: Encoder<Uint8Array>;
  varLenDataDecoder: Decoder<Uint8Array>;
  varLenTypeEncoder: <T>(enc: Encoder<T>) => Encoder<T[]>;
  varLenTypeDecoder: <T>(dec: Decoder<T>) => Decoder<T[]>;
}>("./codec/variableLength.js");
export const varLenDataEncoder = codecModule.varLenDataEncoder;
export const varLenDataDecoder = codecModule.varLenDataDecoder;
export const varLenTypeEncoder = codecModule.varLenTypeEncoder;
export const varLenTypeDecoder = codecModule.varLenTypeDecoder;

const externalSenderModule = await load<{
  externalSenderEncoder: Encoder<ExternalSender>;
  externalSenderDecoder: Decoder<ExternalSender>;
}>("./externalSender.js");
export const externalSenderEncoder = externalSenderModule.externalSenderEncoder;
export const externalSenderDecoder = externalSenderModule.externalSenderDecoder;

const requiredCapabilitiesModule = await load<{
  requiredCapabilitiesEncoder: Encoder<RequiredCapabilities>;
  requiredCapabilitiesDecoder: Decoder<RequiredCapabilities>;
}>("./requiredCapabilities.js");
export const requiredCapabilitiesDecoder = requiredCapabilitiesModule.requiredCapabilitiesDecoder;
export const requiredCapabilitiesEncoder = requiredCapabilitiesModule.requiredCapabilitiesEncoder;

/** AddProposal checks a KeyPackage's signature when it is handed in, not only when a commit applies it. */
const keyPackageModule = await load<{
  verifyKeyPackage: (kp: KeyPackage, s: Signature) => Promise<boolean>;
}>("./keyPackage.js");
export const verifyKeyPackage = keyPackageModule.verifyKeyPackage;

const credentialModule = await load<{ credentialEncoder: Encoder<Credential> }>("./credential.js");
export const credentialEncoder = credentialModule.credentialEncoder;

/**
 * external_senders as RFC 9420's list (src/protocol/rfc-codecs): an external
 * proposal carries the sender's index in that list, which proposeExternal
 * numbers otherwise (KNOWN-ISSUES.md#external-sender-index), so it is signed
 * with the sender we choose; receiving one, the library looks the key up in
 * its own model, so the proposal is verified against the list's key
 * (unprotectPublicMessage, below) and then recorded as ts-mls records any.
 */
const externalProtectionModule = await load<{
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

/**
 * Naming the extension of a proposal that does not decode
 * (KNOWN-ISSUES.md#proposal-decode-fallback): the group context extension
 * decoder the library runs (in rfc mode, src/protocol/rfc-codecs's), and the
 * one that keeps any extension as type and bytes.
 */
const extensionModule = await load<{
  groupContextExtensionDecoder: Decoder<unknown>;
  customExtensionDecoder: Decoder<{ extensionType: number; extensionData: Uint8Array }>;
  extensionEncoder: Encoder<GroupContextExtension>;
  extensionsSupportedByCapabilities: (
    extensions: GroupContextExtension[],
    capabilities: LeafNode["capabilities"],
  ) => boolean;
}>("./extension.js");
export const groupContextExtensionDecoder = extensionModule.groupContextExtensionDecoder;
export const customExtensionDecoder = extensionModule.customExtensionDecoder;
/** One extension's wire form, through whichever extension codec the process runs (src/protocol/rfc-codecs). */
export const extensionEncoder = extensionModule.extensionEncoder;
export const extensionsSupportedByCapabilities = extensionModule.extensionsSupportedByCapabilities;

export type { CiphersuiteImpl };

// ════════════════════════════════════════════════════════════════════════════
// TEST-VECTOR CHECKS (mls-interop vectors, issue 7)
//
// The working group's static vectors test MLS building blocks one by one (tree
// math, labeled crypto, secret tree, key schedule, transcript hashes, TreeKEM,
// codecs); ts-mls runs them only inside whole-protocol operations its index
// exports. The functions below are those building blocks, loaded the same way
// as above and used by the vector adapters in src/vectors/adapters/; the
// protocol constructions (below) and the RFC external_senders code use some too.
// ════════════════════════════════════════════════════════════════════════════
import type {
  Commit,
  FramedContent,
  FramedContentAuthData,
  GroupContext,
  KeyRetentionConfig,
  KeySchedule,
  PaddingConfig,
  PrivateKey,
  PrivateKeyPath,
  PrivateMessage,
  Proposal,
  PskId,
  PublicKey,
  PublicMessage,
  SecretTree,
  UpdatePath,
  Welcome,
} from "ts-mls";

/** ts-mls's AuthenticatedContent, which its index does not export. */
export interface AuthenticatedContent {
  wireformat: number;
  content: FramedContent;
  auth: FramedContentAuthData;
}

/** ts-mls's GroupSecrets, which its index does not export. */
export interface GroupSecrets {
  joinerSecret: Uint8Array;
  pathSecret: Uint8Array | undefined;
  psks: PskId[];
}

/** tree-math.json: the array-representation tree arithmetic of RFC 9420 appendix C. */
const treeMathModule = await load<{
  nodeWidth: (leafWidth: number) => number;
  root: (leafWidth: number) => number;
  left: (node: number) => number;
  right: (node: number) => number;
  parent: (node: number, leafWidth: number) => number;
  sibling: (node: number, leafWidth: number) => number;
}>("./treemath.js");
export const treeMath = treeMathModule;

/** crypto-basics.json: the labeled KDF, hash, signature and HPKE functions of RFC 9420 §5. */
const kdfModule = await load<{
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

const hashModule = await load<{
  refhash: (label: string, value: Uint8Array, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
}>("./crypto/hash.js");
export const refHash = hashModule.refhash;

const signatureModule = await load<{
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

const hpkeModule = await load<{
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

/** secret-tree.json and message-protection.json: the per-sender ratchets and sender-data keys (RFC 9420 §9, §6.3.2). */
const secretTreeModule = await load<{
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

const senderModule = await load<{
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

/** key-schedule.json and psk_secret.json: one epoch of the key schedule from given inputs (RFC 9420 §8). */
const keyScheduleModule = await load<{
  initializeEpoch: (
    initSecret: Uint8Array,
    commitSecret: Uint8Array,
    groupContext: GroupContext,
    pskSecret: Uint8Array,
    kdf: CiphersuiteImpl["kdf"],
  ) => Promise<{
    keySchedule: KeySchedule;
    joinerSecret: Uint8Array;
    welcomeSecret: Uint8Array;
    encryptionSecret: Uint8Array;
  }>;
}>("./keySchedule.js");
export const initializeEpoch = keyScheduleModule.initializeEpoch;

const groupContextModule = await load<{ groupContextEncoder: Encoder<GroupContext> }>("./groupContext.js");
export const groupContextEncoder = groupContextModule.groupContextEncoder;

const pskModule = await load<{
  computePskSecret: (psks: Array<[PskId, Uint8Array]>, cs: CiphersuiteImpl) => Promise<Uint8Array>;
}>("./presharedkey.js");
export const computePskSecret = pskModule.computePskSecret;

/** transcript-hashes.json: the transcript hash chain and confirmation tag (RFC 9420 §8.2). */
const transcriptModule = await load<{
  createConfirmedHash: (
    interim: Uint8Array,
    input: { wireformat: number; content: FramedContent; signature: Uint8Array },
    h: CiphersuiteImpl["hash"],
  ) => Promise<Uint8Array>;
  createInterimHash: (
    confirmed: Uint8Array,
    confirmationTag: Uint8Array,
    h: CiphersuiteImpl["hash"],
  ) => Promise<Uint8Array>;
}>("./transcriptHash.js");
export const createConfirmedHash = transcriptModule.createConfirmedHash;
export const createInterimHash = transcriptModule.createInterimHash;

const authenticatedContentModule = await load<{
  authenticatedContentDecoder: Decoder<AuthenticatedContent>;
}>("./authenticatedContent.js");
export const authenticatedContentDecoder = authenticatedContentModule.authenticatedContentDecoder;

const framedContentModule = await load<{
  verifyConfirmationTag: (
    key: Uint8Array,
    tag: Uint8Array,
    confirmed: Uint8Array,
    h: CiphersuiteImpl["hash"],
  ) => Promise<boolean>;
}>("./framedContent.js");
export const verifyConfirmationTag = framedContentModule.verifyConfirmationTag;

/** welcome.json: the Welcome's two decryption layers and the GroupInfo checks, one at a time (RFC 9420 §12.4.3.1). */
const welcomeModule = await load<{
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

const groupInfoChecksModule = await load<{
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

/** tree-validation.json and tree-operations.json: tree hashes, resolutions, parent hashes and tree edits (RFC 9420 §4, §7). */
const treeHashModule = await load<{
  treeHash: (tree: RatchetTree, node: number, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
  treeHashRoot: (tree: RatchetTree, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
}>("./treeHash.js");
export const treeHash = treeHashModule.treeHash;
export const treeHashRoot = treeHashModule.treeHashRoot;

const ratchetTreeEditModule = await load<{
  resolution: (tree: RatchetTree, node: number) => number[];
  addLeafNodeMutable: (tree: RatchetTree, leaf: LeafNode) => number;
  updateLeafNodeMutable: (tree: RatchetTree, leaf: LeafNode, leafIndex: number) => void;
  removeLeafNodeMutable: (tree: RatchetTree, leafIndex: number) => void;
}>("./ratchetTree.js");
export const resolution = ratchetTreeEditModule.resolution;
export const addLeafNodeMutable = ratchetTreeEditModule.addLeafNodeMutable;
export const updateLeafNodeMutable = ratchetTreeEditModule.updateLeafNodeMutable;
export const removeLeafNodeMutable = ratchetTreeEditModule.removeLeafNodeMutable;

const parentHashModule = await load<{
  verifyParentHashes: (tree: RatchetTree, h: CiphersuiteImpl["hash"]) => Promise<boolean>;
}>("./parentHash.js");
export const verifyParentHashes = parentHashModule.verifyParentHashes;

const leafSignatureModule = await load<{
  verifyLeafNodeSignature: (leaf: LeafNode, groupId: Uint8Array, leafIndex: number, s: Signature) => Promise<boolean>;
  verifyLeafNodeSignatureKeyPackage: (leaf: LeafNode, s: Signature) => Promise<boolean>;
}>("./leafNode.js");
export const verifyLeafNodeSignature = leafSignatureModule.verifyLeafNodeSignature;
export const verifyLeafNodeSignatureKeyPackage = leafSignatureModule.verifyLeafNodeSignatureKeyPackage;

/** treekem.json: applying and decrypting an UpdatePath, and creating one, outside a commit (RFC 9420 §7.4-7.6). */
const updatePathModule = await load<{
  updatePathDecoder: Decoder<UpdatePath>;
  updatePathEncoder: Encoder<UpdatePath>;
  applyUpdatePath: (
    tree: RatchetTree,
    sender: number,
    path: UpdatePath,
    h: CiphersuiteImpl["hash"],
    isExternal?: boolean,
  ) => Promise<void>;
  createUpdatePath: (
    originalTree: RatchetTree,
    mutableTree: RatchetTree,
    sender: number,
    gc: GroupContext,
    signaturePrivateKey: Uint8Array,
    cs: CiphersuiteImpl,
  ) => Promise<
    [RatchetTree, UpdatePath, Array<{ nodeIndex: number; secret: Uint8Array; sendTo: number[] }>, PrivateKey]
  >;
}>("./updatePath.js");
export const updatePathDecoder = updatePathModule.updatePathDecoder;
export const updatePathEncoder = updatePathModule.updatePathEncoder;
export const applyUpdatePath = updatePathModule.applyUpdatePath;
export const createUpdatePath = updatePathModule.createUpdatePath;

const updatePathSecretModule = await load<{
  applyUpdatePathSecret: (
    tree: RatchetTree,
    privatePath: PrivateKeyPath,
    sender: number,
    gc: GroupContext,
    path: UpdatePath,
    excludeNodes: number[],
    cs: CiphersuiteImpl,
  ) => Promise<{ nodeIndex: number; pathSecret: Uint8Array }>;
}>("./createCommit.js");
export const applyUpdatePathSecret = updatePathSecretModule.applyUpdatePathSecret;

const pathSecretsModule = await load<{
  pathToRoot: (
    tree: RatchetTree,
    node: number,
    pathSecret: Uint8Array,
    kdf: CiphersuiteImpl["kdf"],
  ) => Promise<Record<number, Uint8Array>>;
}>("./pathSecrets.js");
export const pathToRoot = pathSecretsModule.pathToRoot;

const privateKeyPathModule = await load<{
  toPrivateKeyPath: (
    pathSecrets: Record<number, Uint8Array>,
    leafIndex: number,
    cs: CiphersuiteImpl,
  ) => Promise<PrivateKeyPath>;
}>("./privateKeyPath.js");
export const toPrivateKeyPath = privateKeyPathModule.toPrivateKeyPath;

/** messages.json and tree-operations.json: codecs of structures MLSMessage does not wrap (RFC 9420 §12.1, §12.4, §7.8). */
const proposalCodecModule = await load<{
  proposalDecoder: Decoder<Proposal>;
  proposalEncoder: Encoder<Proposal>;
  addEncoder: Encoder<unknown>;
  addDecoder: Decoder<unknown>;
  updateEncoder: Encoder<unknown>;
  updateDecoder: Decoder<unknown>;
  removeEncoder: Encoder<unknown>;
  removeDecoder: Decoder<unknown>;
  pskEncoder: Encoder<unknown>;
  pskDecoder: Decoder<unknown>;
  reinitEncoder: Encoder<unknown>;
  reinitDecoder: Decoder<unknown>;
  externalInitEncoder: Encoder<unknown>;
  externalInitDecoder: Decoder<unknown>;
  groupContextExtensionsEncoder: Encoder<unknown>;
  groupContextExtensionsDecoder: Decoder<unknown>;
}>("./proposal.js");
export const proposalCodecs = proposalCodecModule;

const commitCodecModule = await load<{ commitEncoder: Encoder<Commit>; commitDecoder: Decoder<Commit> }>("./commit.js");
export const commitEncoder = commitCodecModule.commitEncoder;
export const commitDecoder = commitCodecModule.commitDecoder;

const groupSecretsCodecModule = await load<{
  groupSecretsEncoder: Encoder<GroupSecrets>;
  groupSecretsDecoder: Decoder<GroupSecrets>;
}>("./groupSecrets.js");
export const groupSecretsEncoder = groupSecretsCodecModule.groupSecretsEncoder;
export const groupSecretsDecoder = groupSecretsCodecModule.groupSecretsDecoder;

/** deserialization.json: the variable-length integer header of RFC 9000 §16 as RFC 9420 §2.1.2 uses it. */
const lengthModule = await load<{
  determineLength: (data: Uint8Array, offset?: number) => { length: number; lengthFieldSize: number };
}>("./codec/variableLength.js");
export const determineLength = lengthModule.determineLength;

/** message-protection.json: protecting and unprotecting content with given keys, outside a group state (RFC 9420 §6). */
const publicProtectionModule = await load<{
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

const privateProtectionModule = await load<{
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

// ════════════════════════════════════════════════════════════════════════════
// PROTOCOL CONSTRUCTIONS (src/protocol/, issue 11)
//
// Where ts-mls 2.0.0-rc.10 departs from RFC 9420 inside a whole operation
// (createCommit, processMessage, joinGroupExternal), the server builds that
// operation itself from the library's own steps, loaded here: proposal
// application and validation, the key schedule, transcript hashes, message
// protection, Welcome encryption. Each construction in src/protocol/ says which
// step it does differently and why (KNOWN-ISSUES.md).
// ════════════════════════════════════════════════════════════════════════════
import type {
  AuthenticationService,
  ClientConfig,
  FramedContentCommitData,
  LeafNodeCommit,
  LeafNodeUpdate,
  MlsError,
  ProposalOrRef,
  ProposalWithSender,
  Reinit,
  Sender,
  WireformatName,
} from "ts-mls";

/** ts-mls's PskIndex: where a PSK proposal's secret is looked up. */
export interface PskIndex {
  findPsk(id: PskId): Uint8Array | undefined;
}

/** What applying a commit's proposals to a copy of the tree yields (ts-mls's ApplyProposalsResult). */
export interface AppliedProposals {
  pskSecret: Uint8Array;
  pskIds: PskId[];
  /** ts-mls's own rule for a path (KNOWN-ISSUES.md#path-required-rule). */
  needsUpdatePath: boolean;
  additionalResult:
    | { kind: "memberCommit"; addedLeafNodes: Array<[number, KeyPackage]>; extensions: GroupContextExtension[] }
    | { kind: "externalCommit"; externalInitSecret: Uint8Array; newMemberLeafIndex: number }
    | { kind: "reinit"; reinit: Reinit };
  selfRemoved: boolean;
  allProposals: ProposalWithSender[];
}

import type { GroupContextExtension } from "ts-mls";

const clientStateModule = await load<{
  applyProposals: (
    state: ClientState,
    mutableTree: RatchetTree,
    proposals: ProposalOrRef[],
    committerLeafIndex: number | undefined,
    pskSearch: PskIndex,
    sentByClient: boolean,
    clientConfig: ClientConfig,
    authService: AuthenticationService,
    cs: CiphersuiteImpl,
  ) => Promise<AppliedProposals>;
  makePskIndex: (state: ClientState | undefined, externalPsks: Record<string, Uint8Array>) => PskIndex;
  nextEpochContext: (
    groupContext: GroupContext,
    wireformat: WireformatName,
    content: FramedContent & FramedContentCommitData,
    signature: Uint8Array,
    updatedTreeHash: Uint8Array,
    confirmationTag: Uint8Array,
    h: CiphersuiteImpl["hash"],
  ) => Promise<GroupContext>;
  addHistoricalReceiverData: (
    state: ClientState,
    config: ClientConfig,
  ) => [ClientState["historicalReceiverData"], Uint8Array[]];
  checkCanSendHandshakeMessages: (state: ClientState) => void;
  validateRatchetTree: (
    tree: RatchetTree,
    groupContext: GroupContext,
    config: ClientConfig["lifetimeConfig"],
    authService: AuthenticationService,
    treeHash: Uint8Array,
    cs: CiphersuiteImpl,
  ) => Promise<MlsError | undefined>;
  validateLeafNodeUpdateOrCommit: (
    leafNode: LeafNodeCommit | LeafNodeUpdate,
    leafIndex: number,
    groupContext: GroupContext,
    authService: AuthenticationService,
    s: Signature,
  ) => Promise<MlsError | undefined>;
  validateLeafNodeCredentialAndKeyUniqueness: (
    tree: RatchetTree,
    leafNode: LeafNode,
    existingLeafIndex?: number,
  ) => Promise<MlsError | undefined>;
  throwIfDefined: (err: MlsError | undefined) => void;
  processProposal: (
    state: ClientState,
    content: AuthenticatedContent,
    proposal: Proposal,
    h: CiphersuiteImpl["hash"],
  ) => Promise<ClientState>;
  exportSecret: (publicKey: Uint8Array, cs: CiphersuiteImpl) => Promise<{ enc: Uint8Array; secret: Uint8Array }>;
}>("./clientState.js");
export const applyProposals = clientStateModule.applyProposals;
export const makePskIndex = clientStateModule.makePskIndex;
export const nextEpochContext = clientStateModule.nextEpochContext;
export const addHistoricalReceiverData = clientStateModule.addHistoricalReceiverData;
export const checkCanSendHandshakeMessages = clientStateModule.checkCanSendHandshakeMessages;
export const validateRatchetTree = clientStateModule.validateRatchetTree;
export const validateLeafNodeUpdateOrCommit = clientStateModule.validateLeafNodeUpdateOrCommit;
export const validateLeafNodeCredentialAndKeyUniqueness = clientStateModule.validateLeafNodeCredentialAndKeyUniqueness;
export const throwIfDefined = clientStateModule.throwIfDefined;
export const processProposal = clientStateModule.processProposal;
/** HPKE export of the external init secret to a GroupInfo's external_pub key (RFC 9420 §8.3). */
export const exportExternalInitSecret = clientStateModule.exportSecret;

const commitFramingModule = await load<{
  createContentCommitSignature: (
    groupContext: GroupContext,
    wireformat: WireformatName,
    commit: Commit,
    sender: Sender,
    authenticatedData: Uint8Array,
    signKey: Uint8Array,
    s: Signature,
  ) => Promise<{ framedContent: FramedContent & FramedContentCommitData; signature: Uint8Array }>;
  createConfirmationTag: (key: Uint8Array, confirmed: Uint8Array, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
}>("./framedContent.js");
export const createContentCommitSignature = commitFramingModule.createContentCommitSignature;
export const createConfirmationTag = commitFramingModule.createConfirmationTag;

const privateKeyPathEditModule = await load<{
  mergePrivateKeyPaths: (a: PrivateKeyPath, b: PrivateKeyPath) => PrivateKeyPath;
  updateLeafKey: (path: PrivateKeyPath, newKey: Uint8Array) => PrivateKeyPath;
}>("./privateKeyPath.js");
export const mergePrivateKeyPaths = privateKeyPathEditModule.mergePrivateKeyPaths;
export const updateLeafKey = privateKeyPathEditModule.updateLeafKey;

/** A path secret of an UpdatePath in the making: its node and who it is encrypted to. */
export interface PathSecret {
  nodeIndex: number;
  secret: Uint8Array;
  sendTo: number[];
}

const pathSecretListModule = await load<{
  pathToPathSecrets: (secrets: PathSecret[]) => Record<number, Uint8Array>;
}>("./pathSecrets.js");
export const pathToPathSecrets = pathSecretListModule.pathToPathSecrets;

const welcomeCryptoModule = await load<{
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

const keyPackageRefModule = await load<{
  makeKeyPackageRef: (kp: KeyPackage, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
}>("./keyPackage.js");
export const makeKeyPackageRef = keyPackageRefModule.makeKeyPackageRef;

const ancestorModule = await load<{
  firstCommonAncestor: (tree: RatchetTree, leafIndex: number, senderLeafIndex: number) => number;
}>("./updatePath.js");
export const firstCommonAncestor = ancestorModule.firstCommonAncestor;

const pskAccumulatorModule = await load<{
  accumulatePskSecret: (
    ids: PskId[],
    index: PskIndex,
    cs: CiphersuiteImpl,
    zeroes: Uint8Array,
  ) => Promise<[Uint8Array, PskId[]]>;
}>("./pskIndex.js");
/** The PSK secret of a list of PSK ids, each looked up in the index (RFC 9420 §8.4). */
export const accumulatePskSecret = pskAccumulatorModule.accumulatePskSecret;

const joinKeyScheduleModule = await load<{
  deriveKeySchedule: (
    joinerSecret: Uint8Array,
    pskSecret: Uint8Array,
    groupContext: GroupContext,
    kdf: CiphersuiteImpl["kdf"],
  ) => Promise<[KeySchedule, Uint8Array]>;
}>("./keySchedule.js");
/** A joiner's epoch: key schedule and encryption secret from joiner secret and PSK secret. */
export const deriveKeySchedule = joinKeyScheduleModule.deriveKeySchedule;

const leafLookupModule = await load<{
  findLeafIndex: (tree: RatchetTree, leaf: LeafNode) => number | undefined;
}>("./ratchetTree.js");
export const findLeafIndex = leafLookupModule.findLeafIndex;
