// tree-math.json: node counts, root and the left/right/parent/sibling
// relations of every node, for a range of tree sizes.
import { leftChild, nodeCount, parentNode, rightChild, rootNode, siblingNode } from "./adapters/tree-math.js";
import type { Fields } from "./fields.js";
import type { Check } from "./outcome.js";
import { defineSuite } from "./vector-suite.js";

type Relation = Array<number | undefined>;

interface TreeMathCase {
  nLeaves: number;
  nNodes: number;
  root: number;
  left: Relation;
  right: Relation;
  parent: Relation;
  sibling: Relation;
}

const relations = ["left", "right", "parent", "sibling"] as const;

function parse(f: Fields): TreeMathCase {
  const nLeaves = f.uint("n_leaves", 0x7fff_ffff);
  if (nLeaves === 0) throw f.fail("n_leaves", "is 0; a tree has at least one leaf");
  return {
    nLeaves,
    nNodes: f.uint("n_nodes"),
    root: f.uint("root"),
    left: f.optionalUintList("left"),
    right: f.optionalUintList("right"),
    parent: f.optionalUintList("parent"),
    sibling: f.optionalUintList("sibling"),
  };
}

const show = (n: number | undefined) => (n === undefined ? "null" : String(n));

function compareRelation(check: Check, name: string, expected: Relation, ours: (node: number) => number | undefined) {
  for (const [node, want] of expected.entries()) check.value(`${name}[${node}]`, show(want), show(ours(node)));
}

export const treeMath = defineSuite<TreeMathCase>({
  name: "tree-math",
  fields: ["n_leaves", "n_nodes", "root", "left", "right", "parent", "sibling"],
  parse,
  async verify(c, check) {
    check.value("n_nodes", c.nNodes, nodeCount(c.nLeaves));
    check.value("root", c.root, rootNode(c.nLeaves));
    const computed = {
      left: leftChild,
      right: rightChild,
      parent: (node: number) => parentNode(node, c.nLeaves),
      sibling: (node: number) => siblingNode(node, c.nLeaves),
    };
    for (const name of relations) {
      check.value(`${name} length`, c.nNodes, c[name].length);
      compareRelation(check, name, c[name], computed[name]);
    }
  },
});
