// Tree arithmetic for the tree-math vectors, as ts-mls computes it. ts-mls
// throws where RFC 9420 says "no such node" (a leaf's children, the root's
// parent); the vectors write null there, so those cases are answered here
// without asking the library.
import { treeMath } from "../../ts-mls/tree-internals.js";

export function nodeCount(leaves: number): number {
  return treeMath.nodeWidth(leaves);
}

export function rootNode(leaves: number): number {
  return treeMath.root(leaves);
}

const isLeaf = (node: number) => node % 2 === 0;

export function leftChild(node: number): number | undefined {
  return isLeaf(node) ? undefined : treeMath.left(node);
}

export function rightChild(node: number): number | undefined {
  return isLeaf(node) ? undefined : treeMath.right(node);
}

export function parentNode(node: number, leaves: number): number | undefined {
  return node === treeMath.root(leaves) ? undefined : treeMath.parent(node, leaves);
}

export function siblingNode(node: number, leaves: number): number | undefined {
  return node === treeMath.root(leaves) ? undefined : treeMath.sibling(node, leaves);
}
