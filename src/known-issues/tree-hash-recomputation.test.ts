// KNOWN-ISSUES.md#tree-hash-recomputation
import assert from "node:assert/strict";
import { test } from "node:test";
import { createCommit, type CiphersuiteImpl } from "ts-mls";
import { treeHashRoot, verifyParentHashes } from "../ts-mls/tree-internals.js";
import { context, fixedNoWorkaround, group } from "./fixtures.js";

const slug = "tree-hash-recomputation";

/** The suite's hash, counting its digests. */
function counting(h: CiphersuiteImpl["hash"]): { hash: CiphersuiteImpl["hash"]; digests: () => number } {
  let digests = 0;
  return {
    hash: {
      ...h,
      digest: (data) => {
        digests++;
        return h.digest(data);
      },
    },
    digests: () => digests,
  };
}

test("checking a tree's parent hashes hashes its subtrees again and again", async () => {
  // Eight members, then a commit with a path: a tree of 15 nodes, the committer's direct path non-blank.
  const states = await group(["a", "b", "c", "d", "e", "f", "g", "h"]);
  const { newState } = await createCommit({ context: context(), state: states[0]!, wireAsPublicMessage: true });
  const tree = newState.ratchetTree;
  assert.equal(tree.length, 15, "fixture: a tree of eight leaves");
  const h = counting(context().cipherSuite.hash);
  await treeHashRoot(tree, h.hash);
  assert.equal(h.digests(), 15, "fixture: one tree hash is one digest per node");
  const before = h.digests();
  assert.equal(await verifyParentHashes(tree, h.hash), true);
  const digests = h.digests() - before;
  // Each node hashed once, and one parent-hash digest per parent node, would be 15 + 7 = 22.
  assert.ok(
    digests > 2 * 22,
    fixedNoWorkaround(
      slug,
      `verifyParentHashes took ${digests} digests; src/protocol/tree-hashes.ts hashes each node once for a joiner's tree checks, the library's own calls remain`,
    ),
  );
});
