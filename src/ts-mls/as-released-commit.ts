// ts-mls's own commits (serve --as-released): the release's createCommit,
// refusing with UNIMPLEMENTED, each citing its KNOWN-ISSUES.md entry, the
// commits no RFC 9420 member could process, rather than sending them. The rfc
// mode builds its commits itself (src/protocol/commit-builder.ts).
import {
  defaultProposalTypes,
  getOwnLeafNode,
  nodeTypes,
  type ClientState,
  type CreateCommitResult,
  type Proposal,
} from "ts-mls";
import { unimplemented } from "../errors.js";
import { bytesEqual } from "./codec.js";
import type { CommitPlan } from "./commit-plan.js";
import { libraryOnInput } from "./library-errors.js";
import { leaves } from "./tree.js";
import { createCommitInternal } from "./commit-internals.js";
import { filteredDirectPathAndCopathResolution } from "./tree-internals.js";

/**
 * ts-mls's own createCommit, refusing what it would get wrong
 * (KNOWN-ISSUES.md). `what` names the call in its failures.
 */
export async function commitAsReleased(what: string, plan: CommitPlan): Promise<CreateCommitResult> {
  const { state, proposals } = plan;
  const result = await libraryOnInput(what, async () => {
    try {
      // Not the public createCommit: it looks resumption PSKs up in no state at
      // all, so a commit with one always fails (KNOWN-ISSUES.md#commit-resumption-psk).
      return await createCommitInternal({
        context: plan.context,
        state,
        resumingFromState: plan.resumeFrom,
        extraProposals: [...proposals],
        wireAsPublicMessage: plan.publicMessage,
        ratchetTreeExtension: plan.ratchetTreeExtension,
      });
    } catch (err) {
      // When an added member lands in a leaf that was blank, ts-mls's UpdatePath
      // encryption reads that blank leaf's key and throws a TypeError.
      if (err instanceof TypeError && addsWithLibraryPath(state, proposals)) throw pathToNewMembers();
      throw err;
    }
  });
  const hasPath = pathAdded(state, result.newState);
  checkForcePath(plan.forcePath, hasPath);
  checkPathRecipients(state, result.newState, hasPath);
  if (hasPath && carriesGroupContextExtensions(state, proposals))
    throw unimplemented(
      "ts-mls 2.0.0-rc.10 encrypts the UpdatePath of a commit that changes the group context extensions under " +
        "the old extensions, so no member could decrypt it (KNOWN-ISSUES.md#gce-path-context)",
    );
  return result;
}

/** Whether a commit carried an UpdatePath shows in the committer's own leaf: a path always replaces its HPKE key. */
function pathAdded(before: ClientState, after: ClientState): boolean {
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
function checkPathRecipients(before: ClientState, after: ClientState, hasPath: boolean): void {
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
function checkForcePath(forcePath: boolean, hasPath: boolean): void {
  if (!forcePath || hasPath) return;
  throw unimplemented(
    "force_path: ts-mls 2.0.0-rc.10 cannot add an UpdatePath to a commit it does not consider to need one " +
      "(KNOWN-ISSUES.md#force-path)",
  );
}
