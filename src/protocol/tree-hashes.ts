// A ratchet tree's hashes with each node hashed once: the tree hash of every
// node (RFC 9420 §7.8) and parent-hash validity (§7.9.2), over the library's
// own TreeHashInput and ParentHashInput encoders. ts-mls's treeHash hashes a
// whole subtree again at each call, and its verifyParentHashes calls it for
// the sibling of every node on every leaf's path, so checking a tree of n
// leaves encoded and hashed its leaves about n·log n times; here a tree costs
// one hash per node, and a parent with unmerged leaves one more hash of its
// sibling subtree without them.
import { encode, leafNodeSources, nodeTypes, type CiphersuiteImpl, type RatchetTree } from "ts-mls";
import { parentHashInputEncoder, treeHashInputEncoder, treeMath } from "../ts-mls/tree-internals.js";

type Hash = CiphersuiteImpl["hash"];

const isLeaf = (node: number): boolean => node % 2 === 0;

/** The tree hash of node `index` of `tree`, each node of its subtree hashed once, written into `into` as it goes. */
async function subtreeHash(tree: RatchetTree, index: number, h: Hash, into?: Uint8Array[]): Promise<Uint8Array> {
  const node = tree[index];
  let hash: Uint8Array;
  if (isLeaf(index)) {
    if (node?.nodeType === nodeTypes.parent)
      throw new Error(`ratchet tree node ${index} is a parent in a leaf's place`);
    hash = await h.digest(
      encode(treeHashInputEncoder, { nodeType: nodeTypes.leaf, leafIndex: index / 2, leafNode: node?.leaf }),
    );
  } else {
    if (node?.nodeType === nodeTypes.leaf) throw new Error(`ratchet tree node ${index} is a leaf in a parent's place`);
    const leftHash = await subtreeHash(tree, treeMath.left(index), h, into);
    const rightHash = await subtreeHash(tree, treeMath.right(index), h, into);
    hash = await h.digest(
      encode(treeHashInputEncoder, { nodeType: nodeTypes.parent, parentNode: node?.parent, leftHash, rightHash }),
    );
  }
  if (into !== undefined) into[index] = hash;
  return hash;
}

const rootOf = (tree: RatchetTree): number => treeMath.root((tree.length + 1) / 2);

/** Every node's tree hash, by node index; the root's is the tree's. */
export async function nodeTreeHashes(tree: RatchetTree, h: Hash): Promise<Uint8Array[]> {
  const hashes = new Array<Uint8Array>(tree.length);
  await subtreeHash(tree, rootOf(tree), h, hashes);
  return hashes;
}

/** The first non-blank node above `index`, or the root when every one above is blank. */
function firstNonBlankAbove(tree: RatchetTree, index: number): number {
  const width = (tree.length + 1) / 2;
  const root = treeMath.root(width);
  let current = index;
  while (current !== root) {
    current = treeMath.parent(current, width);
    if (tree[current] !== undefined) return current;
  }
  return root;
}

/**
 * RFC 9420 §7.9.2: every non-blank parent node is parent-hash valid, each
 * covered by exactly one chain that starts at a leaf and follows parent_hash
 * values up, as the library checks it. `hashes` are the tree's own
 * (nodeTreeHashes); a parent with unmerged leaves hashes its sibling subtree
 * again without them, as its original sibling tree hash requires.
 */
export async function parentHashesValid(tree: RatchetTree, hashes: readonly Uint8Array[], h: Hash): Promise<boolean> {
  const root = rootOf(tree);
  const covered = new Map<number, number>();
  for (let leaf = 0; leaf < tree.length; leaf += 2) {
    if (tree[leaf] === undefined) continue;
    let current = leaf;
    while (current !== root) {
      const node = tree[current];
      const expected =
        node?.nodeType === nodeTypes.parent
          ? node.parent.parentHash
          : node?.nodeType === nodeTypes.leaf && node.leaf.leafNodeSource === leafNodeSources.commit
            ? node.leaf.parentHash
            : undefined;
      const above = firstNonBlankAbove(tree, current);
      const parent = tree[above];
      let computed: Uint8Array;
      if (parent === undefined) computed = new Uint8Array();
      else {
        if (parent.nodeType !== nodeTypes.parent) return false;
        const sibling = current < above ? treeMath.right(above) : treeMath.left(above);
        const originalSiblingTreeHash =
          parent.parent.unmergedLeaves.length === 0
            ? (hashes[sibling] as Uint8Array)
            : await subtreeHash(withoutLeaves(tree, parent.parent.unmergedLeaves), sibling, h);
        computed = await h.digest(
          encode(parentHashInputEncoder, {
            encryptionKey: parent.parent.hpkePublicKey,
            parentHash: parent.parent.parentHash,
            originalSiblingTreeHash,
          }),
        );
      }
      if (expected === undefined || !equal(computed, expected)) break;
      covered.set(above, (covered.get(above) ?? 0) + 1);
      current = above;
    }
  }
  return tree.every((node, index) => node?.nodeType !== nodeTypes.parent || covered.get(index) === 1);
}

/** The tree with these leaves blank and gone from every unmerged_leaves list. */
function withoutLeaves(tree: RatchetTree, leaves: readonly number[]): RatchetTree {
  const gone = new Set(leaves);
  return tree.map((node, index) => {
    if (node === undefined) return node;
    if (isLeaf(index)) return gone.has(index / 2) ? undefined : node;
    if (node.nodeType !== nodeTypes.parent) return node;
    return {
      ...node,
      parent: { ...node.parent, unmergedLeaves: node.parent.unmergedLeaves.filter((l) => !gone.has(l)) },
    };
  });
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
