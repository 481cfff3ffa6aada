// Becoming a member: CreateGroup, CreateKeyPackage, JoinGroup, ExternalJoin.
import {
  createGroup as tsCreateGroup,
  joinGroup as tsJoinGroup,
  joinGroupExternal,
  protocolVersions,
  wireformats,
  type ClientState,
  type MlsMessage,
} from "ts-mls";
import type {
  CreateGroupRequest,
  CreateGroupResponse,
  CreateKeyPackageRequest,
  CreateKeyPackageResponse,
  ExternalJoinRequest,
  ExternalJoinResponse,
  JoinGroupRequest,
  JoinGroupResponse,
} from "../gen/mls_client.js";
import { invalidArgument, unimplemented } from "../errors.js";
import { suite, type Suite } from "../ts-mls/ciphersuites.js";
import {
  bytesEqual,
  decodeRatchetTree,
  decodeWelcome,
  encodeKeyPackage,
  encodeMessage,
  toBuffer,
} from "../ts-mls/codec.js";
import { clientConfig, mlsContext, type PskTable } from "../protocol/context.js";
import { joinByExternalCommit } from "../protocol/external-join.js";
import { joinFromWelcome } from "../protocol/welcome-join.js";
import type { Transaction } from "../store/handle-store.js";
import type { Handles, MemberSession, MethodContext, PendingJoin } from "./handles.js";
import { generateKeyPackageFor, rawPrivateKeys } from "../ts-mls/key-packages.js";
import { library, libraryOnInput } from "../ts-mls/library-errors.js";
import { acceptingNestedExternalPub } from "../ts-mls/library-workarounds.js";
import { epochAuthenticator, newSession, withPsk } from "./member-session.js";
import { outsideView } from "../protocol/outside-view.js";
import { lastLeafWithIdentity } from "../ts-mls/tree.js";

export async function createGroup(ctx: MethodContext, req: CreateGroupRequest): Promise<CreateGroupResponse> {
  const cs = await suite(req.cipherSuite);
  const { keyPackage, privateKeys } = await generateKeyPackageFor(cs, req.identity);
  const state = await library("create group", () =>
    tsCreateGroup({
      context: mlsContext(cs, {}),
      groupId: Uint8Array.from(req.groupId),
      keyPackage,
      privateKeyPackage: privateKeys,
    }),
  );
  const stateId = await ctx.store.transaction([], async (tx) =>
    tx.create("state", newSession(state, cs, req.encryptHandshake, {})),
  );
  return { stateId };
}

/** A fresh KeyPackage waiting for its Welcome. */
export async function pendingJoin(cs: Suite, identity: Uint8Array): Promise<PendingJoin> {
  const { keyPackage, privateKeys } = await generateKeyPackageFor(cs, identity);
  return { suite: cs, identity: Uint8Array.from(identity), keyPackage, privateKeys, psks: {} };
}

/** Keeps a pending join under a new handle; answers with it and the private keys as the wire contract returns them. */
export async function keepPendingJoin(
  ctx: MethodContext,
  join: PendingJoin,
): Promise<{ transactionId: number; initPriv: Buffer; encryptionPriv: Buffer; signaturePriv: Buffer }> {
  const transactionId = await ctx.store.transaction([], async (tx) => tx.create("join", join));
  const raw = rawPrivateKeys(join.privateKeys);
  return {
    transactionId,
    initPriv: toBuffer(raw.initPriv),
    encryptionPriv: toBuffer(raw.encryptionPriv),
    signaturePriv: toBuffer(raw.signaturePriv),
  };
}

export async function createKeyPackage(
  ctx: MethodContext,
  req: CreateKeyPackageRequest,
): Promise<CreateKeyPackageResponse> {
  const join = await pendingJoin(await suite(req.cipherSuite), req.identity);
  return { ...(await keepPendingJoin(ctx, join)), keyPackage: encodeKeyPackage(join.keyPackage) };
}

/** A join succeeded: the handle it consumed goes, the new member session gets its own id. */
export function joined(
  tx: Transaction<Handles>,
  consumed: number,
  session: MemberSession,
): { stateId: number; epochAuthenticator: Buffer } {
  tx.remove(consumed);
  const stateId = tx.create("state", session);
  return { stateId, epochAuthenticator: toBuffer(epochAuthenticator(session.state)) };
}

/** `identity` is redundant with the KeyPackage behind the transaction and is ignored. */
export async function joinGroup(ctx: MethodContext, req: JoinGroupRequest): Promise<JoinGroupResponse> {
  const welcome = decodeWelcome(req.welcome, "welcome");
  const ratchetTree = decodeRatchetTree(req.ratchetTree, "ratchet_tree");
  return ctx.store.transaction([req.transactionId], async (tx) => {
    const join = tx.get(req.transactionId, "join");
    const context = mlsContext(join.suite, join.psks);
    const state = await libraryOnInput("join from Welcome", () =>
      ctx.options.mode === "rfc"
        ? joinFromWelcome({ context, welcome, keyPackage: join.keyPackage, privateKeys: join.privateKeys, ratchetTree })
        : tsJoinGroup({ context, welcome, keyPackage: join.keyPackage, privateKeys: join.privateKeys, ratchetTree }),
    );
    return joined(tx, req.transactionId, newSession(state, join.suite, req.encryptHandshake, join.psks));
  });
}

export async function externalJoin(ctx: MethodContext, req: ExternalJoinRequest): Promise<ExternalJoinResponse> {
  const joining = ctx.options.mode === "rfc" ? joinByOwnCommit(req) : joinAsReleased(req);
  const { state, commit, suite: cs, psks } = await joining;
  const stateId = await ctx.store.transaction([], async (tx) =>
    tx.create("state", newSession(state, cs, req.encryptHandshake, psks)),
  );
  return { stateId, commit: encodeMessage(commit), epochAuthenticator: toBuffer(epochAuthenticator(state)) };
}

interface ExternallyJoined {
  state: ClientState;
  commit: MlsMessage;
  suite: Suite;
  psks: PskTable;
}

async function treeFor(req: ExternalJoinRequest, libraryVerifies: boolean) {
  const view = await outsideView(req.groupInfo, req.ratchetTree, libraryVerifies);
  if (view.tree === undefined)
    throw invalidArgument("no ratchet tree: ratchet_tree is empty and group_info has no ratchet_tree extension");
  return { ...view, tree: view.tree };
}

/** Our external commit (src/protocol/external-join.ts): PSK proposals included. */
async function joinByOwnCommit(req: ExternalJoinRequest): Promise<ExternallyJoined> {
  const { groupInfo, suite: cs, tree } = await treeFor(req, false);
  const { keyPackage, privateKeys } = await generateKeyPackageFor(cs, req.identity);
  let psks: PskTable = {};
  for (const [i, psk] of req.psks.entries()) {
    if (psk.pskId.length === 0) throw invalidArgument(`psks[${i}].psk_id is empty`);
    psks = withPsk(psks, psk.pskId, psk.pskSecret);
  }
  const joined = await libraryOnInput("external join", () =>
    joinByExternalCommit({
      context: mlsContext(cs, psks),
      groupInfo,
      tree,
      keyPackage,
      privateKeys,
      priorLeaf: req.removePrior ? lastLeafWithIdentity(tree, req.identity).index : undefined,
      psks: req.psks.map((p) => ({ id: p.pskId, secret: p.pskSecret })),
    }),
  );
  return { ...joined, suite: cs, psks };
}

/** ts-mls's joinGroupExternal, which cannot carry PSKs (KNOWN-ISSUES.md#external-join-psks). */
async function joinAsReleased(req: ExternalJoinRequest): Promise<ExternallyJoined> {
  if (req.psks.length > 0)
    throw unimplemented(
      "psks: ts-mls 2.0.0-rc.10 cannot put PSK proposals into an external commit (KNOWN-ISSUES.md#external-join-psks)",
    );
  const { groupInfo, suite: cs, tree } = await treeFor(req, true);
  const { keyPackage, privateKeys } = await generateKeyPackageFor(cs, req.identity);

  let config = clientConfig;
  if (req.removePrior) {
    const prior = lastLeafWithIdentity(tree, req.identity);
    // ts-mls resyncs by finding the leaf its equality config matches with the
    // new KeyPackage; pin that match to the leaf the contract names (signature
    // keys are unique within a valid tree).
    config = {
      ...clientConfig,
      keyPackageEqualityConfig: {
        ...clientConfig.keyPackageEqualityConfig,
        compareKeyPackageToLeafNode: (_kp, leaf) => bytesEqual(leaf.signaturePublicKey, prior.node.signaturePublicKey),
      },
    };
  }

  const context = { ...mlsContext(cs, {}, config), cipherSuite: acceptingNestedExternalPub(cs.impl) };
  const { publicMessage, newState } = await libraryOnInput("external join", () =>
    joinGroupExternal({
      context,
      groupInfo,
      keyPackage,
      privateKeys,
      resync: req.removePrior,
      tree,
    }),
  );
  return {
    state: newState,
    commit: { version: protocolVersions.mls10, wireformat: wireformats.mls_public_message, publicMessage },
    suite: cs,
    psks: {},
  };
}
