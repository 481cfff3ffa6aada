// A member's commit (RFC 9420 §12.4), built from ts-mls's own steps. It
// differs from the release's createCommit where the release departs from the
// RFC:
// - an UpdatePath whenever the commit must have one (path-rule.ts), whenever
//   the caller asks (force_path), and otherwise where ts-mls would add one
//   (KNOWN-ISSUES.md#force-path, #path-required-rule);
// - the path encrypted as update-path.ts says (#gce-path-context,
//   #path-to-new-members, #update-path-to-old-keys);
// - a GroupContextExtensions proposal's list replaces the extensions even
//   when it is empty (#gce-cannot-clear);
// - resumption PSKs looked up in the group being resumed, which createCommit
//   never does (#commit-resumption-psk).
// Everything else (proposal validation and application, PSK secret, framing,
// transcript, key schedule, Welcome) is the library's.
import {
  base64ToBytes,
  contentTypes,
  defaultExtensionTypes,
  defaultProposalTypes,
  encode,
  proposalOrRefTypes,
  protocolVersions,
  senderTypes,
  wireformats,
  type ClientState,
  type GroupContextExtension,
  type GroupInfoExtension,
  type KeyPackage,
  type MlsMessage,
  type Proposal,
  type ProposalOrRef,
  type RatchetTree,
  type Welcome,
} from "ts-mls";
import { invalidArgument } from "../errors.js";
import type { CommitPlan as LibraryCommitPlan } from "../ts-mls/commit-plan.js";
import type { ProtocolContext } from "./context.js";
import { pathRequirement } from "./path-rule.js";
import { createPath } from "./update-path.js";
import {
  addHistoricalReceiverData,
  applyProposals,
  checkCanSendHandshakeMessages,
  createContentCommitSignature,
  type AppliedProposals,
} from "../ts-mls/commit-internals.js";
import { createSecretTree, protectPrivate, protectPublicMessage } from "../ts-mls/message-internals.js";
import {
  createConfirmationTag,
  initializeEpoch,
  makePskIndex,
  nextEpochContext,
} from "../ts-mls/key-schedule-internals.js";
import { deriveSecret } from "../ts-mls/labeled-crypto-internals.js";
import {
  firstCommonAncestor,
  mergePrivateKeyPaths,
  pathToPathSecrets,
  toPrivateKeyPath,
  updateLeafKey,
  type PathSecret,
} from "../ts-mls/path-internals.js";
import { ratchetTreeEncoder, treeHashRoot } from "../ts-mls/tree-internals.js";
import {
  encryptGroupInfo,
  encryptGroupSecrets,
  makeKeyPackageRef,
  signGroupInfo,
} from "../ts-mls/welcome-internals.js";

export type CommitPlan = LibraryCommitPlan<ProtocolContext>;

export interface BuiltCommit {
  commit: MlsMessage;
  welcome: MlsMessage | undefined;
  /** The committer's state once the commit is applied. */
  newState: ClientState;
  hasPath: boolean;
}

export async function buildCommit(plan: CommitPlan): Promise<BuiltCommit> {
  const { state, context } = plan;
  const cs = context.cipherSuite;
  const config = context.clientConfig;
  const own = state.privatePath.leafIndex;
  checkCanSendHandshakeMessages(state);

  const proposals: ProposalOrRef[] = [
    ...Object.keys(state.unappliedProposals).map((ref): ProposalOrRef => ({
      proposalOrRefType: proposalOrRefTypes.reference,
      reference: base64ToBytes(ref),
    })),
    ...plan.proposals.map((proposal): ProposalOrRef => ({ proposalOrRefType: proposalOrRefTypes.proposal, proposal })),
  ];
  const afterProposals = state.ratchetTree.slice();
  const applied = await applyProposals(
    state,
    afterProposals,
    proposals,
    own,
    makePskIndex(plan.resumeFrom, context.externalPsks ?? {}),
    true,
    config,
    context.authService,
    cs,
  );
  if (applied.additionalResult.kind === "externalCommit")
    throw invalidArgument("an ExternalInit proposal can only be committed by an external joiner");

  const covered = applied.allProposals.map((p) => p.proposal);
  const withPath = plan.forcePath || pathRequirement(covered) !== undefined || applied.needsUpdatePath;
  const extensions = extensionsAfter(state, covered);
  const newMembers = addedMembers(applied);

  let tree: RatchetTree = afterProposals;
  let privatePath = state.privatePath;
  let pathSecrets: PathSecret[] = [];
  let path;
  if (withPath) {
    const created = await createPath({
      tree: afterProposals,
      committer: own,
      context: { ...state.groupContext, extensions },
      newMembers: newMembers.map(([leaf]) => leaf),
      signaturePrivateKey: state.signaturePrivateKey,
      cs,
    });
    tree = created.tree;
    path = created.path;
    pathSecrets = created.pathSecrets;
    privatePath = mergePrivateKeyPaths(
      updateLeafKey(state.privatePath, created.leafPrivateKey),
      await toPrivateKeyPath(pathToPathSecrets(pathSecrets), own, cs),
    );
  }
  const rootSecret = pathSecrets.at(-1);
  const commitSecret =
    rootSecret === undefined ? new Uint8Array(cs.kdf.size) : await deriveSecret(rootSecret.secret, "path", cs.kdf);

  const wireformat = plan.publicMessage ? "mls_public_message" : "mls_private_message";
  const { framedContent, signature } = await createContentCommitSignature(
    state.groupContext,
    wireformat,
    { proposals, path },
    { senderType: senderTypes.member, leafIndex: own },
    new Uint8Array(),
    state.signaturePrivateKey,
    cs.signature,
  );
  const groupContext = await nextEpochContext(
    { ...state.groupContext, extensions },
    wireformat,
    framedContent,
    signature,
    await treeHashRoot(tree, cs.hash),
    state.confirmationTag,
    cs.hash,
  );
  const epoch = await initializeEpoch(
    state.keySchedule.initSecret,
    commitSecret,
    groupContext,
    applied.pskSecret,
    cs.kdf,
  );
  const confirmationTag = await createConfirmationTag(
    epoch.keySchedule.confirmationKey,
    groupContext.confirmedTranscriptHash,
    cs.hash,
  );
  const auth = { contentType: contentTypes.commit, signature, confirmationTag };

  let commit: MlsMessage;
  if (plan.publicMessage) {
    const publicMessage = await protectPublicMessage(
      state.keySchedule.membershipKey,
      state.groupContext,
      { wireformat: wireformats.mls_public_message, content: framedContent, auth },
      cs,
    );
    commit = { version: protocolVersions.mls10, wireformat: wireformats.mls_public_message, publicMessage };
  } else {
    const { privateMessage } = await protectPrivate(
      state.keySchedule.senderDataSecret,
      new Uint8Array(),
      state.groupContext,
      state.secretTree,
      { ...framedContent, auth },
      own,
      config.paddingConfig,
      cs,
    );
    commit = { version: protocolVersions.mls10, wireformat: wireformats.mls_private_message, privateMessage };
  }

  let welcome: MlsMessage | undefined;
  if (newMembers.length > 0) {
    const treeExtension: GroupInfoExtension[] = plan.ratchetTreeExtension
      ? [{ extensionType: defaultExtensionTypes.ratchet_tree, extensionData: encode(ratchetTreeEncoder, tree) }]
      : [];
    const groupInfo = await signGroupInfo(
      { groupContext, extensions: treeExtension, confirmationTag, signer: own },
      state.signaturePrivateKey,
      cs.signature,
    );
    const encryptedGroupInfo = await encryptGroupInfo(groupInfo, epoch.welcomeSecret, cs);
    const secrets: Welcome["secrets"] = await Promise.all(
      newMembers.map(async ([leaf, keyPackage]) => {
        // RFC 9420 §12.4.3.1: the path secret of the lowest node the new member shares with the committer's path.
        const shared = withPath ? firstCommonAncestor(tree, leaf, own) : undefined;
        const pathSecret = pathSecrets.find((s) => s.nodeIndex === shared)?.secret;
        const sealed = await encryptGroupSecrets(
          await cs.hpke.importPublicKey(keyPackage.initKey),
          encryptedGroupInfo,
          { joinerSecret: epoch.joinerSecret, pathSecret, psks: applied.pskIds },
          cs.hpke,
        );
        return {
          newMember: await makeKeyPackageRef(keyPackage, cs.hash),
          encryptedGroupSecrets: { kemOutput: sealed.enc, ciphertext: sealed.ct },
        };
      }),
    );
    welcome = {
      version: protocolVersions.mls10,
      wireformat: wireformats.mls_welcome,
      welcome: { cipherSuite: groupContext.cipherSuite, secrets, encryptedGroupInfo },
    };
  }

  const [historicalReceiverData] = addHistoricalReceiverData(state, config);
  const newState: ClientState = {
    groupContext,
    ratchetTree: tree,
    secretTree: createSecretTree((tree.length + 1) / 2, epoch.encryptionSecret),
    keySchedule: epoch.keySchedule,
    privatePath,
    unappliedProposals: {},
    historicalReceiverData,
    confirmationTag,
    signaturePrivateKey: state.signaturePrivateKey,
    groupActiveState: activeStateAfter(applied),
  };
  return { commit, welcome, newState, hasPath: withPath };
}

/** RFC 9420 §12.1.7: a GroupContextExtensions proposal's list replaces the extensions, an empty one included. */
export function extensionsAfter(state: ClientState, covered: readonly Proposal[]): GroupContextExtension[] {
  const change = covered.find((p) => p.proposalType === defaultProposalTypes.group_context_extensions);
  return change !== undefined && "groupContextExtensions" in change
    ? change.groupContextExtensions.extensions
    : state.groupContext.extensions;
}

export function addedMembers(applied: AppliedProposals): Array<[number, KeyPackage]> {
  return applied.additionalResult.kind === "memberCommit" ? applied.additionalResult.addedLeafNodes : [];
}

export function activeStateAfter(applied: AppliedProposals): ClientState["groupActiveState"] {
  if (applied.selfRemoved) return { kind: "removedFromGroup" };
  if (applied.additionalResult.kind === "reinit")
    return { kind: "suspendedPendingReinit", reinit: applied.additionalResult.reinit };
  return { kind: "active" };
}
