// treekem.json: members whose private keys are given receive each UpdatePath
// (path secret at their common ancestor with the sender, commit secret, tree
// hash after merging); then each of them creates a fresh UpdatePath that the
// others must be able to receive with the same commit secret and tree hash.
import { createPath, MergedPath, type PrivateLeaf } from "./adapters/treekem.js";
import { decodeTree } from "./adapters/tree.js";
import type { Fields } from "./fields.js";
import type { Check } from "./outcome.js";
import { definePerSuite } from "./suites.js";
import type { Suite } from "../ts-mls/ciphersuites.js";

interface UpdatePathCase {
  sender: number;
  updatePath: Uint8Array;
  pathSecrets: Array<Uint8Array | undefined>;
  commitSecret: Uint8Array;
  treeHashAfter: Uint8Array;
}

interface TreeKemCase {
  groupId: Uint8Array;
  epoch: number;
  confirmedTranscriptHash: Uint8Array;
  ratchetTree: Uint8Array;
  leavesPrivate: PrivateLeaf[];
  updatePaths: UpdatePathCase[];
}

function parse(f: Fields): TreeKemCase {
  return {
    groupId: f.hex("group_id"),
    epoch: f.uint("epoch"),
    confirmedTranscriptHash: f.hex("confirmed_transcript_hash"),
    ratchetTree: f.hex("ratchet_tree"),
    leavesPrivate: f.objects("leaves_private").map((l) => ({
      index: l.uint("index", 0xffff_ffff),
      encryptionPriv: l.hex("encryption_priv"),
      signaturePriv: l.hex("signature_priv"),
      pathSecrets: l
        .objects("path_secrets")
        .map((p) => ({ node: p.uint("node", 0xffff_ffff), pathSecret: p.hex("path_secret") })),
    })),
    updatePaths: f.objects("update_paths").map((u) => ({
      sender: u.uint("sender", 0xffff_ffff),
      updatePath: u.hex("update_path"),
      pathSecrets: u.optionalHexList("path_secrets"),
      commitSecret: u.hex("commit_secret"),
      treeHashAfter: u.hex("tree_hash_after"),
    })),
  };
}

async function receiveVectorPaths(cs: Suite, c: TreeKemCase, check: Check) {
  const tree = decodeTree(c.ratchetTree, "ratchet_tree");
  const context = { groupId: c.groupId, epoch: BigInt(c.epoch), confirmedTranscriptHash: c.confirmedTranscriptHash };
  for (const [i, u] of c.updatePaths.entries()) {
    const at = `update_paths[${i}] (sender ${u.sender})`;
    const merged = await MergedPath.merge(cs, tree, u.sender, u.updatePath, context);
    check.bytes(`${at}.tree_hash_after`, u.treeHashAfter, merged.treeHash);
    check.holds(`${at}: parent hashes verify after merging`, await merged.parentHashesValid(cs));
    for (const leaf of c.leavesPrivate) {
      const expected = u.pathSecrets[leaf.index];
      if (leaf.index === u.sender || expected === undefined) continue;
      const got = await merged.receive(cs, leaf);
      check.bytes(`${at}.path_secrets[${leaf.index}]`, expected, got.pathSecret);
      check.bytes(`${at}.commit_secret as leaf ${leaf.index}`, u.commitSecret, got.commitSecret);
    }
  }
}

async function roundTripOwnPaths(cs: Suite, c: TreeKemCase, check: Check) {
  const tree = decodeTree(c.ratchetTree, "ratchet_tree");
  const context = { groupId: c.groupId, epoch: BigInt(c.epoch), confirmedTranscriptHash: c.confirmedTranscriptHash };
  // ts-mls encrypts a path it creates for the next epoch.
  const next = { ...context, epoch: context.epoch + 1n };
  for (const sender of c.leavesPrivate) {
    const created = await createPath(cs, tree, sender, context);
    const at = `UpdatePath created by leaf ${sender.index}`;
    const merged = await MergedPath.merge(cs, tree, sender.index, created.updatePath, next);
    check.bytes(`${at}: tree hash after merging`, created.treeHash, merged.treeHash);
    for (const receiver of c.leavesPrivate) {
      if (receiver.index === sender.index) continue;
      check.bytes(
        `${at}: commit secret of leaf ${receiver.index}`,
        created.commitSecret,
        (await merged.receive(cs, receiver)).commitSecret,
      );
    }
  }
}

export const treeKem = definePerSuite<TreeKemCase>({
  name: "treekem",
  fields: ["group_id", "epoch", "confirmed_transcript_hash", "ratchet_tree", "leaves_private", "update_paths"],
  parse,
  async verify(c, cs, check) {
    await receiveVectorPaths(cs, c, check);
    await roundTripOwnPaths(cs, c, check);
  },
});
