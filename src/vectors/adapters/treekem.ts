// TreeKEM outside a commit (RFC 9420 §7.4-7.6), for the treekem vectors:
// merging an UpdatePath into a tree, decrypting it as another member whose
// private keys are given, and creating one as a member.
import { encode, type GroupContext, type RatchetTree, type UpdatePath } from "ts-mls";
import type { Suite } from "../../ts-mls/ciphersuites.js";
import { decodeAll } from "../../ts-mls/codec.js";
import { deriveSecret } from "../../ts-mls/labeled-crypto-internals.js";
import {
  applyUpdatePath,
  applyUpdatePathSecret,
  createUpdatePath,
  pathToRoot,
  toPrivateKeyPath,
  updatePathDecoder,
  updatePathEncoder,
} from "../../ts-mls/path-internals.js";
import { treeHashRoot, verifyParentHashes } from "../../ts-mls/tree-internals.js";
import { rootNode } from "./tree-math.js";
import { plainGroupContext, type GroupContextInputs } from "./key-schedule.js";

export interface PrivateLeaf {
  index: number;
  encryptionPriv: Uint8Array;
  signaturePriv: Uint8Array;
  /** Path secrets this member holds for parent nodes, by node index. */
  pathSecrets: ReadonlyArray<{ node: number; pathSecret: Uint8Array }>;
}

/** What a receiver learns from an UpdatePath. */
export interface Received {
  pathSecret: Uint8Array;
  commitSecret: Uint8Array;
}

type KeyPath = Awaited<ReturnType<typeof toPrivateKeyPath>>;

/** Deriving node keys from path secrets is costly and a member receives many paths: done once per member. */
const keyPaths = new WeakMap<PrivateLeaf, Promise<KeyPath>>();

function privateKeyPath(cs: Suite, leaf: PrivateLeaf): Promise<KeyPath> {
  let keys = keyPaths.get(leaf);
  if (keys === undefined) {
    const secrets = Object.fromEntries(leaf.pathSecrets.map((p) => [p.node, p.pathSecret]));
    keys = toPrivateKeyPath(secrets, leaf.index, cs.impl).then((derived) => ({
      leafIndex: leaf.index,
      privateKeys: { ...derived.privateKeys, [leaf.index * 2]: leaf.encryptionPriv },
    }));
    keyPaths.set(leaf, keys);
  }
  return keys;
}

const rootOf = (tree: RatchetTree) => rootNode((tree.length + 1) / 2);

async function commitSecretFrom(
  cs: Suite,
  tree: RatchetTree,
  node: number,
  pathSecret: Uint8Array,
): Promise<Uint8Array> {
  const secrets = await pathToRoot(tree, node, pathSecret, cs.impl.kdf);
  const rootSecret = secrets[rootOf(tree)];
  if (rootSecret === undefined) throw new Error("no path secret reaches the root");
  return deriveSecret(rootSecret, "path", cs.impl.kdf);
}

export class MergedPath {
  private constructor(
    readonly tree: RatchetTree,
    readonly treeHash: Uint8Array,
    private readonly path: UpdatePath,
    private readonly sender: number,
    private readonly context: GroupContext,
  ) {}

  /**
   * `tree` with the UpdatePath from `sender` merged in. Path secrets are
   * encrypted under the GroupContext with the merged tree's hash and `epoch`.
   */
  static async merge(
    cs: Suite,
    tree: RatchetTree,
    sender: number,
    updatePath: Uint8Array,
    context: Omit<GroupContextInputs, "treeHash">,
  ): Promise<MergedPath> {
    const path = decodeAll(updatePathDecoder, updatePath, "update_path (UpdatePath)");
    const merged = tree.slice();
    await applyUpdatePath(merged, sender, path, cs.impl.hash);
    const treeHash = await treeHashRoot(merged, cs.impl.hash);
    return new MergedPath(merged, treeHash, path, sender, plainGroupContext(cs, { ...context, treeHash }));
  }

  parentHashesValid(cs: Suite): Promise<boolean> {
    return verifyParentHashes(this.tree, cs.impl.hash);
  }

  async receive(cs: Suite, leaf: PrivateLeaf): Promise<Received> {
    const keys = await privateKeyPath(cs, leaf);
    const { nodeIndex, pathSecret } = await applyUpdatePathSecret(
      this.tree,
      keys,
      this.sender,
      this.context,
      this.path,
      [],
      cs.impl,
    );
    return { pathSecret, commitSecret: await commitSecretFrom(cs, this.tree, nodeIndex, pathSecret) };
  }
}

export interface CreatedPath {
  updatePath: Uint8Array;
  treeHash: Uint8Array;
  commitSecret: Uint8Array;
}

/**
 * A fresh UpdatePath from `leaf`. ts-mls encrypts it for the next epoch
 * (`context.epoch` + 1), so receivers merge it with that epoch.
 */
export async function createPath(
  cs: Suite,
  tree: RatchetTree,
  leaf: PrivateLeaf,
  context: Omit<GroupContextInputs, "treeHash">,
): Promise<CreatedPath> {
  const gc = plainGroupContext(cs, { ...context, treeHash: await treeHashRoot(tree, cs.impl.hash) });
  const [after, path, secrets] = await createUpdatePath(
    tree,
    tree.slice(),
    leaf.index,
    gc,
    leaf.signaturePriv,
    cs.impl,
  );
  const root = rootOf(tree);
  const rootSecret = secrets.find((s) => s.nodeIndex === root)?.secret;
  if (rootSecret === undefined) throw new Error("created UpdatePath has no root secret");
  return {
    updatePath: encode(updatePathEncoder, path),
    treeHash: await treeHashRoot(after, cs.impl.hash),
    commitSecret: await deriveSecret(rootSecret, "path", cs.impl.kdf),
  };
}
