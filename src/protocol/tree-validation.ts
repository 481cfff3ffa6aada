// The checks a joiner makes of a ratchet tree it is handed (RFC 9420
// §12.4.3.1), with the unmerged-leaves rule as the RFC states it: every
// non-blank node *between* an unmerged leaf and the parent listing it also
// lists the leaf. ts-mls 2.0.0-rc.10 demands instead that every non-blank node
// on the leaf's whole direct path lists exactly the same unmerged leaves, and
// so rejects valid trees in which members were added at different times
// below different nodes (KNOWN-ISSUES.md#unmerged-leaves-validation).
//
// The other checks are the library's validateRatchetTree's, in its order,
// made here over the real tree: each node in its place, encryption and
// signature keys unique, every member supporting every credential type in
// use, each leaf valid (§7.3: signature, credential, required capabilities,
// its extensions in its capabilities, a KeyPackage leaf's lifetime when the
// configuration asks), then parent hashes and the tree hash, with each node
// hashed once (tree-hashes.ts). Running validateRatchetTree itself would need
// a copy without unmerged leaves, whose parent hashes cannot verify, and
// hashed the tree three times over.
import {
  defaultExtensionTypes,
  leafNodeSources,
  nodeTypes,
  type GroupContext,
  type LeafNode,
  type RatchetTree,
  type RequiredCapabilities,
} from "ts-mls";
import { invalidArgument } from "../errors.js";
import type { ProtocolContext } from "./context.js";
import { nodeTreeHashes, parentHashesValid } from "./tree-hashes.js";
import {
  throwIfDefined,
  treeMath,
  validateLeafNodeUpdateOrCommit,
  verifyLeafNodeSignatureKeyPackage,
} from "../ts-mls/tree-internals.js";
import { extensionsSupportedByCapabilities } from "../ts-mls/welcome-internals.js";

export async function validateTree(
  context: ProtocolContext,
  tree: RatchetTree,
  groupContext: GroupContext,
  treeHash: Uint8Array,
): Promise<void> {
  const cs = context.cipherSuite;
  checkUnmergedLeaves(tree);
  checkNodes(tree);
  for (let index = 0; index < tree.length; index += 2) {
    const node = tree[index];
    if (node?.nodeType !== nodeTypes.leaf) continue;
    const leaf = node.leaf;
    if (leaf.leafNodeSource === leafNodeSources.key_package)
      await checkKeyPackageLeaf(context, leaf, groupContext, index / 2);
    else
      throwIfDefined(
        await validateLeafNodeUpdateOrCommit(leaf, index / 2, groupContext, context.authService, cs.signature),
      );
  }
  const hashes = await nodeTreeHashes(tree, cs.hash);
  if (!(await parentHashesValid(tree, hashes, cs.hash)))
    throw invalidArgument("a parent node of the ratchet tree is not parent-hash valid (RFC 9420 §7.9.2)");
  const computed = hashes[treeMath.root((tree.length + 1) / 2)] as Uint8Array;
  if (Buffer.compare(computed, treeHash) !== 0)
    throw invalidArgument("the ratchet tree does not hash to the GroupInfo's tree_hash");
}

/** Each node in its place; encryption keys unique among all nodes, signature keys among leaves; credential types supported by all. */
function checkNodes(tree: RatchetTree): void {
  const hpkeKeys = new Set<string>();
  const signatureKeys = new Set<string>();
  const credentialTypes = new Set<number>();
  const unique = (seen: Set<string>, key: Uint8Array, what: string, index: number): void => {
    const id = Buffer.from(key.buffer, key.byteOffset, key.length).toString("base64");
    if (seen.has(id)) throw invalidArgument(`ratchet tree node ${index}'s ${what} is another node's too`);
    seen.add(id);
  };
  tree.forEach((node, index) => {
    if (node === undefined) return;
    if ((node.nodeType === nodeTypes.leaf) !== (index % 2 === 0))
      throw invalidArgument(
        `ratchet tree node ${index} is a ${node.nodeType === nodeTypes.leaf ? "leaf" : "parent"} in the other's place`,
      );
    if (node.nodeType === nodeTypes.parent) {
      unique(hpkeKeys, node.parent.hpkePublicKey, "encryption key", index);
      return;
    }
    unique(hpkeKeys, node.leaf.hpkePublicKey, "encryption key", index);
    unique(signatureKeys, node.leaf.signaturePublicKey, "signature key", index);
    credentialTypes.add(node.leaf.credential.credentialType);
  });
  tree.forEach((node, index) => {
    if (node?.nodeType !== nodeTypes.leaf) return;
    for (const type of credentialTypes)
      if (!node.leaf.capabilities.credentials.includes(type))
        throw invalidArgument(`leaf ${index / 2} does not support credential type ${type}, which another member uses`);
  });
}

/** RFC 9420 §7.3 for a leaf that came from a KeyPackage, as ts-mls validates it when the tree is received. */
async function checkKeyPackageLeaf(
  context: ProtocolContext,
  leaf: LeafNode,
  groupContext: GroupContext,
  leafIndex: number,
): Promise<void> {
  if (!(await verifyLeafNodeSignatureKeyPackage(leaf, context.cipherSuite.signature)))
    throw invalidArgument(`leaf ${leafIndex}'s signature does not verify`);
  if (
    context.clientConfig.lifetimeConfig.validateLifetimeOnReceive &&
    leaf.leafNodeSource === leafNodeSources.key_package
  ) {
    const now = BigInt(Math.floor(Date.now() / 1000));
    if (leaf.lifetime.notBefore > now || leaf.lifetime.notAfter < now)
      throw invalidArgument(`leaf ${leafIndex}'s lifetime does not include the current time`);
  }
  if (!(await context.authService.validateCredential(leaf.credential, leaf.signaturePublicKey)))
    throw invalidArgument(`leaf ${leafIndex}'s credential is not valid`);
  const required = groupContext.extensions.find((e) => e.extensionType === defaultExtensionTypes.required_capabilities);
  if (required !== undefined) {
    const caps = required.extensionData as RequiredCapabilities;
    const supported =
      caps.credentialTypes.every((c) => leaf.capabilities.credentials.includes(c)) &&
      caps.extensionTypes.every((e) => leaf.capabilities.extensions.includes(e)) &&
      caps.proposalTypes.every((p) => leaf.capabilities.proposals.includes(p));
    if (!supported) throw invalidArgument(`leaf ${leafIndex} does not support the group's required capabilities`);
  }
  if (!extensionsSupportedByCapabilities(leaf.extensions, leaf.capabilities))
    throw invalidArgument(`leaf ${leafIndex} carries an extension its capabilities do not list`);
}

/** RFC 9420 §12.4.3.1, the unmerged_leaves checks. */
export function checkUnmergedLeaves(tree: RatchetTree): void {
  const leafWidth = (tree.length + 1) / 2;
  const root = treeMath.root(leafWidth);
  tree.forEach((node, index) => {
    if (node?.nodeType !== nodeTypes.parent) return;
    for (const leaf of node.parent.unmergedLeaves) {
      const leafNode = leaf * 2;
      if (tree[leafNode]?.nodeType !== nodeTypes.leaf)
        throw invalidArgument(`ratchet tree node ${index} lists leaf ${leaf} as unmerged, which is blank`);
      const path: number[] = [];
      for (let n = leafNode; n !== root;) path.push((n = treeMath.parent(n, leafWidth)));
      const above = path.indexOf(index);
      if (above === -1)
        throw invalidArgument(`ratchet tree node ${index} lists leaf ${leaf} as unmerged, which is not below it`);
      for (const between of path.slice(0, above)) {
        const on = tree[between];
        if (on?.nodeType === nodeTypes.parent && !on.parent.unmergedLeaves.includes(leaf))
          throw invalidArgument(
            `ratchet tree node ${between} lies between leaf ${leaf} and node ${index}, which lists it as unmerged, and does not list it`,
          );
      }
    }
  });
}
