// tree-operations.json: a tree before and after one Add, Update or Remove
// proposal, with the tree hashes of both.
import { decodeTree, encodeTree, rootTreeHash, treeAfterProposal } from "./adapters/tree.js";
import { definePerSuite } from "./suites.js";

interface TreeOperationsCase {
  treeBefore: Uint8Array;
  proposal: Uint8Array;
  proposalSender: number;
  treeHashBefore: Uint8Array;
  treeAfter: Uint8Array;
  treeHashAfter: Uint8Array;
}

export const treeOperations = definePerSuite<TreeOperationsCase>({
  name: "tree-operations",
  fields: ["tree_before", "proposal", "proposal_sender", "tree_after", "tree_hash_after"],
  parse: (f) => ({
    treeBefore: f.hex("tree_before"),
    proposal: f.hex("proposal"),
    proposalSender: f.uint("proposal_sender", 0xffff_ffff),
    treeHashBefore: f.hex("tree_hash_before"),
    treeAfter: f.hex("tree_after"),
    treeHashAfter: f.hex("tree_hash_after"),
  }),
  async verify(c, cs, check) {
    const before = decodeTree(c.treeBefore, "tree_before");
    check.bytes("tree_hash_before", c.treeHashBefore, await rootTreeHash(cs, before));
    const after = treeAfterProposal(before, c.proposal, c.proposalSender);
    check.bytes("tree_after", c.treeAfter, encodeTree(after));
    check.bytes("tree_hash_after", c.treeHashAfter, await rootTreeHash(cs, after));
  },
});
