// Hand-written tree-math vectors for the loader, runner and CLI tests.

/** A tree of one leaf: a single node that is the root and has no relatives. */
export const oneLeaf = {
  n_leaves: 1,
  n_nodes: 1,
  root: 0,
  left: [null],
  right: [null],
  parent: [null],
  sibling: [null],
};

/** Two leaves, hand-computed from RFC 9420 appendix C. */
export const twoLeaves = {
  n_leaves: 2,
  n_nodes: 3,
  root: 1,
  left: [null, 0, null],
  right: [null, 2, null],
  parent: [1, null, 1],
  sibling: [2, null, 0],
};
