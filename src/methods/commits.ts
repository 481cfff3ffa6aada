// Commits: Commit creates one (not yet applied), HandleCommit applies
// another member's, HandlePendingCommit applies this member's own.
import { defaultProposalTypes, type ClientState, type Proposal } from "ts-mls";
import type {
  CommitRequest,
  CommitResponse,
  HandleCommitRequest,
  HandleCommitResponse,
  HandlePendingCommitRequest,
} from "../gen/mls_client.js";
import { failedPrecondition, invalidArgument } from "../errors.js";
import { buildCommit, type CommitPlan } from "../protocol/commit-builder.js";
import { commitAsReleased } from "../ts-mls/as-released-commit.js";
import { bytesEqual, encodeMessage, encodeRatchetTree, toBuffer } from "../ts-mls/codec.js";
import type { MemberSession, MethodContext } from "./handles.js";
import type { ProtocolMode } from "../ts-mls/protocol-mode.js";
import { absorbProposals, processCommitMessage } from "./incoming.js";
import { libraryOnInput } from "../ts-mls/library-errors.js";
import { enterEpoch, epochAuthenticator, requireActive, sessionContext } from "./member-session.js";
import { memberView, proposalFromDescription } from "./proposals.js";

export interface CommitShape {
  forcePath: boolean;
  externalTree: boolean;
}

export interface CreatedCommit {
  session: MemberSession;
  response: CommitResponse;
}

/**
 * A commit of every pending proposal plus `extra`, kept as the session's
 * pending commit. The committer's own Update proposals are left out (RFC 9420
 * §12.2: its UpdatePath replaces them; ts-mls would reject the commit).
 */
export async function createMemberCommit(
  ctx: MethodContext,
  session: MemberSession,
  extra: Proposal[],
  shape: CommitShape,
): Promise<CreatedCommit> {
  requireActive(session);
  const state = withoutOwnUpdates(session.state);
  const plan: CommitPlan = {
    context: sessionContext(session),
    state,
    resumeFrom: state,
    proposals: extra,
    forcePath: shape.forcePath,
    publicMessage: !session.encryptHandshake,
    ratchetTreeExtension: !shape.externalTree,
  };
  const result =
    ctx.options.mode === "rfc"
      ? await libraryOnInput("create commit", () => buildCommit(plan))
      : await commitAsReleased("create commit", plan);
  const commit = encodeMessage(result.commit);
  return {
    session: { ...session, pendingCommit: { commit, newState: result.newState } },
    response: {
      commit,
      welcome: result.welcome === undefined ? Buffer.alloc(0) : encodeMessage(result.welcome),
      ratchetTree: shape.externalTree ? encodeRatchetTree(result.newState.ratchetTree) : Buffer.alloc(0),
    },
  };
}

function withoutOwnUpdates(state: ClientState): ClientState {
  const own = state.privatePath.leafIndex;
  const entries = Object.entries(state.unappliedProposals);
  const kept = entries.filter(
    ([, p]) => !(p.proposal.proposalType === defaultProposalTypes.update && p.senderLeafIndex === own),
  );
  return kept.length === entries.length ? state : { ...state, unappliedProposals: Object.fromEntries(kept) };
}

export function commit(ctx: MethodContext, req: CommitRequest): Promise<CommitResponse> {
  return commitWith(ctx, req, () => undefined);
}

/** Commit, with a check of the epoch the commit leads to before it is kept (ReInitCommit's). */
export async function commitWith(
  ctx: MethodContext,
  req: CommitRequest,
  check: (next: ClientState) => void,
): Promise<CommitResponse> {
  return ctx.store.transaction([req.stateId], async (tx) => {
    const session = await absorbProposals(
      ctx.options.mode,
      tx.get(req.stateId, "state"),
      req.byReference,
      "by_reference",
    );
    const view = memberView(session);
    const extra: Proposal[] = [];
    for (const [i, description] of req.byValue.entries())
      extra.push(await proposalFromDescription(view, description, `by_value[${i}]`));
    const created = await createMemberCommit(ctx, session, extra, req);
    if (created.session.pendingCommit !== undefined) check(created.session.pendingCommit.newState);
    tx.put(req.stateId, "state", created.session);
    return created.response;
  });
}

/**
 * Applies a commit from another member (or this member's own pending one,
 * recognised by its bytes) after making the by-reference proposals pending.
 */
export async function applyCommit(
  mode: ProtocolMode,
  session: MemberSession,
  proposals: readonly Uint8Array[],
  commitBytes: Uint8Array,
): Promise<MemberSession> {
  if (commitBytes.length === 0) throw invalidArgument("commit is empty");
  const pending = session.pendingCommit;
  if (pending !== undefined && bytesEqual(pending.commit, commitBytes)) return enterEpoch(session, pending.newState);
  requireActive(session);
  const withProposals = await absorbProposals(mode, session, proposals, "proposal");
  const { state, kind } = await processCommitMessage(mode, withProposals, commitBytes, "commit");
  if (kind !== "commit") throw invalidArgument("commit holds a proposal, not a commit");
  return enterEpoch(withProposals, state);
}

export async function handleCommit(ctx: MethodContext, req: HandleCommitRequest): Promise<HandleCommitResponse> {
  return ctx.store.transaction([req.stateId], async (tx) => {
    const session = await applyCommit(ctx.options.mode, tx.get(req.stateId, "state"), req.proposal, req.commit);
    tx.put(req.stateId, "state", session);
    return { stateId: req.stateId, epochAuthenticator: toBuffer(epochAuthenticator(session.state)) };
  });
}

export function applyPendingCommit(session: MemberSession): MemberSession {
  if (session.pendingCommit === undefined) throw failedPrecondition("no pending commit to apply (call Commit first)");
  return enterEpoch(session, session.pendingCommit.newState);
}

export async function handlePendingCommit(
  ctx: MethodContext,
  req: HandlePendingCommitRequest,
): Promise<HandleCommitResponse> {
  return ctx.store.transaction([req.stateId], async (tx) => {
    const session = applyPendingCommit(tx.get(req.stateId, "state"));
    tx.put(req.stateId, "state", session);
    return { stateId: req.stateId, epochAuthenticator: toBuffer(epochAuthenticator(session.state)) };
  });
}
