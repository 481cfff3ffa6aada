// ts-mls INTERNALS: the ratchet tree (RFC 9420 §4, §7).
// Its codec for the wire contract's bare ratchet_tree fields, tree math,
// hashes, resolutions, edits, leaf signatures and validation: for our
// constructions (src/protocol/), the binding's tree questions and the vectors.
// Loaded by path through library-module.ts; re-check on every upgrade of ts-mls.
import type {
  AuthenticationService,
  CiphersuiteImpl,
  ClientConfig,
  Decoder,
  Encoder,
  GroupContext,
  LeafNode,
  LeafNodeCommit,
  LeafNodeUpdate,
  MlsError,
  ParentNode,
  RatchetTree,
  Signature,
} from "ts-mls";
import type { nodeTypes } from "ts-mls";
import { loadInternals } from "./library-module.js";

/** Bare `optional<Node> ratchet_tree<V>` for the ratchet_tree fields of the wire contract. */
const ratchetTreeModule = await loadInternals<{
  ratchetTreeEncoder: Encoder<RatchetTree>;
  ratchetTreeDecoder: Decoder<RatchetTree>;
  filteredDirectPathAndCopathResolution: (
    leafIndex: number,
    tree: RatchetTree,
  ) => Array<{ nodeIndex: number; resolution: number[] }>;
}>("./ratchetTree.js");
export const ratchetTreeEncoder = ratchetTreeModule.ratchetTreeEncoder;
export const ratchetTreeDecoder = ratchetTreeModule.ratchetTreeDecoder;
/** Who an UpdatePath is encrypted to, to catch the commits ts-mls encrypts to the wrong keys. */
export const filteredDirectPathAndCopathResolution = ratchetTreeModule.filteredDirectPathAndCopathResolution;

/** tree-math.json: the array-representation tree arithmetic of RFC 9420 appendix C. */
const treeMathModule = await loadInternals<{
  nodeWidth: (leafWidth: number) => number;
  root: (leafWidth: number) => number;
  left: (node: number) => number;
  right: (node: number) => number;
  parent: (node: number, leafWidth: number) => number;
  sibling: (node: number, leafWidth: number) => number;
}>("./treemath.js");
export const treeMath = treeMathModule;

/**
 * Update proposals need a LeafNode with source `update` signed over its
 * group id and leaf index; ts-mls exports no signer for it. Its commit-leaf
 * signer serialises whichever LeafNodeTBS variant it is handed, update included.
 */
const leafNodeModule = await loadInternals<{
  signLeafNodeCommit: (
    tbs: LeafNode & { groupId: Uint8Array; leafIndex: number },
    signaturePrivateKey: Uint8Array,
    sig: Signature,
  ) => Promise<LeafNode>;
}>("./leafNode.js");
export const signLeafNodeTbs = leafNodeModule.signLeafNodeCommit;

/** tree-validation.json and tree-operations.json: tree hashes, resolutions, parent hashes and tree edits (RFC 9420 §4, §7). */
const treeHashModule = await loadInternals<{
  treeHash: (tree: RatchetTree, node: number, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
  treeHashRoot: (tree: RatchetTree, h: CiphersuiteImpl["hash"]) => Promise<Uint8Array>;
  treeHashInputEncoder: Encoder<TreeHashInput>;
}>("./treeHash.js");
export const treeHash = treeHashModule.treeHash;
export const treeHashRoot = treeHashModule.treeHashRoot;
/** RFC 9420 §7.8's TreeHashInput, for hashing each node once (protocol/tree-hashes.ts). */
export const treeHashInputEncoder = treeHashModule.treeHashInputEncoder;

export type TreeHashInput =
  | { nodeType: typeof nodeTypes.leaf; leafIndex: number; leafNode: LeafNode | undefined }
  | {
      nodeType: typeof nodeTypes.parent;
      parentNode: ParentNode | undefined;
      leftHash: Uint8Array;
      rightHash: Uint8Array;
    };

export interface ParentHashInput {
  encryptionKey: Uint8Array;
  parentHash: Uint8Array;
  originalSiblingTreeHash: Uint8Array;
}

const ratchetTreeEditModule = await loadInternals<{
  resolution: (tree: RatchetTree, node: number) => number[];
  addLeafNodeMutable: (tree: RatchetTree, leaf: LeafNode) => number;
  updateLeafNodeMutable: (tree: RatchetTree, leaf: LeafNode, leafIndex: number) => void;
  removeLeafNodeMutable: (tree: RatchetTree, leafIndex: number) => void;
}>("./ratchetTree.js");
export const resolution = ratchetTreeEditModule.resolution;
export const addLeafNodeMutable = ratchetTreeEditModule.addLeafNodeMutable;
export const updateLeafNodeMutable = ratchetTreeEditModule.updateLeafNodeMutable;
export const removeLeafNodeMutable = ratchetTreeEditModule.removeLeafNodeMutable;

const parentHashModule = await loadInternals<{
  verifyParentHashes: (tree: RatchetTree, h: CiphersuiteImpl["hash"]) => Promise<boolean>;
  parentHashInputEncoder: Encoder<ParentHashInput>;
}>("./parentHash.js");
export const verifyParentHashes = parentHashModule.verifyParentHashes;
/** RFC 9420 §7.9's ParentHashInput. */
export const parentHashInputEncoder = parentHashModule.parentHashInputEncoder;

const leafSignatureModule = await loadInternals<{
  verifyLeafNodeSignature: (leaf: LeafNode, groupId: Uint8Array, leafIndex: number, s: Signature) => Promise<boolean>;
  verifyLeafNodeSignatureKeyPackage: (leaf: LeafNode, s: Signature) => Promise<boolean>;
}>("./leafNode.js");
export const verifyLeafNodeSignature = leafSignatureModule.verifyLeafNodeSignature;
export const verifyLeafNodeSignatureKeyPackage = leafSignatureModule.verifyLeafNodeSignatureKeyPackage;

const leafLookupModule = await loadInternals<{
  findLeafIndex: (tree: RatchetTree, leaf: LeafNode) => number | undefined;
}>("./ratchetTree.js");
export const findLeafIndex = leafLookupModule.findLeafIndex;

/** Tree and leaf validation, as ts-mls runs it inside its own joins and commit processing. */
const treeValidationModule = await loadInternals<{
  validateRatchetTree: (
    tree: RatchetTree,
    groupContext: GroupContext,
    config: ClientConfig["lifetimeConfig"],
    authService: AuthenticationService,
    treeHash: Uint8Array,
    cs: CiphersuiteImpl,
  ) => Promise<MlsError | undefined>;
  validateLeafNodeUpdateOrCommit: (
    leafNode: LeafNodeCommit | LeafNodeUpdate,
    leafIndex: number,
    groupContext: GroupContext,
    authService: AuthenticationService,
    s: Signature,
  ) => Promise<MlsError | undefined>;
  validateLeafNodeCredentialAndKeyUniqueness: (
    tree: RatchetTree,
    leafNode: LeafNode,
    existingLeafIndex?: number,
  ) => Promise<MlsError | undefined>;
  throwIfDefined: (err: MlsError | undefined) => void;
}>("./clientState.js");
export const validateRatchetTree = treeValidationModule.validateRatchetTree;
export const validateLeafNodeUpdateOrCommit = treeValidationModule.validateLeafNodeUpdateOrCommit;
export const validateLeafNodeCredentialAndKeyUniqueness =
  treeValidationModule.validateLeafNodeCredentialAndKeyUniqueness;
export const throwIfDefined = treeValidationModule.throwIfDefined;
