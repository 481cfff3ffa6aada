// The UpdatePath of a commit (RFC 9420 §7.5, §12.4.2). ts-mls's
// createUpdatePath derives the path secrets, the new parent keys, the parent
// hashes and the signed commit leaf; what it encrypts, and to whom, is where
// the release departs from the RFC:
// - it encrypts to the keys the tree held *before* the commit's proposals, so
//   a committed Update's old key and the former occupant of a leaf an Add
//   fills get the path secret (KNOWN-ISSUES.md#update-path-to-old-keys,
//   #path-to-new-members);
// - its callers hand it the old extensions, while the provisional
//   GroupContext carries those of a GroupContextExtensions proposal
//   (#gce-path-context);
// - it encrypts to leaves the commit adds, which get the path secret from
//   their Welcome instead.
// So it is handed the tree after the proposals as the tree to encrypt to and
// the provisional context with the new extensions, and the ciphertexts for
// new members are dropped afterwards: the UpdatePathNode lists then hold
// exactly the RFC's recipients, in resolution order.
import type { CiphersuiteImpl, GroupContext, RatchetTree, UpdatePath } from "ts-mls";
import { createUpdatePath, type PathSecret } from "../ts-mls/path-internals.js";

export interface PathPlan {
  /** The tree after the commit's proposals (not modified). */
  tree: RatchetTree;
  committer: number;
  /**
   * The current epoch's GroupContext with the extensions the commit sets;
   * createUpdatePath moves it to the next epoch and the new tree hash.
   */
  context: GroupContext;
  /** Leaves the commit fills with new members. */
  newMembers: readonly number[];
  signaturePrivateKey: Uint8Array;
  cs: CiphersuiteImpl;
}

export interface CreatedPath {
  /** The tree with the committer's new direct path and leaf. */
  tree: RatchetTree;
  path: UpdatePath;
  /** Leaf to root, without the leaf's own secret; `sendTo` lists the actual recipients. */
  pathSecrets: PathSecret[];
  /** The private key of the committer's new leaf, serialised. */
  leafPrivateKey: Uint8Array;
}

export async function createPath(plan: PathPlan): Promise<CreatedPath> {
  const recipients = plan.tree.slice();
  const [tree, path, pathSecrets, leafKey] = await createUpdatePath(
    recipients,
    plan.tree.slice(),
    plan.committer,
    plan.context,
    plan.signaturePrivateKey,
    plan.cs,
  );
  const newLeafNodes = new Set(plan.newMembers.map((leaf) => leaf * 2));
  // createUpdatePath lists the path's nodes and their secrets in the same
  // order, and each node's ciphertexts in the order of its secret's sendTo.
  const nodes = path.nodes.map((node, i) => {
    const sendTo = pathSecrets[i]!.sendTo;
    return { ...node, encryptedPathSecret: node.encryptedPathSecret.filter((_, j) => !newLeafNodes.has(sendTo[j]!)) };
  });
  const kept = pathSecrets.map((s) => ({ ...s, sendTo: s.sendTo.filter((n) => !newLeafNodes.has(n)) }));
  return {
    tree,
    path: { ...path, nodes },
    pathSecrets: kept,
    leafPrivateKey: await plan.cs.hpke.exportPrivateKey(leafKey),
  };
}
