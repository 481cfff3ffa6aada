// The checks a joiner makes of a ratchet tree it is handed (RFC 9420
// §12.4.3.1), with the unmerged-leaves rule as the RFC states it: every
// non-blank node *between* an unmerged leaf and the parent listing it also
// lists the leaf. ts-mls 2.0.0-rc.10 demands instead that every non-blank node
// on the leaf's whole direct path lists exactly the same unmerged leaves, and
// so rejects valid trees in which members were added at different times
// below different nodes (KNOWN-ISSUES.md#unmerged-leaves-validation).
//
// Everything else is the library's validateRatchetTree, run over a copy
// whose parents list no unmerged leaves (so its own rule has nothing to
// check). That copy's parent hashes do not verify, since unmerged leaves are
// part of what they cover; parent hashes and the tree hash are therefore
// checked on the real tree here.
import { CryptoVerificationError, nodeTypes, type GroupContext, type RatchetTree } from "ts-mls";
import { invalidArgument } from "../errors.js";
import type { ProtocolContext } from "./context.js";
import { treeHashRoot, treeMath, validateRatchetTree, verifyParentHashes } from "../ts-mls/tree-internals.js";

export async function validateTree(
  context: ProtocolContext,
  tree: RatchetTree,
  groupContext: GroupContext,
  treeHash: Uint8Array,
): Promise<void> {
  const cs = context.cipherSuite;
  checkUnmergedLeaves(tree);
  const withoutUnmerged: RatchetTree = tree.map((node) =>
    node?.nodeType === nodeTypes.parent ? { ...node, parent: { ...node.parent, unmergedLeaves: [] } } : node,
  );
  const err = await validateRatchetTree(
    withoutUnmerged,
    groupContext,
    context.clientConfig.lifetimeConfig,
    context.authService,
    await treeHashRoot(withoutUnmerged, cs.hash),
    cs,
  );
  // The one failure the copy is expected to produce: its parent hashes, checked on the real tree below.
  if (err !== undefined && !(err instanceof CryptoVerificationError && /parent hash/.test(err.message))) throw err;
  if (!(await verifyParentHashes(tree, cs.hash)))
    throw invalidArgument("a parent node of the ratchet tree is not parent-hash valid (RFC 9420 §7.9.2)");
  const computed = await treeHashRoot(tree, cs.hash);
  if (Buffer.compare(computed, treeHash) !== 0)
    throw invalidArgument("the ratchet tree does not hash to the GroupInfo's tree_hash");
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
