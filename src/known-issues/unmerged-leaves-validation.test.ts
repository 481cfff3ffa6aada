// KNOWN-ISSUES.md#unmerged-leaves-validation
import assert from "node:assert/strict";
import { test } from "node:test";
import { joinGroup, nodeTypes } from "ts-mls";
import { context, fixedMessage, staggeredUnmergedLeaves } from "./fixtures.js";

const slug = "unmerged-leaves-validation";
const workaround = "src/protocol/tree-validation.ts (used by our welcome and external joins)";

test("a joiner rejects a valid tree whose unmerged leaves differ between levels", async () => {
  const { welcome, joiner, committer } = await staggeredUnmergedLeaves();
  const tree = committer.ratchetTree;
  const unmerged = (node: number) => {
    const n = tree[node];
    return n?.nodeType === nodeTypes.parent ? n.parent.unmergedLeaves : undefined;
  };
  // The shape the RFC allows: H (leaf 5) unmerged at node 11 but merged at the root (node 7) above it;
  // I (leaf 7) unmerged at both.
  assert.deepEqual(unmerged(11), [5, 7]);
  assert.deepEqual(unmerged(7), [7]);
  await assert.rejects(
    joinGroup({ context: context(), welcome, keyPackage: joiner.keyPackage, privateKeys: joiner.privateKeys }),
    /non-blank intermediate node must list leaf node in its unmerged_leaves/,
    fixedMessage(slug, workaround),
  );
});
