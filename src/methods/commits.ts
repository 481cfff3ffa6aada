// Commits: Commit creates one (not yet applied), HandleCommit applies
// another member's, HandlePendingCommit applies this member's own.
import {
  defaultProposalTypes,
  getOwnLeafNode,
  nodeTypes,
  type ClientState,
  type CreateCommitResult,
  type Proposal,
} from "ts-mls";
import type {
  CommitRequest,
  CommitResponse,
  HandleCommitRequest,
  HandleCommitResponse,
  HandlePendingCommitRequest,
} from "../gen/mls_client.js";
import { failedPrecondition, invalidArgument, unimplemented } from "../errors.js";
import { buildCommit } from "../protocol/commit-builder.js";
import { bytesEqual, encodeMessage, encodeRatchetTree, toBuffer } from "../ts-mls/codec.js";
import type { MemberSession, MethodContext } from "./handles.js";
import type { ProtocolMode } from "../ts-mls/protocol-mode.js";
import { absorbProposals, processCommitMessage } from "./incoming.js";
import { libraryOnInput } from "../ts-mls/library-errors.js";
import { enterEpoch, epochAuthenticator, requireActive, sessionContext } from "./member-session.js";
import { memberView, proposalFromDescription } from "./proposals.js";
import { leaves } from "../ts-mls/tree.js";
import { createCommitInternal, filteredDirectPathAndCopathResolution } from "../ts-mls/ts-mls-internals.js";

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
  const result =
    ctx.options.mode === "rfc"
      ? await libraryOnInput("create commit", () =>
          buildCommit({
            context: sessionContext(session),
            state,
            resumeFrom: state,
            proposals: extra,
            forcePath: shape.forcePath,
            publicMessage: !session.encryptHandshake,
            ratchetTreeExtension: !shape.externalTree,
          }),
        )
      : await commitAsReleased(session, state, extra, shape);
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

/** ts-mls's own createCommit, refusing what it would get wrong (KNOWN-ISSUES.md). */
async function commitAsReleased(
  session: MemberSession,
  state: ClientState,
  extra: Proposal[],
  shape: CommitShape,
): Promise<CreateCommitResult> {
  const result = await libraryOnInput("create commit", async () => {
    try {
      // Not the public createCommit: it looks resumption PSKs up in no state at
      // all, so a commit with one always fails (KNOWN-ISSUES.md#commit-resumption-psk).
      return await createCommitInternal({
        context: sessionContext(session),
        state,
        resumingFromState: state,
        extraProposals: extra,
        wireAsPublicMessage: !session.encryptHandshake,
        ratchetTreeExtension: !shape.externalTree,
      });
    } catch (err) {
      // When an added member lands in a leaf that was blank, ts-mls's UpdatePath
      // encryption reads that blank leaf's key and throws a TypeError.
      if (err instanceof TypeError && addsWithLibraryPath(state, extra)) throw pathToNewMembers();
      throw err;
    }
  });
  const hasPath = pathAdded(state, result.newState);
  checkForcePath(shape.forcePath, hasPath);
  checkPathRecipients(state, result.newState, hasPath);
  if (hasPath && carriesGroupContextExtensions(state, extra))
    throw unimplemented(
      "ts-mls 2.0.0-rc.10 encrypts the UpdatePath of a commit that changes the group context extensions under " +
        "the old extensions, so no member could decrypt it (KNOWN-ISSUES.md#gce-path-context)",
    );
  return result;
}

function withoutOwnUpdates(state: ClientState): ClientState {
  const own = state.privatePath.leafIndex;
  const entries = Object.entries(state.unappliedProposals);
  const kept = entries.filter(
    ([, p]) => !(p.proposal.proposalType === defaultProposalTypes.update && p.senderLeafIndex === own),
  );
  return kept.length === entries.length ? state : { ...state, unappliedProposals: Object.fromEntries(kept) };
}

/** Whether a commit carried an UpdatePath shows in the committer's own leaf: a path always replaces its HPKE key. */
export function pathAdded(before: ClientState, after: ClientState): boolean {
  return !bytesEqual(getOwnLeafNode(before).hpkePublicKey, getOwnLeafNode(after).hpkePublicKey);
}

/** What ts-mls's createCommit will commit: every pending proposal, then the by-value ones. */
function bundled(state: ClientState, extra: readonly Proposal[]): Proposal[] {
  return [...Object.values(state.unappliedProposals).map((p) => p.proposal), ...extra];
}

function carriesGroupContextExtensions(state: ClientState, extra: readonly Proposal[]): boolean {
  return bundled(state, extra).some((p) => p.proposalType === defaultProposalTypes.group_context_extensions);
}

/**
 * RFC 9420 §12.4.2: members added by a commit get the path secret through
 * their Welcome and are left out of the UpdatePath's resolutions. ts-mls
 * leaves them in and encrypts to whatever key the leaf held before the
 * commit, a removed member's for a reused leaf, which also shifts every later
 * ciphertext of that node for the members that should read it. Such a commit
 * is refused rather than sent (KNOWN-ISSUES.md#path-to-new-members).
 */
export function checkPathRecipients(before: ClientState, after: ClientState, hasPath: boolean): void {
  if (!hasPath) return;
  const added = new Set<number>();
  for (const leaf of leaves(after.ratchetTree)) {
    const previous = before.ratchetTree[leaf.index * 2];
    const same =
      previous?.nodeType === nodeTypes.leaf &&
      bytesEqual(previous.leaf.signaturePublicKey, leaf.node.signaturePublicKey);
    if (!same && leaf.index !== after.privatePath.leafIndex) added.add(leaf.index * 2);
  }
  if (added.size === 0) return;
  const recipients = filteredDirectPathAndCopathResolution(after.privatePath.leafIndex, after.ratchetTree).flatMap(
    (n) => n.resolution,
  );
  if (recipients.some((node) => added.has(node))) throw pathToNewMembers();
}

function pathToNewMembers(): Error {
  return unimplemented(
    "ts-mls 2.0.0-rc.10 would encrypt this commit's UpdatePath to the former occupants of leaves it fills " +
      "with new members (KNOWN-ISSUES.md#path-to-new-members)",
  );
}

/** ts-mls's own rule for when a commit gets an UpdatePath (KNOWN-ISSUES.md#path-required-rule), for a commit that adds members. */
function addsWithLibraryPath(state: ClientState, extra: readonly Proposal[]): boolean {
  const proposals = bundled(state, extra);
  const count = (type: number) => proposals.filter((p) => p.proposalType === type).length;
  const path =
    proposals.length === 0 || count(defaultProposalTypes.update) > 1 || count(defaultProposalTypes.remove) > 1;
  return path && count(defaultProposalTypes.add) > 0;
}

/** ts-mls adds an UpdatePath only where it thinks one is required (KNOWN-ISSUES.md#force-path). */
export function checkForcePath(forcePath: boolean, hasPath: boolean): void {
  if (!forcePath || hasPath) return;
  throw unimplemented(
    "force_path: ts-mls 2.0.0-rc.10 cannot add an UpdatePath to a commit it does not consider to need one " +
      "(KNOWN-ISSUES.md#force-path)",
  );
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
