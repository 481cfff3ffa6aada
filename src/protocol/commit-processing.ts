// Handshake messages from others (RFC 9420 §12.4.2), processed with ts-mls's
// own steps. It differs from the release's processMessage where the release
// departs from the RFC:
// - a commit that lacks a path the RFC requires is rejected, not followed
//   (KNOWN-ISSUES.md#path-required-rule);
// - a GroupContextExtensions proposal's list replaces the extensions even
//   when it is empty (#gce-cannot-clear);
// - the member's own Update, when the commit applies it, makes its fresh leaf
//   key the one the path secret is decrypted with (#no-update-proposal-api);
// - external PSKs are found for PrivateMessages too
//   (#process-message-drops-psks);
// - an external sender's proposal is verified with the key at its index in
//   the external_senders list, however ts-mls models that extension.
// Unprotecting, proposal validation and application, path decryption, the key
// schedule and the confirmation tag are the library's.
import {
  contentTypes,
  defaultExtensionTypes,
  defaultProposalTypes,
  senderTypes,
  wireformats,
  type ClientState,
  type ExternalSender,
  type FramedContentAuthDataCommit,
  type FramedContentCommitData,
  type FramedContent,
  type GroupContext,
  type MlsFramedMessage,
  type ProposalWithSender,
  type RatchetTree,
} from "ts-mls";
import { failedPrecondition, invalidArgument } from "../errors.js";
import type { ProtocolContext } from "./context.js";
import { activeStateAfter, addedMembers, extensionsAfter } from "./commit-builder.js";
import { pathRequirement } from "./path-rule.js";
import { addHistoricalReceiverData, applyProposals, processProposal } from "../ts-mls/commit-internals.js";
import {
  createSecretTree,
  unprotectPrivateMessage,
  unprotectPublicMessage,
  type AuthenticatedContent,
} from "../ts-mls/message-internals.js";
import {
  initializeEpoch,
  makePskIndex,
  nextEpochContext,
  verifyConfirmationTag,
} from "../ts-mls/key-schedule-internals.js";
import { deriveSecret } from "../ts-mls/labeled-crypto-internals.js";
import {
  applyUpdatePath,
  applyUpdatePathSecret,
  mergePrivateKeyPaths,
  pathToRoot,
  toPrivateKeyPath,
  updateLeafKey,
} from "../ts-mls/path-internals.js";
import {
  addLeafNodeMutable,
  throwIfDefined,
  treeHashRoot,
  treeMath,
  validateLeafNodeCredentialAndKeyUniqueness,
  validateLeafNodeUpdateOrCommit,
} from "../ts-mls/tree-internals.js";

/** A fresh leaf key of one of this member's Update proposals, used once a commit applies that Update. */
export interface OwnUpdate {
  hpkePublicKey: Uint8Array;
  hpkePrivateKey: Uint8Array;
}

export type Processed = { kind: "proposal"; state: ClientState } | { kind: "commit"; state: ClientState };

/**
 * A PublicMessage or PrivateMessage carrying a proposal or a commit, for the
 * member's current epoch (the caller has checked group and epoch).
 */
export async function processHandshakeMessage(
  context: ProtocolContext,
  state: ClientState,
  message: MlsFramedMessage,
  ownUpdates: readonly OwnUpdate[],
): Promise<Processed> {
  const cs = context.cipherSuite;
  let content: AuthenticatedContent;
  let current = state;
  if (message.wireformat === wireformats.mls_public_message) {
    content = await unprotectPublicMessage(
      state.keySchedule.membershipKey,
      state.groupContext,
      state.ratchetTree,
      message.publicMessage,
      cs,
      externalSenderKey(state.groupContext, message.publicMessage.content),
    );
  } else {
    const unprotected = await unprotectPrivateMessage(
      state.keySchedule.senderDataSecret,
      message.privateMessage,
      state.secretTree,
      state.ratchetTree,
      state.groupContext,
      context.clientConfig.keyRetentionConfig,
      cs,
    );
    content = unprotected.content;
    current = { ...state, secretTree: unprotected.tree };
  }
  const framed = content.content;
  if (framed.contentType === contentTypes.proposal) {
    if (framed.sender.senderType === senderTypes.external && !fromExternalSenders.has(framed.proposal.proposalType))
      throw invalidArgument(`a proposal of type ${framed.proposal.proposalType} cannot come from an external sender`);
    return { kind: "proposal", state: await processProposal(current, content, framed.proposal, cs.hash) };
  }
  if (framed.contentType !== contentTypes.commit)
    throw invalidArgument("the message carries application data, not a proposal or commit");
  if (content.auth.contentType !== contentTypes.commit)
    throw invalidArgument("the commit's authentication data is not a commit's");
  const wireformat =
    message.wireformat === wireformats.mls_public_message ? "mls_public_message" : "mls_private_message";
  return {
    kind: "commit",
    state: await processCommit(context, current, { ...framed, wireformat }, content.auth, ownUpdates),
  };
}

/** The proposal types RFC 9420 §17.4 allows from an external sender (its "External" column). */
const fromExternalSenders = new Set<number>([
  defaultProposalTypes.add,
  defaultProposalTypes.remove,
  defaultProposalTypes.psk,
  defaultProposalTypes.reinit,
  defaultProposalTypes.group_context_extensions,
]);

/**
 * RFC 9420 §6.1: an external sender's index counts the senders of the
 * external_senders list. ts-mls as released keeps one sender per extension
 * and the RFC codec one list per extension; flattening reads either.
 */
function externalSenderKey(context: GroupContext, content: FramedContent): Uint8Array | undefined {
  if (content.sender.senderType !== senderTypes.external) return undefined;
  const senders = context.extensions
    .filter((e) => e.extensionType === defaultExtensionTypes.external_senders)
    .flatMap((e) => e.extensionData as ExternalSender | ExternalSender[]);
  const sender = senders[content.sender.senderIndex];
  if (sender === undefined)
    throw invalidArgument(
      `sender_index ${content.sender.senderIndex} names no external sender: the group lists ${senders.length}`,
    );
  return sender.signaturePublicKey;
}

type CommitContent = FramedContent &
  FramedContentCommitData & { wireformat: "mls_public_message" | "mls_private_message" };

async function processCommit(
  context: ProtocolContext,
  state: ClientState,
  content: CommitContent,
  auth: FramedContentAuthDataCommit,
  ownUpdates: readonly OwnUpdate[],
): Promise<ClientState> {
  const cs = context.cipherSuite;
  const config = context.clientConfig;
  const own = state.privatePath.leafIndex;
  const sender = content.sender;
  if (sender.senderType !== senderTypes.member && sender.senderType !== senderTypes.new_member_commit)
    throw invalidArgument("a commit must come from a member or an external joiner");
  const external = sender.senderType === senderTypes.new_member_commit;
  const path = content.commit.path;

  const tree = state.ratchetTree.slice();
  const applied = await applyProposals(
    state,
    tree,
    content.commit.proposals,
    external ? undefined : sender.leafIndex,
    makePskIndex(state, context.externalPsks ?? {}),
    false,
    config,
    context.authService,
    cs,
  );
  const covered = applied.allProposals.map((p) => p.proposal);
  const requirement = pathRequirement(covered);
  if (requirement !== undefined && path === undefined)
    throw invalidArgument(`RFC 9420 §12.4: ${requirement} must carry an UpdatePath, and this commit has none`);
  if (external !== (applied.additionalResult.kind === "externalCommit"))
    throw invalidArgument(
      external
        ? "an external commit must cover an ExternalInit proposal"
        : "only an external joiner may commit an ExternalInit",
    );

  let privatePath = withAppliedOwnUpdate(state, applied.allProposals, ownUpdates);
  const extensions = extensionsAfter(state, covered);
  let commitSecret: Uint8Array = new Uint8Array(cs.kdf.size);
  // The tree is final once the path is applied: hashed once, for the provisional context and the next epoch's.
  let treeHash: Uint8Array | undefined;
  if (path !== undefined) {
    const committer =
      sender.senderType === senderTypes.member
        ? sender.leafIndex
        : applied.additionalResult.kind === "externalCommit"
          ? applied.additionalResult.newMemberLeafIndex
          : -1;
    throwIfDefined(
      await validateLeafNodeUpdateOrCommit(
        path.leafNode,
        committer,
        state.groupContext,
        context.authService,
        cs.signature,
      ),
    );
    throwIfDefined(await validateLeafNodeCredentialAndKeyUniqueness(tree, path.leafNode, committer));
    if (applied.selfRemoved)
      throw failedPrecondition("the commit removes this member, which cannot follow it into the next epoch");
    if (external) addLeafNodeMutable(tree, path.leafNode);
    await applyUpdatePath(tree, committer, path, cs.hash, external);
    treeHash = await treeHashRoot(tree, cs.hash);
    const provisional = { ...state.groupContext, extensions, treeHash };
    provisional.epoch = state.groupContext.epoch + 1n;
    const newLeafNodes = addedMembers(applied).map(([leaf]) => leaf * 2);
    const decrypted = await applyUpdatePathSecret(tree, privatePath, committer, provisional, path, newLeafNodes, cs);
    const secrets = await pathToRoot(tree, decrypted.nodeIndex, decrypted.pathSecret, cs.kdf);
    privatePath = mergePrivateKeyPaths(privatePath, await toPrivateKeyPath(secrets, own, cs));
    const rootSecret = secrets[treeMath.root((tree.length + 1) / 2)];
    if (rootSecret === undefined) throw invalidArgument("the UpdatePath does not reach the root of the tree");
    commitSecret = await deriveSecret(rootSecret, "path", cs.kdf);
  }

  const groupContext = await nextEpochContext(
    { ...state.groupContext, extensions },
    content.wireformat,
    content,
    auth.signature,
    treeHash ?? (await treeHashRoot(tree, cs.hash)),
    state.confirmationTag,
    cs.hash,
  );
  const initSecret =
    applied.additionalResult.kind === "externalCommit"
      ? applied.additionalResult.externalInitSecret
      : state.keySchedule.initSecret;
  const epoch = await initializeEpoch(initSecret, commitSecret, groupContext, applied.pskSecret, cs.kdf);
  if (
    !(await verifyConfirmationTag(
      epoch.keySchedule.confirmationKey,
      auth.confirmationTag,
      groupContext.confirmedTranscriptHash,
      cs.hash,
    ))
  )
    throw invalidArgument("the commit's confirmation tag does not verify");

  const [historicalReceiverData] = addHistoricalReceiverData(state, config);
  return {
    ...state,
    groupContext,
    ratchetTree: tree as RatchetTree,
    secretTree: createSecretTree((tree.length + 1) / 2, epoch.encryptionSecret),
    keySchedule: epoch.keySchedule,
    privatePath,
    confirmationTag: auth.confirmationTag,
    historicalReceiverData,
    unappliedProposals: {},
    groupActiveState: activeStateAfter(applied),
  };
}

/**
 * RFC 9420 §12.1.2: once a commit applies this member's Update, the Update's
 * leaf key is the member's, and the path secret is encrypted to it.
 */
function withAppliedOwnUpdate(
  state: ClientState,
  covered: readonly ProposalWithSender[],
  ownUpdates: readonly OwnUpdate[],
): ClientState["privatePath"] {
  const own = state.privatePath.leafIndex;
  for (const { proposal, senderLeafIndex } of covered) {
    if (senderLeafIndex !== own || !("update" in proposal)) continue;
    const key = proposal.update.leafNode.hpkePublicKey;
    const mine = ownUpdates.find((u) => Buffer.compare(u.hpkePublicKey, key) === 0);
    if (mine !== undefined) return updateLeafKey(state.privatePath, mine.hpkePrivateKey);
  }
  return state.privatePath;
}
