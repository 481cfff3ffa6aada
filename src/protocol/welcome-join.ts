// Joining from a Welcome (RFC 9420 §12.4.3.1), and from the Welcome of a
// branch or reinitialised group (§11.2, §11.3), built from ts-mls's own steps.
// It differs from the release's joinGroup / joinGroupFromBranch /
// joinGroupFromReinit where the release departs from the RFC:
// - the tree is validated as tree-validation.ts says
//   (KNOWN-ISSUES.md#unmerged-leaves-validation);
// - a reinitialised group's extensions are compared with the ReInit's by
//   value, where the release compares required_capabilities by object
//   identity and so refuses every such reinit
//   (#reinit-required-capabilities);
// - the new group's ciphersuite implementation is the caller's, not one the
//   release builds from its default provider.
import {
  defaultExtensionTypes,
  encode,
  nodeTypes,
  pskTypes,
  resumptionPSKUsages,
  type ClientState,
  type GroupContextExtension,
  type KeyPackage,
  type PrivateKeyPackage,
  type RatchetTree,
  type Welcome,
} from "ts-mls";
import { invalidArgument } from "../errors.js";
import type { ProtocolContext } from "./context.js";
import { validateTree } from "./tree-validation.js";
import { createSecretTree } from "../ts-mls/message-internals.js";
import { extensionEncoder, varLenTypeEncoder } from "../ts-mls/codec-internals.js";
import { accumulatePskSecret, deriveKeySchedule, makePskIndex } from "../ts-mls/key-schedule-internals.js";
import { firstCommonAncestor, mergePrivateKeyPaths, pathToRoot, toPrivateKeyPath } from "../ts-mls/path-internals.js";
import { findLeafIndex, ratchetTreeDecoder } from "../ts-mls/tree-internals.js";
import {
  decryptGroupInfo,
  decryptGroupSecrets,
  extensionsSupportedByCapabilities,
  makeKeyPackageRef,
  verifyGroupInfoConfirmationTag,
  verifyGroupInfoSignature,
} from "../ts-mls/welcome-internals.js";

export interface WelcomeJoinPlan {
  /** Its PSKs are the joiner's external PSKs. */
  context: ProtocolContext;
  welcome: Welcome;
  keyPackage: KeyPackage;
  privateKeys: PrivateKeyPackage;
  /** Out of band; else the GroupInfo's ratchet_tree extension. */
  ratchetTree: RatchetTree | undefined;
  /** The group a branch or reinit resumes: the parent, or the suspended group. */
  resumeFrom?: ClientState;
}

const extensionListEncoder = varLenTypeEncoder(extensionEncoder);

export async function joinFromWelcome(plan: WelcomeJoinPlan): Promise<ClientState> {
  const { context, welcome, keyPackage } = plan;
  const cs = context.cipherSuite;
  if (welcome.cipherSuite !== keyPackage.cipherSuite)
    throw invalidArgument(
      `the Welcome is for ciphersuite ${welcome.cipherSuite}, the KeyPackage for ${keyPackage.cipherSuite}`,
    );
  const secrets = await decryptGroupSecrets(
    await cs.hpke.importPrivateKey(plan.privateKeys.initPrivateKey),
    await makeKeyPackageRef(keyPackage, cs.hash),
    welcome,
    cs.hpke,
  );
  if (secrets === undefined) throw invalidArgument("the Welcome's GroupSecrets for this KeyPackage do not decode");
  const [pskSecret, pskIds] = await accumulatePskSecret(
    secrets.psks,
    makePskIndex(plan.resumeFrom, context.externalPsks ?? {}),
    cs,
    new Uint8Array(cs.kdf.size),
  );
  const groupInfo = await decryptGroupInfo(welcome, secrets.joinerSecret, pskSecret, cs);
  if (groupInfo === undefined) throw invalidArgument("the Welcome's GroupInfo does not decode");
  const groupContext = groupInfo.groupContext;
  if (groupContext.cipherSuite !== keyPackage.cipherSuite)
    throw invalidArgument("the GroupInfo's ciphersuite is not the KeyPackage's");

  const resumption = pskIds.find((id) => id.psktype === pskTypes.resumption);
  if (resumption !== undefined && "usage" in resumption) {
    const from = plan.resumeFrom;
    if (from === undefined) throw invalidArgument("the Welcome resumes a group this member was not given");
    if (resumption.pskEpoch !== from.groupContext.epoch || !equal(resumption.pskGroupId, from.groupContext.groupId))
      throw invalidArgument("the Welcome's resumption PSK is not of the resumed group's current epoch");
    if (groupContext.epoch !== 1n) throw invalidArgument("a resumed group must start at epoch 1");
    if (resumption.usage === resumptionPSKUsages.reinit) {
      const active = from.groupActiveState;
      if (active.kind !== "suspendedPendingReinit")
        throw invalidArgument("the Welcome resumes by reinit a group no ReInit suspended");
      const reinit = active.reinit;
      if (!equal(reinit.groupId, groupContext.groupId)) throw invalidArgument("new group id differs from the ReInit's");
      if (reinit.version !== groupContext.version) throw invalidArgument("new version differs from the ReInit's");
      if (reinit.cipherSuite !== groupContext.cipherSuite)
        throw invalidArgument("new ciphersuite differs from the ReInit's");
      if (!sameExtensions(reinit.extensions, groupContext.extensions))
        throw invalidArgument("new group context extensions differ from the ReInit's");
    }
  }
  if (!extensionsSupportedByCapabilities(groupContext.extensions, keyPackage.leafNode.capabilities))
    throw invalidArgument("this member's KeyPackage does not support every group context extension");

  const tree = treeOf(groupInfo.extensions, plan.ratchetTree);
  const signer = tree[groupInfo.signer * 2];
  if (signer?.nodeType !== nodeTypes.leaf)
    throw invalidArgument(`the GroupInfo's signer ${groupInfo.signer} is not a member`);
  if (!(await context.authService.validateCredential(signer.leaf.credential, signer.leaf.signaturePublicKey)))
    throw invalidArgument("the GroupInfo signer's credential is not valid");
  if (!(await verifyGroupInfoSignature(groupInfo, signer.leaf.signaturePublicKey, cs.signature)))
    throw invalidArgument("the GroupInfo's signature does not verify");
  await validateTree(context, tree, groupContext, groupContext.treeHash);

  const own = findLeafIndex(tree, keyPackage.leafNode);
  if (own === undefined) throw invalidArgument("this member's KeyPackage is not in the group's tree");
  let privatePath = { leafIndex: own, privateKeys: { [own * 2]: plan.privateKeys.hpkePrivateKey } };
  if (secrets.pathSecret !== undefined) {
    const shared = firstCommonAncestor(tree, own, groupInfo.signer);
    const path = await pathToRoot(tree, shared, secrets.pathSecret, cs.kdf);
    privatePath = mergePrivateKeyPaths(await toPrivateKeyPath(path, own, cs), privatePath);
  }
  const [keySchedule, encryptionSecret] = await deriveKeySchedule(
    secrets.joinerSecret,
    pskSecret,
    groupContext,
    cs.kdf,
  );
  if (!(await verifyGroupInfoConfirmationTag(groupInfo, secrets.joinerSecret, pskSecret, cs)))
    throw invalidArgument("the GroupInfo's confirmation tag does not verify");
  return {
    groupContext,
    ratchetTree: tree,
    privatePath,
    signaturePrivateKey: plan.privateKeys.signaturePrivateKey,
    confirmationTag: groupInfo.confirmationTag,
    unappliedProposals: {},
    keySchedule,
    secretTree: createSecretTree((tree.length + 1) / 2, encryptionSecret),
    historicalReceiverData: new Map(),
    groupActiveState: { kind: "active" },
  };
}

function treeOf(extensions: ReadonlyArray<{ extensionType: number; extensionData: unknown }>, given?: RatchetTree) {
  const carried = extensions.find((e) => e.extensionType === defaultExtensionTypes.ratchet_tree);
  if (carried !== undefined) {
    const data = carried.extensionData as Uint8Array;
    const decoded = ratchetTreeDecoder(data, 0);
    if (decoded === undefined || decoded[1] !== data.length)
      throw invalidArgument("the GroupInfo's ratchet_tree extension does not decode");
    return decoded[0];
  }
  if (given === undefined) throw invalidArgument("no ratchet tree: none given and no ratchet_tree extension");
  return given;
}

/** RFC 9420 §11.2: the new group's extensions are the ReInit's, compared as the bytes they are. */
function sameExtensions(a: GroupContextExtension[], b: GroupContextExtension[]): boolean {
  return equal(encode(extensionListEncoder, a), encode(extensionListEncoder, b));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
