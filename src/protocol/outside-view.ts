// A group seen from outside, through a GroupInfo and maybe a separate tree
// (ExternalJoin, NewMemberAddProposal, ExternalSignerProposal). Both are
// checked against each other before anything is built on them.
import { encode, nodeTypes, type GroupInfo, type KeyPackage, type RatchetTree } from "ts-mls";
import { invalidArgument } from "../errors.js";
import { suite, type Suite } from "../ts-mls/ciphersuites.js";
import { bytesEqual, decodeGroupInfo, decodeRatchetTree } from "../ts-mls/codec.js";
import { libraryOnInput } from "../ts-mls/library-errors.js";
import { treeFromGroupInfo } from "../ts-mls/tree.js";
import { ratchetTreeEncoder, treeHashRoot, verifyLeafNodeSignatureKeyPackage } from "../ts-mls/tree-internals.js";
import { verifyGroupInfoSignature, verifyKeyPackage } from "../ts-mls/welcome-internals.js";

export interface OutsideView {
  groupInfo: GroupInfo;
  suite: Suite;
  /** The request's tree, else the GroupInfo's ratchet_tree extension, else none. */
  tree: RatchetTree | undefined;
}

/**
 * Decodes `group_info` (and `ratchet_tree` if non-empty). A tree given both
 * ways must be the same tree; a tree must hash to the GroupInfo's tree hash;
 * and when there is a tree the GroupInfo's signature must verify with the
 * signer's key in it. `libraryVerifies`: the caller hands both to a ts-mls
 * function that makes those checks itself (joinGroupExternal), so only the
 * consistency of the two trees is checked here.
 */
export async function outsideView(
  groupInfoBytes: Uint8Array,
  treeBytes: Uint8Array,
  libraryVerifies = false,
): Promise<OutsideView> {
  const groupInfo = decodeGroupInfo(groupInfoBytes, "group_info");
  const cs = await suite(groupInfo.groupContext.cipherSuite);
  const given = decodeRatchetTree(treeBytes, "ratchet_tree");
  const embedded = treeFromGroupInfo(groupInfo, "group_info");
  if (
    given !== undefined &&
    embedded !== undefined &&
    !bytesEqual(encode(ratchetTreeEncoder, given), encode(ratchetTreeEncoder, embedded))
  )
    throw invalidArgument("ratchet_tree differs from the tree in group_info's ratchet_tree extension");
  const tree = given ?? embedded;
  if (tree !== undefined && !libraryVerifies) {
    const hash = await libraryOnInput("hash ratchet_tree", () => treeHashRoot(tree, cs.impl.hash));
    if (!bytesEqual(hash, groupInfo.groupContext.treeHash))
      throw invalidArgument(
        `${given !== undefined ? "ratchet_tree" : "group_info's ratchet tree"} does not match the GroupInfo's tree hash`,
      );
    const signer = tree[groupInfo.signer * 2];
    if (signer?.nodeType !== nodeTypes.leaf)
      throw invalidArgument(`group_info's signer ${groupInfo.signer} is not a member`);
    const valid = await libraryOnInput("verify GroupInfo signature", () =>
      verifyGroupInfoSignature(groupInfo, signer.leaf.signaturePublicKey, cs.impl.signature),
    );
    if (!valid) throw invalidArgument("group_info's signature does not verify");
  }
  return { groupInfo, suite: cs, tree };
}

/** A KeyPackage handed in for an Add, checked now rather than when a commit applies it. */
export async function checkKeyPackageSignatures(keyPackage: KeyPackage, cs: Suite, field: string): Promise<void> {
  const valid = await libraryOnInput(
    `verify ${field}`,
    async () =>
      (await verifyKeyPackage(keyPackage, cs.impl.signature)) &&
      (await verifyLeafNodeSignatureKeyPackage(keyPackage.leafNode as never, cs.impl.signature)),
  );
  if (!valid) throw invalidArgument(`${field}'s signature does not verify`);
}
