// Joining by external commit (RFC 9420 §12.4.3.2), built from ts-mls's own
// steps. It differs from the release's joinGroupExternal where the release
// departs from the RFC or from what the wire contract asks:
// - PSK proposals in the commit, with the PSK secret derived from them
//   (KNOWN-ISSUES.md#external-join-psks; the release's secret is all zeros);
// - the external_pub extension read in the RFC's nested form, where the
//   release reads a bare key (#external-pub-nesting);
// - the prior leaf of a resync named by the caller, not searched for by the
//   new KeyPackage (#external-join-resync);
// - the path encrypted as update-path.ts says, the tree validated as
//   tree-validation.ts says.
import {
  contentTypes,
  defaultExtensionTypes,
  defaultProposalTypes,
  proposalOrRefTypes,
  protocolVersions,
  pskTypes,
  senderTypes,
  wireformats,
  type ClientState,
  type GroupInfo,
  type KeyPackage,
  type MlsMessage,
  type PrivateKeyPackage,
  type Proposal,
  type PskId,
  type RatchetTree,
} from "ts-mls";
import { invalidArgument } from "../errors.js";
import type { ProtocolContext } from "./context.js";
import { validateTree } from "./tree-validation.js";
import { createPath } from "./update-path.js";
import { createContentCommitSignature } from "../ts-mls/commit-internals.js";
import { createSecretTree, protectPublicMessage } from "../ts-mls/message-internals.js";
import { varLenDataDecoder } from "../ts-mls/codec-internals.js";
import {
  computePskSecret,
  createConfirmationTag,
  exportExternalInitSecret,
  initializeEpoch,
  nextEpochContext,
} from "../ts-mls/key-schedule-internals.js";
import { deriveSecret } from "../ts-mls/labeled-crypto-internals.js";
import { pathToPathSecrets, toPrivateKeyPath, updateLeafKey } from "../ts-mls/path-internals.js";
import { addLeafNodeMutable, removeLeafNodeMutable, treeHashRoot } from "../ts-mls/tree-internals.js";

export interface ExternalJoinPlan {
  context: ProtocolContext;
  /** Signature verified by the caller against `tree`. */
  groupInfo: GroupInfo;
  tree: RatchetTree;
  keyPackage: KeyPackage;
  privateKeys: PrivateKeyPackage;
  /** The joiner's earlier leaf, removed by the same commit (a resync). */
  priorLeaf: number | undefined;
  /** External PSKs, in the order their proposals go into the commit. */
  psks: ReadonlyArray<{ id: Uint8Array; secret: Uint8Array }>;
}

export interface ExternalJoinResult {
  commit: MlsMessage;
  state: ClientState;
}

export async function joinByExternalCommit(plan: ExternalJoinPlan): Promise<ExternalJoinResult> {
  const { context, groupInfo } = plan;
  const cs = context.cipherSuite;
  const groupContext = groupInfo.groupContext;
  const { enc, secret: initSecret } = await exportExternalInitSecret(externalPub(groupInfo), cs);

  await validateTree(context, plan.tree, groupContext, groupContext.treeHash);
  const tree = plan.tree.slice();
  const proposals: Proposal[] = [];
  if (plan.priorLeaf !== undefined) {
    removeLeafNodeMutable(tree, plan.priorLeaf);
    proposals.push({ proposalType: defaultProposalTypes.remove, remove: { removed: plan.priorLeaf } });
  }
  proposals.push({ proposalType: defaultProposalTypes.external_init, externalInit: { kemOutput: enc } });
  const pskIds: PskId[] = plan.psks.map(({ id }) => ({
    psktype: pskTypes.external,
    pskId: Uint8Array.from(id),
    pskNonce: cs.rng.randomBytes(cs.kdf.size),
  }));
  for (const preSharedKeyId of pskIds)
    proposals.push({ proposalType: defaultProposalTypes.psk, psk: { preSharedKeyId } });

  const own = addLeafNodeMutable(tree, plan.keyPackage.leafNode) / 2;
  const created = await createPath({
    tree,
    committer: own,
    context: groupContext,
    newMembers: [],
    signaturePrivateKey: plan.privateKeys.signaturePrivateKey,
    cs,
  });
  const privatePath = updateLeafKey(
    await toPrivateKeyPath(pathToPathSecrets(created.pathSecrets), own, cs),
    created.leafPrivateKey,
  );
  const rootSecret = created.pathSecrets.at(-1);
  const commitSecret =
    rootSecret === undefined ? new Uint8Array(cs.kdf.size) : await deriveSecret(rootSecret.secret, "path", cs.kdf);
  const pskSecret = await computePskSecret(
    pskIds.map((id, i) => [id, Uint8Array.from(plan.psks[i]!.secret)]),
    cs,
  );

  const { framedContent, signature } = await createContentCommitSignature(
    groupContext,
    "mls_public_message",
    {
      proposals: proposals.map((proposal) => ({ proposalOrRefType: proposalOrRefTypes.proposal, proposal })),
      path: created.path,
    },
    { senderType: senderTypes.new_member_commit },
    new Uint8Array(),
    plan.privateKeys.signaturePrivateKey,
    cs.signature,
  );
  const nextContext = await nextEpochContext(
    groupContext,
    "mls_public_message",
    framedContent,
    signature,
    await treeHashRoot(created.tree, cs.hash),
    groupInfo.confirmationTag,
    cs.hash,
  );
  const epoch = await initializeEpoch(initSecret, commitSecret, nextContext, pskSecret, cs.kdf);
  const confirmationTag = await createConfirmationTag(
    epoch.keySchedule.confirmationKey,
    nextContext.confirmedTranscriptHash,
    cs.hash,
  );
  // A new_member_commit carries no membership tag, so neither key nor context is used.
  const publicMessage = await protectPublicMessage(
    epoch.keySchedule.membershipKey,
    nextContext,
    {
      wireformat: wireformats.mls_public_message,
      content: framedContent,
      auth: { contentType: contentTypes.commit, signature, confirmationTag },
    },
    cs,
  );
  return {
    commit: { version: protocolVersions.mls10, wireformat: wireformats.mls_public_message, publicMessage },
    state: {
      groupContext: nextContext,
      ratchetTree: created.tree,
      secretTree: createSecretTree((created.tree.length + 1) / 2, epoch.encryptionSecret),
      keySchedule: epoch.keySchedule,
      privatePath,
      signaturePrivateKey: plan.privateKeys.signaturePrivateKey,
      confirmationTag,
      unappliedProposals: {},
      historicalReceiverData: new Map(),
      groupActiveState: { kind: "active" },
    },
  };
}

/** RFC 9420 §12.4.3.2: `struct { HPKEPublicKey external_pub; }`, the key with its own length prefix. */
function externalPub(groupInfo: GroupInfo): Uint8Array {
  const extension = groupInfo.extensions.find((e) => e.extensionType === defaultExtensionTypes.external_pub);
  if (extension === undefined) throw invalidArgument("group_info has no external_pub extension");
  const data = extension.extensionData as Uint8Array;
  const nested = varLenDataDecoder(data, 0);
  if (nested === undefined || nested[1] !== data.length)
    throw invalidArgument("group_info's external_pub extension is not a length-prefixed HPKE public key");
  return nested[0];
}
