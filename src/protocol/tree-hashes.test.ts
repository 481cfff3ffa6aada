// Each node hashed once gives the working group's tree hashes for every node
// of every tree-validation.json tree, and parent-hash validity as ts-mls's
// verifyParentHashes judges it, on those trees and on each of them with one
// parent hash or one unmerged leaf changed.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { nodeTypes, type RatchetTree } from "ts-mls";
import { sharedDir, sharedMissing } from "../testing/paths.js";
import { suite, supportedSuiteIds } from "../ts-mls/ciphersuites.js";
import { decodeAll } from "../ts-mls/codec.js";
import { ratchetTreeDecoder, verifyParentHashes } from "../ts-mls/tree-internals.js";
import { nodeTreeHashes, parentHashesValid } from "./tree-hashes.js";

interface Case {
  cipher_suite: number;
  tree: string;
  tree_hashes: string[];
}

const file = "test-vectors/tree-validation.json";
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/** Trees with one thing changed that parent hashes cover: a parent's parent_hash, or its unmerged leaves. */
function variants(tree: RatchetTree): RatchetTree[] {
  const out: RatchetTree[] = [];
  tree.forEach((node, index) => {
    if (node?.nodeType !== nodeTypes.parent) return;
    const flipped = Uint8Array.from(node.parent.parentHash);
    if (flipped.length > 0) flipped[0]! ^= 1;
    out.push(tree.with(index, { ...node, parent: { ...node.parent, parentHash: flipped } }));
    const unmerged = node.parent.unmergedLeaves.length > 0 ? [] : [0];
    out.push(tree.with(index, { ...node, parent: { ...node.parent, unmergedLeaves: unmerged } }));
  });
  return out;
}

test("every node's tree hash and parent-hash validity agree with the vectors and with ts-mls", async (t) => {
  const missing = sharedMissing(file);
  if (missing !== undefined) return t.skip(missing);
  const cases = JSON.parse(readFileSync(join(sharedDir, file), "utf8")) as Case[];
  let trees = 0;
  let invalid = 0;
  for (const [i, c] of cases.entries()) {
    if (!supportedSuiteIds.includes(c.cipher_suite)) continue;
    const h = (await suite(c.cipher_suite)).impl.hash;
    const tree = decodeAll(ratchetTreeDecoder, Buffer.from(c.tree, "hex"), "tree");
    const hashes = await nodeTreeHashes(tree, h);
    assert.deepEqual(
      c.tree_hashes.map((_, node) => hex(hashes[node] as Uint8Array)),
      c.tree_hashes,
      `case ${i}: tree hashes`,
    );
    assert.equal(await parentHashesValid(tree, hashes, h), true, `case ${i}: parent hashes`);
    trees++;
    // Every seventh case's variants: ts-mls judges each one the slow way.
    if (i % 7 !== 0) continue;
    for (const [k, variant] of variants(tree).entries()) {
      const ours = await parentHashesValid(variant, await nodeTreeHashes(variant, h), h);
      assert.equal(ours, await verifyParentHashes(variant, h), `case ${i}, variant ${k}`);
      if (!ours) invalid++;
    }
  }
  assert.ok(trees > 0, "no tree in a suite we run");
  assert.ok(invalid > 0, "no changed tree was invalid: the variants test nothing");
});
