import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { epochAuthenticator, staggeredUnmergedLeaves } from "../known-issues/fixtures.js";
import { checkUnmergedLeaves } from "./tree-validation.js";
import { joinFromWelcome } from "./welcome-join.js";
import { protocolContext } from "./testing.js";

describe("welcome join", () => {
  test("joins a tree whose unmerged leaves differ between levels, as RFC 9420 allows", async () => {
    const { welcome, joiner, committer } = await staggeredUnmergedLeaves();
    const joined = await joinFromWelcome({
      context: protocolContext(),
      welcome,
      keyPackage: joiner.keyPackage,
      privateKeys: joiner.privateKeys,
      ratchetTree: undefined,
    });
    assert.equal(epochAuthenticator(joined), epochAuthenticator(committer));
  });

  test("the RFC's unmerged-leaves rule still rejects a node that omits a leaf below the listing node", async () => {
    const { committer } = await staggeredUnmergedLeaves();
    const tree = committer.ratchetTree.slice();
    // Node 9 lies between leaf 5 and node 11, which lists it: give node 9 a key but no unmerged leaves.
    const eleven = tree[11];
    assert.ok(eleven?.nodeType === 2);
    tree[9] = { nodeType: 2, parent: { ...eleven.parent, unmergedLeaves: [] } };
    assert.throws(() => checkUnmergedLeaves(tree), /node 9 lies between leaf 5 and node 11/);
    const listed = committer.ratchetTree.slice();
    listed[11] = { nodeType: 2, parent: { ...eleven.parent, unmergedLeaves: [...eleven.parent.unmergedLeaves, 2] } };
    assert.throws(() => checkUnmergedLeaves(listed), /lists leaf 2 as unmerged, which is not below it/);
  });
});
