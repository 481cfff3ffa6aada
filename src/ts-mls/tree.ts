// Questions the wire contract asks of a ratchet tree: who is at which leaf.
import {
  defaultCredentialTypes,
  defaultExtensionTypes,
  getOwnLeafNode,
  nodeTypes,
  type ClientState,
  type GroupInfo,
  type LeafNode,
  type RatchetTree,
} from "ts-mls";
import { failedPrecondition, notFound } from "../errors.js";
import { bytesEqual, decodeAll } from "./codec.js";
import { ratchetTreeDecoder } from "./tree-internals.js";

export interface Leaf {
  index: number;
  node: LeafNode;
}

export function* leaves(tree: RatchetTree): Generator<Leaf> {
  for (let nodeIndex = 0; nodeIndex < tree.length; nodeIndex += 2) {
    const node = tree[nodeIndex];
    if (node?.nodeType === nodeTypes.leaf) yield { index: nodeIndex / 2, node: node.leaf };
  }
}

export function hasIdentity(leaf: LeafNode, identity: Uint8Array): boolean {
  const credential = leaf.credential;
  return (
    credential.credentialType === defaultCredentialTypes.basic &&
    "identity" in credential &&
    bytesEqual(credential.identity, identity)
  );
}

/** removed_id semantics: the first leaf in tree order whose Basic identity matches. */
export function firstLeafWithIdentity(tree: RatchetTree, identity: Uint8Array): Leaf {
  for (const leaf of leaves(tree)) if (hasIdentity(leaf.node, identity)) return leaf;
  throw notFound(`no member with identity ${printable(identity)}`);
}

/** remove_prior semantics: the joiner's earlier leaf is the last one with its identity. */
export function lastLeafWithIdentity(tree: RatchetTree, identity: Uint8Array): Leaf {
  let found: Leaf | undefined;
  for (const leaf of leaves(tree)) if (hasIdentity(leaf.node, identity)) found = leaf;
  if (found === undefined) throw notFound(`no member with identity ${printable(identity)} to remove`);
  return found;
}

/** The tree a GroupInfo's ratchet_tree extension carries, if any. */
export function treeFromGroupInfo(groupInfo: GroupInfo, field: string): RatchetTree | undefined {
  const ext = groupInfo.extensions.find((e) => e.extensionType === defaultExtensionTypes.ratchet_tree);
  if (ext === undefined) return undefined;
  return decodeAll(ratchetTreeDecoder, ext.extensionData as Uint8Array, `${field} ratchet_tree extension`);
}

/** Identities are usually ASCII names; show them as such, else as hex. */
export function printable(identity: Uint8Array): string {
  const text = Buffer.from(identity).toString("utf8");
  return /^[\x20-\x7e]*$/.test(text) ? `'${text}'` : `0x${Buffer.from(identity).toString("hex")}`;
}

/** The Basic identity of this member's own leaf, for new leaves that keep it. */
export function ownIdentity(state: ClientState): Uint8Array {
  const credential = getOwnLeafNode(state).credential;
  if (!("identity" in credential)) throw failedPrecondition("this member's credential is not a Basic credential");
  return credential.identity;
}
