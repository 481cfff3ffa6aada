// Ratchet-tree facts the tree vectors check, computed by ts-mls on a tree
// given as bytes: per-node tree hashes and resolutions, parent-hash and leaf
// signature validity, and the tree after one proposal (RFC 9420 §4, §7).
import { defaultProposalTypes, encode, leafNodeSources, nodeTypes, type RatchetTree } from "ts-mls";
import { invalidArgument } from "../../errors.js";
import type { Suite } from "../../ts-mls/ciphersuites.js";
import { decodeAll } from "../../ts-mls/codec.js";
import { proposalCodecs } from "../../ts-mls/codec-internals.js";
import {
  addLeafNodeMutable,
  ratchetTreeDecoder,
  ratchetTreeEncoder,
  removeLeafNodeMutable,
  resolution,
  treeHash,
  treeHashRoot,
  updateLeafNodeMutable,
  verifyLeafNodeSignature,
  verifyLeafNodeSignatureKeyPackage,
  verifyParentHashes,
} from "../../ts-mls/tree-internals.js";

export type { RatchetTree };

export function decodeTree(bytes: Uint8Array, field: string): RatchetTree {
  return decodeAll(ratchetTreeDecoder, bytes, `${field} (ratchet tree)`);
}

export function encodeTree(tree: RatchetTree): Uint8Array {
  return encode(ratchetTreeEncoder, tree);
}

export const nodeCountOf = (tree: RatchetTree): number => tree.length;

export const rootTreeHash = (cs: Suite, tree: RatchetTree): Promise<Uint8Array> => treeHashRoot(tree, cs.impl.hash);

export const nodeTreeHash = (cs: Suite, tree: RatchetTree, node: number): Promise<Uint8Array> =>
  treeHash(tree, node, cs.impl.hash);

export const nodeResolution = (tree: RatchetTree, node: number): number[] => resolution(tree, node);

export const parentHashesValid = (cs: Suite, tree: RatchetTree): Promise<boolean> =>
  verifyParentHashes(tree, cs.impl.hash);

/** Leaf indices whose LeafNode signature does not verify (KeyPackage leaves sign without group id and index). */
export async function leavesWithBadSignatures(cs: Suite, tree: RatchetTree, groupId: Uint8Array): Promise<number[]> {
  const bad: number[] = [];
  for (let node = 0; node < tree.length; node += 2) {
    const n = tree[node];
    if (n?.nodeType !== nodeTypes.leaf) continue;
    const leaf = n.leaf;
    const ok =
      leaf.leafNodeSource === leafNodeSources.key_package
        ? await verifyLeafNodeSignatureKeyPackage(leaf, cs.impl.signature)
        : await verifyLeafNodeSignature(leaf, groupId, node / 2, cs.impl.signature);
    if (!ok) bad.push(node / 2);
  }
  return bad;
}

/** The tree after applying one Add, Update or Remove proposal (given as a serialised Proposal) from `sender`. */
export function treeAfterProposal(tree: RatchetTree, proposalBytes: Uint8Array, sender: number): RatchetTree {
  const proposal = decodeAll(proposalCodecs.proposalDecoder, proposalBytes, "proposal (Proposal)");
  const next = tree.slice();
  switch (proposal.proposalType) {
    case defaultProposalTypes.add:
      if ("add" in proposal) addLeafNodeMutable(next, proposal.add.keyPackage.leafNode);
      break;
    case defaultProposalTypes.update:
      if ("update" in proposal) updateLeafNodeMutable(next, proposal.update.leafNode, sender);
      break;
    case defaultProposalTypes.remove:
      if ("remove" in proposal) removeLeafNodeMutable(next, proposal.remove.removed);
      break;
    default:
      throw invalidArgument(`proposal type ${proposal.proposalType} does not change the tree`);
  }
  return next;
}
