// KNOWN-ISSUES.md#no-update-proposal-api
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tsMls from "ts-mls";
import { createCommit, nodeTypes, type ClientState, type LeafNode } from "ts-mls";
import {
  commitPath,
  context,
  epochAuthenticator,
  fixedMessage,
  pendingUpdates,
  receive,
  withOwnLeafKey,
} from "./fixtures.js";

const slug = "no-update-proposal-api";

test("ts-mls exports nothing that builds an Update proposal's LeafNode", () => {
  const functions = Object.entries(tsMls).flatMap(([name, value]) => (typeof value === "function" ? [name] : []));
  assert.ok(functions.includes("createProposal"), "fixture: read ts-mls's exports");
  const candidates = functions.filter((name) => /update|leafnode/i.test(name) && name !== "getOwnLeafNode");
  assert.deepEqual(
    candidates,
    [],
    fixedMessage(slug, "src/protocol/update-leaf.ts (freshUpdateLeaf, via signLeafNodeTbs)"),
  );
});

/** `state` with the leaf at `leafIndex` replaced. */
function withLeaf(state: ClientState, leafIndex: number, leaf: LeafNode): ClientState {
  const ratchetTree = state.ratchetTree.slice();
  ratchetTree[leafIndex * 2] = { nodeType: nodeTypes.leaf, leaf };
  return { ...state, ratchetTree };
}

test("a member cannot process an RFC commit of its own Update: ts-mls never learnt the new leaf's private key", async () => {
  const { alice, bob, bobUpdate, charlieUpdate } = await pendingUpdates();

  // An RFC committer (OpenMLS, MLSpp) encrypts the path to the Update leaves'
  // keys. ts-mls encrypts to the keys the tree had before the commit
  // (KNOWN-ISSUES.md#update-path-to-old-keys); handing it a tree that already
  // holds the Update leaves makes it produce the RFC ciphertexts.
  const leafOf = (p: tsMls.Proposal) => ("update" in p ? p.update.leafNode : assert.fail("fixture: not an Update"));
  const rfcAlice = withLeaf(withLeaf(alice, 1, leafOf(bobUpdate.proposal)), 2, leafOf(charlieUpdate.proposal));
  const commit = await createCommit({ context: context(), state: rfcAlice, wireAsPublicMessage: true });
  assert.notEqual(commitPath(commit.commit), undefined, "fixture: the commit has a path");

  await assert.rejects(
    receive(bob, commit.commit),
    tsMls.CryptoError,
    fixedMessage(
      slug,
      "src/protocol/commit-processing.ts (withAppliedOwnUpdate), and src/methods/incoming.ts (processCommitMessage, as released)",
    ),
  );
  // With the Update's private key in place, as the server injects it, bob follows.
  const bobNext = await receive(withOwnLeafKey(bob, bobUpdate.hpkePrivateKey), commit.commit);
  assert.equal(epochAuthenticator(bobNext), epochAuthenticator(commit.newState));
});
