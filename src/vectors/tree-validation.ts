// tree-validation.json: per-node tree hashes and resolutions of a tree, its
// parent hashes, and every leaf's signature (over group_id for non-KeyPackage leaves).
import {
  decodeTree,
  leavesWithBadSignatures,
  nodeCountOf,
  nodeResolution,
  nodeTreeHash,
  parentHashesValid,
} from "./adapters/tree.js";
import { definePerSuite } from "./suites.js";

interface TreeValidationCase {
  tree: Uint8Array;
  groupId: Uint8Array;
  treeHashes: Uint8Array[];
  resolutions: number[][];
}

export const treeValidation = definePerSuite<TreeValidationCase>({
  name: "tree-validation",
  fields: ["tree", "group_id", "tree_hashes", "resolutions"],
  parse: (f) => ({
    tree: f.hex("tree"),
    groupId: f.hex("group_id"),
    treeHashes: f.hexList("tree_hashes"),
    resolutions: f.uintLists("resolutions"),
  }),
  async verify(c, cs, check) {
    const tree = decodeTree(c.tree, "tree");
    const nodes = nodeCountOf(tree);
    check.value("tree_hashes length (nodes in tree)", c.treeHashes.length, nodes);
    check.value("resolutions length (nodes in tree)", c.resolutions.length, nodes);
    for (const [node, hash] of c.treeHashes.entries())
      if (node < nodes) check.bytes(`tree_hashes[${node}]`, hash, await nodeTreeHash(cs, tree, node));
    for (const [node, res] of c.resolutions.entries())
      if (node < nodes) check.value(`resolutions[${node}]`, res.join(","), nodeResolution(tree, node).join(","));
    check.holds("parent hashes verify", await parentHashesValid(cs, tree));
    const bad = await leavesWithBadSignatures(cs, tree, c.groupId);
    check.holds("every leaf signature verifies", bad.length === 0, `leaves ${bad.join(", ")} do not verify`);
  },
});
