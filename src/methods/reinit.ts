// Reinitialisation (RFC 9420 §11.2): propose, commit, suspend the old group,
// then welcome every member into the new one.
import {
  defaultExtensionTypes,
  joinGroupFromReinit,
  resumptionPSKUsages,
  type ClientState,
  type RatchetTree,
  type Reinit,
  type Welcome,
} from "ts-mls";
import { mlsContext, type ProtocolContext } from "../protocol/context.js";
import { joinFromWelcome } from "../protocol/welcome-join.js";
import type {
  CommitRequest,
  CommitResponse,
  HandleCommitRequest,
  HandlePendingCommitRequest,
  HandleReInitCommitResponse,
  HandleReInitWelcomeRequest,
  JoinGroupResponse,
  ReInitProposalRequest,
  ProposalResponse,
  ReInitWelcomeRequest,
  CreateSubgroupResponse,
} from "../gen/mls_client.js";
import { invalidArgument, unimplemented } from "../errors.js";
import { cryptoProvider, suite } from "../ts-mls/ciphersuites.js";
import { decodeKeyPackage, decodeRatchetTree, decodeWelcome, encodeKeyPackage, toBuffer } from "../ts-mls/codec.js";
import { applyCommit, applyPendingCommit, commitWith } from "./commits.js";
import type { Handles, MemberSession, MethodContext, PendingJoin, SuspendedReinit } from "./handles.js";
import { joined } from "./groups.js";
import { generateKeyPackageFor } from "../ts-mls/key-packages.js";
import { libraryOnInput } from "../ts-mls/library-errors.js";
import { epochAuthenticator, newSession } from "./member-session.js";
import { reinitProposal, sendProposal } from "./proposals.js";
import { createResumedGroup, subgroupResponse } from "./resumption.js";
import { ownIdentity } from "../ts-mls/tree.js";
import type { Transaction } from "../store/handle-store.js";

export async function reInitProposal(ctx: MethodContext, req: ReInitProposalRequest): Promise<ProposalResponse> {
  const proposal = await reinitProposal(req.groupId, req.cipherSuite, req.extensions, "request");
  return ctx.store.transaction([req.stateId], async (tx) => {
    const { session, message } = await sendProposal(tx.get(req.stateId, "state"), proposal);
    tx.put(req.stateId, "state", session);
    return { proposal: message };
  });
}

/** Commits the ReInit handed by reference (from this member or an external signer); never a Welcome. */
export async function reInitCommit(ctx: MethodContext, req: CommitRequest): Promise<CommitResponse> {
  const response = await commitWith(ctx, req, (next) => {
    if (next.groupActiveState.kind !== "suspendedPendingReinit")
      throw invalidArgument("by_reference/by_value hold no ReInit proposal to commit");
  });
  return { ...response, welcome: Buffer.alloc(0) };
}

/**
 * Hands out a reinit handle holding the now-suspended group and a KeyPackage
 * for the new group. The state id stays valid, holding the suspended group,
 * until it is freed: MLSpp and ts-mls's reference server keep it too, and the
 * Go runner frees it when a later reinit call fails, so a NOT_FOUND there
 * would replace the real failure in its results. New handshakes on it are
 * refused (FAILED_PRECONDITION, from ts-mls).
 */
async function suspend(
  tx: Transaction<Handles>,
  stateId: number,
  session: MemberSession,
): Promise<HandleReInitCommitResponse> {
  const active = session.state.groupActiveState;
  if (active.kind !== "suspendedPendingReinit") throw invalidArgument("commit does not apply a ReInit proposal");
  const newSuite = await suite(active.reinit.cipherSuite);
  const identity = ownIdentity(session.state);
  const own = await generateKeyPackageFor(newSuite, identity);
  const reinit: SuspendedReinit = {
    suspended: session,
    reinit: active.reinit,
    join: { suite: newSuite, identity, keyPackage: own.keyPackage, privateKeys: own.privateKeys, psks: session.psks },
  };
  tx.put(stateId, "state", session);
  const reinitId = tx.create("reinit", reinit);
  return {
    reinitId,
    keyPackage: encodeKeyPackage(own.keyPackage),
    epochAuthenticator: toBuffer(epochAuthenticator(session.state)),
  };
}

export async function handlePendingReInitCommit(
  ctx: MethodContext,
  req: HandlePendingCommitRequest,
): Promise<HandleReInitCommitResponse> {
  return ctx.store.transaction([req.stateId], async (tx) =>
    suspend(tx, req.stateId, applyPendingCommit(tx.get(req.stateId, "state"))),
  );
}

export async function handleReInitCommit(
  ctx: MethodContext,
  req: HandleCommitRequest,
): Promise<HandleReInitCommitResponse> {
  return ctx.store.transaction([req.stateId], async (tx) =>
    suspend(
      tx,
      req.stateId,
      await applyCommit(ctx.options.mode, tx.get(req.stateId, "state"), req.proposal, req.commit),
    ),
  );
}

export async function reInitWelcome(ctx: MethodContext, req: ReInitWelcomeRequest): Promise<CreateSubgroupResponse> {
  return ctx.store.transaction([req.reinitId], async (tx) => {
    const { suspended, reinit, join } = tx.get(req.reinitId, "reinit");
    const members = req.keyPackage.map((kp, i) => decodeKeyPackage(kp, `key_package[${i}]`));
    const created = await createResumedGroup(ctx, {
      suite: join.suite,
      groupId: reinit.groupId,
      extensions: reinit.extensions,
      own: join,
      members,
      resumeFrom: suspended.state,
      usage: resumptionPSKUsages.reinit,
      encryptHandshake: suspended.encryptHandshake,
      psks: suspended.psks,
      shape: req,
    });
    tx.remove(req.reinitId);
    return subgroupResponse(tx.create("state", created.session), created);
  });
}

/**
 * ts-mls checks that the Welcome's suite, group id, extensions and resumption
 * PSK match the ReInit. Its extension comparison as released fails on any
 * required_capabilities (KNOWN-ISSUES.md#reinit-required-capabilities); the
 * rfc mode's codec compares by bytes.
 */
export async function handleReInitWelcome(
  ctx: MethodContext,
  req: HandleReInitWelcomeRequest,
): Promise<JoinGroupResponse> {
  const welcome = decodeWelcome(req.welcome, "welcome");
  const ratchetTree = decodeRatchetTree(req.ratchetTree, "ratchet_tree");
  return ctx.store.transaction([req.reinitId], async (tx) => {
    const { suspended, join, reinit } = tx.get(req.reinitId, "reinit");
    const context = mlsContext(join.suite, join.psks);
    const state: ClientState =
      ctx.options.mode === "rfc"
        ? await libraryOnInput("join reinitialised group", () =>
            joinFromWelcome({
              context,
              welcome,
              keyPackage: join.keyPackage,
              privateKeys: join.privateKeys,
              ratchetTree,
              resumeFrom: suspended.state,
            }),
          )
        : await joinReinitAsReleased(context, suspended.state, reinit, join, welcome, ratchetTree);
    return joined(tx, req.reinitId, newSession(state, join.suite, suspended.encryptHandshake, join.psks));
  });
}

/** ts-mls's joinGroupFromReinit, refusing what it cannot join (KNOWN-ISSUES.md#reinit-required-capabilities). */
async function joinReinitAsReleased(
  context: ProtocolContext,
  suspendedState: ClientState,
  reinit: Reinit,
  join: PendingJoin,
  welcome: Welcome,
  ratchetTree: RatchetTree | undefined,
): Promise<ClientState> {
  if (reinit.extensions.some((e) => e.extensionType === defaultExtensionTypes.required_capabilities))
    throw unimplemented(
      "ts-mls 2.0.0-rc.10 cannot join a reinitialised group with a required_capabilities extension " +
        "(KNOWN-ISSUES.md#reinit-required-capabilities)",
    );
  return libraryOnInput("join reinitialised group", () =>
    joinGroupFromReinit({
      context,
      suspendedState,
      welcome,
      keyPackage: join.keyPackage,
      privateKeyPackage: join.privateKeys,
      ratchetTree,
      provider: cryptoProvider,
    }),
  );
}
