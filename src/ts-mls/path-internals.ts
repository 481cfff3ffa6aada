// ts-mls INTERNALS: UpdatePaths and their path secrets (TreeKEM, RFC 9420 §7.4-7.6).
// Creating, applying and decrypting an UpdatePath outside a whole commit:
// for our commit builder and processing, and the treekem vectors.
// Loaded by path through library-module.ts; re-check on every upgrade of ts-mls.
import type {
  CiphersuiteImpl,
  Decoder,
  Encoder,
  GroupContext,
  PrivateKey,
  PrivateKeyPath,
  RatchetTree,
  UpdatePath,
} from "ts-mls";
import { loadInternals } from "./library-module.js";

/** treekem.json: applying and decrypting an UpdatePath, and creating one, outside a commit (RFC 9420 §7.4-7.6). */
const updatePathModule = await loadInternals<{
  updatePathDecoder: Decoder<UpdatePath>;
  updatePathEncoder: Encoder<UpdatePath>;
  applyUpdatePath: (
    tree: RatchetTree,
    sender: number,
    path: UpdatePath,
    h: CiphersuiteImpl["hash"],
    isExternal?: boolean,
  ) => Promise<void>;
  createUpdatePath: (
    originalTree: RatchetTree,
    mutableTree: RatchetTree,
    sender: number,
    gc: GroupContext,
    signaturePrivateKey: Uint8Array,
    cs: CiphersuiteImpl,
  ) => Promise<
    [RatchetTree, UpdatePath, Array<{ nodeIndex: number; secret: Uint8Array; sendTo: number[] }>, PrivateKey]
  >;
}>("./updatePath.js");
export const updatePathDecoder = updatePathModule.updatePathDecoder;
export const updatePathEncoder = updatePathModule.updatePathEncoder;
export const applyUpdatePath = updatePathModule.applyUpdatePath;
export const createUpdatePath = updatePathModule.createUpdatePath;

const updatePathSecretModule = await loadInternals<{
  applyUpdatePathSecret: (
    tree: RatchetTree,
    privatePath: PrivateKeyPath,
    sender: number,
    gc: GroupContext,
    path: UpdatePath,
    excludeNodes: number[],
    cs: CiphersuiteImpl,
  ) => Promise<{ nodeIndex: number; pathSecret: Uint8Array }>;
}>("./createCommit.js");
export const applyUpdatePathSecret = updatePathSecretModule.applyUpdatePathSecret;

const pathSecretsModule = await loadInternals<{
  pathToRoot: (
    tree: RatchetTree,
    node: number,
    pathSecret: Uint8Array,
    kdf: CiphersuiteImpl["kdf"],
  ) => Promise<Record<number, Uint8Array>>;
}>("./pathSecrets.js");
export const pathToRoot = pathSecretsModule.pathToRoot;

const privateKeyPathModule = await loadInternals<{
  toPrivateKeyPath: (
    pathSecrets: Record<number, Uint8Array>,
    leafIndex: number,
    cs: CiphersuiteImpl,
  ) => Promise<PrivateKeyPath>;
}>("./privateKeyPath.js");
export const toPrivateKeyPath = privateKeyPathModule.toPrivateKeyPath;

const privateKeyPathEditModule = await loadInternals<{
  mergePrivateKeyPaths: (a: PrivateKeyPath, b: PrivateKeyPath) => PrivateKeyPath;
  updateLeafKey: (path: PrivateKeyPath, newKey: Uint8Array) => PrivateKeyPath;
}>("./privateKeyPath.js");
export const mergePrivateKeyPaths = privateKeyPathEditModule.mergePrivateKeyPaths;
export const updateLeafKey = privateKeyPathEditModule.updateLeafKey;

/** A path secret of an UpdatePath in the making: its node and who it is encrypted to. */
export interface PathSecret {
  nodeIndex: number;
  secret: Uint8Array;
  sendTo: number[];
}

const pathSecretListModule = await loadInternals<{
  pathToPathSecrets: (secrets: PathSecret[]) => Record<number, Uint8Array>;
}>("./pathSecrets.js");
export const pathToPathSecrets = pathSecretListModule.pathToPathSecrets;

const ancestorModule = await loadInternals<{
  firstCommonAncestor: (tree: RatchetTree, leafIndex: number, senderLeafIndex: number) => number;
}>("./updatePath.js");
export const firstCommonAncestor = ancestorModule.firstCommonAncestor;
