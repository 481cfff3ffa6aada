// Proposals from a member: the six *Proposal methods, and the by-value
// descriptions a Commit or an external signer turns into proposals.
import {
  createProposal,
  defaultProposalTypes,
  protocolVersions,
  pskTypes,
  resumptionPSKUsages,
  type GroupContextExtension,
  type Proposal,
  type RatchetTree,
  type ResumptionPSKUsageValue,
} from "ts-mls";
import type {
  AddProposalRequest,
  Extension,
  ExternalPSKProposalRequest,
  GroupContextExtensionsProposalRequest,
  ProposalDescription,
  ProposalResponse,
  RemoveProposalRequest,
  ResumptionPSKProposalRequest,
  UpdateProposalRequest,
} from "../gen/mls_client.js";
import { failedPrecondition, invalidArgument } from "../errors.js";
import { suite, type Suite } from "../ts-mls/ciphersuites.js";
import { decodeKeyPackage, encodeMessage } from "../ts-mls/codec.js";
import { groupContextExtensionsFromWire } from "../ts-mls/extensions.js";
import type { MemberSession, MethodContext } from "./handles.js";
import { library } from "../ts-mls/library-errors.js";
import { hasPsk, requireActive, sessionContext } from "./member-session.js";
import { firstLeafWithIdentity } from "../ts-mls/tree.js";
import { checkKeyPackageSignatures } from "../protocol/outside-view.js";
import { freshUpdateLeaf } from "../protocol/update-leaf.js";

/** What building a proposal may consult: a member's state, or a GroupInfo for an external signer. */
export interface ProposalView {
  suite: Suite;
  groupId: Uint8Array;
  tree: RatchetTree;
  /** Members check the PSKs they hold; an external signer holds none. */
  checkExternalPsk?: (pskId: Uint8Array, field: string) => void;
  checkResumptionEpoch?: (epoch: bigint, field: string) => void;
}

export function memberView(session: MemberSession): ProposalView {
  const state = session.state;
  return {
    suite: session.suite,
    groupId: state.groupContext.groupId,
    tree: state.ratchetTree,
    checkExternalPsk: (pskId, field) => {
      if (!hasPsk(session.psks, pskId))
        throw failedPrecondition(
          `${field}: external PSK 0x${Buffer.from(pskId).toString("hex")} is not stored for this state`,
        );
    },
    checkResumptionEpoch: (epoch, field) => {
      const current = state.groupContext.epoch;
      if (epoch !== current && !state.historicalReceiverData.has(epoch))
        throw failedPrecondition(
          `${field}: no resumption secret for epoch ${epoch} (current epoch ${current}; past epochs are kept for a while only)`,
        );
    },
  };
}

function pskNonce(cs: Suite): Uint8Array {
  return cs.impl.rng.randomBytes(cs.impl.kdf.size);
}

export function externalPskProposal(view: ProposalView, pskId: Uint8Array, field: string): Proposal {
  if (pskId.length === 0) throw invalidArgument(`${field}: psk_id is empty`);
  view.checkExternalPsk?.(pskId, field);
  return {
    proposalType: defaultProposalTypes.psk,
    psk: {
      preSharedKeyId: { psktype: pskTypes.external, pskId: Uint8Array.from(pskId), pskNonce: pskNonce(view.suite) },
    },
  };
}

export function resumptionPskProposal(
  view: ProposalView,
  groupId: Uint8Array,
  epoch: bigint,
  usage: ResumptionPSKUsageValue,
  field: string,
): Proposal {
  view.checkResumptionEpoch?.(epoch, field);
  return {
    proposalType: defaultProposalTypes.psk,
    psk: {
      preSharedKeyId: {
        psktype: pskTypes.resumption,
        usage,
        pskGroupId: groupId,
        pskEpoch: epoch,
        pskNonce: pskNonce(view.suite),
      },
    },
  };
}

export function groupContextExtensionsProposal(extensions: GroupContextExtension[]): Proposal {
  return { proposalType: defaultProposalTypes.group_context_extensions, groupContextExtensions: { extensions } };
}

export async function reinitProposal(
  groupId: Uint8Array,
  cipherSuite: number,
  extensions: readonly Extension[],
  field: string,
): Promise<Proposal> {
  // The new group must be one we can run: every member makes a KeyPackage in it.
  await suite(cipherSuite);
  return {
    proposalType: defaultProposalTypes.reinit,
    reinit: {
      groupId: Uint8Array.from(groupId),
      version: protocolVersions.mls10,
      cipherSuite,
      extensions: groupContextExtensionsFromWire(extensions, `${field}.extensions`),
    },
  };
}

const descriptionTypes = ["add", "remove", "externalPSK", "resumptionPSK", "groupContextExtensions", "reinit"];

/** A by-value ProposalDescription as a proposal, against the group `view` describes. */
export async function proposalFromDescription(
  view: ProposalView,
  description: ProposalDescription,
  field: string,
): Promise<Proposal> {
  const type = Buffer.from(description.proposalType).toString("utf8");
  switch (type) {
    case "add":
      return addFor(view.suite, description.keyPackage, `${field}.key_package`);
    case "remove":
      return {
        proposalType: defaultProposalTypes.remove,
        remove: { removed: firstLeafWithIdentity(view.tree, description.removedId).index },
      };
    case "externalPSK":
      return externalPskProposal(view, description.pskId, field);
    case "resumptionPSK":
      return resumptionPskProposal(view, view.groupId, description.epochId, resumptionPSKUsages.application, field);
    case "groupContextExtensions":
      return groupContextExtensionsProposal(
        groupContextExtensionsFromWire(description.extensions, `${field}.extensions`),
      );
    case "reinit":
      return reinitProposal(description.groupId, description.cipherSuite, description.extensions, field);
    default:
      throw invalidArgument(`${field}.proposal_type '${type}' is not one of ${descriptionTypes.join(", ")}`);
  }
}

/** Sends a proposal from this member in its handshake wire format and keeps it pending. */
export async function sendProposal(
  session: MemberSession,
  proposal: Proposal,
): Promise<{ session: MemberSession; message: Buffer }> {
  requireActive(session);
  const result = await library("create proposal", () =>
    createProposal({
      context: sessionContext(session),
      state: session.state,
      wireAsPublicMessage: !session.encryptHandshake,
      proposal,
    }),
  );
  const message = encodeMessage(result.message);
  return {
    session: { ...session, state: result.newState, sentProposals: [...session.sentProposals, message] },
    message,
  };
}

interface BuiltProposal {
  proposal: Proposal;
  /** The session to send from, when building changed it. */
  session?: MemberSession;
}

/** Runs a proposal method: builds the proposal from the member's session, sends it, stores the session. */
async function propose(
  ctx: MethodContext,
  stateId: number,
  build: (session: MemberSession) => Promise<BuiltProposal> | BuiltProposal,
): Promise<ProposalResponse> {
  return ctx.store.transaction([stateId], async (tx) => {
    const before = tx.get(stateId, "state");
    const built = await build(before);
    const { session, message } = await sendProposal(built.session ?? before, built.proposal);
    tx.put(stateId, "state", session);
    return { proposal: message };
  });
}

/** An Add of a KeyPackage that must be for the group's ciphersuite and correctly signed. */
export async function addFor(cs: Suite, bytes: Uint8Array, field: string): Promise<Proposal> {
  const keyPackage = decodeKeyPackage(bytes, field);
  if (keyPackage.cipherSuite !== cs.id)
    throw invalidArgument(`${field} is for ciphersuite ${keyPackage.cipherSuite}, the group uses ${cs.id}`);
  await checkKeyPackageSignatures(keyPackage, cs, field);
  return { proposalType: defaultProposalTypes.add, add: { keyPackage } };
}

export function addProposal(ctx: MethodContext, req: AddProposalRequest): Promise<ProposalResponse> {
  return propose(ctx, req.stateId, async (session) => ({
    proposal: await addFor(session.suite, req.keyPackage, "key_package"),
  }));
}

export function removeProposal(ctx: MethodContext, req: RemoveProposalRequest): Promise<ProposalResponse> {
  return propose(ctx, req.stateId, (session) => ({
    proposal: {
      proposalType: defaultProposalTypes.remove,
      remove: { removed: firstLeafWithIdentity(session.state.ratchetTree, req.removedId).index },
    },
  }));
}

export function externalPskProposalMethod(
  ctx: MethodContext,
  req: ExternalPSKProposalRequest,
): Promise<ProposalResponse> {
  return propose(ctx, req.stateId, (session) => ({
    proposal: externalPskProposal(memberView(session), req.pskId, "psk_id"),
  }));
}

export function resumptionPskProposalMethod(
  ctx: MethodContext,
  req: ResumptionPSKProposalRequest,
): Promise<ProposalResponse> {
  return propose(ctx, req.stateId, (session) => ({
    proposal: resumptionPskProposal(
      memberView(session),
      session.state.groupContext.groupId,
      req.epochId,
      resumptionPSKUsages.application,
      "epoch_id",
    ),
  }));
}

/** The full new list; an empty list clears the extensions (KNOWN-ISSUES.md#gce-cannot-clear). */
export function groupContextExtensionsProposalMethod(
  ctx: MethodContext,
  req: GroupContextExtensionsProposalRequest,
): Promise<ProposalResponse> {
  const extensions = groupContextExtensionsFromWire(req.extensions, "extensions");
  return propose(ctx, req.stateId, () => ({ proposal: groupContextExtensionsProposal(extensions) }));
}

/** A fresh HPKE leaf key, same signature key and credential; the private key waits for a commit that applies it. */
export function updateProposal(ctx: MethodContext, req: UpdateProposalRequest): Promise<ProposalResponse> {
  return propose(ctx, req.stateId, async (session) => {
    const { leafNode, hpkePrivateKey } = await freshUpdateLeaf(session.state, session.suite);
    return {
      proposal: { proposalType: defaultProposalTypes.update, update: { leafNode } },
      session: {
        ...session,
        pendingUpdates: [...session.pendingUpdates, { hpkePublicKey: leafNode.hpkePublicKey, hpkePrivateKey }],
      },
    };
  });
}
