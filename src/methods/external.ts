// Proposals from outside the group: NewMemberAddProposal, external signers
// (CreateExternalSigner, AddExternalSigner, ExternalSignerProposal).
import { bytesToBase64, proposeAddExternal, proposeExternal } from "ts-mls";
import type {
  AddExternalSignerRequest,
  CreateExternalSignerRequest,
  CreateExternalSignerResponse,
  ExternalSignerProposalRequest,
  NewMemberAddProposalRequest,
  NewMemberAddProposalResponse,
  ProposalResponse,
} from "../gen/mls_client.js";
import { failedPrecondition, invalidArgument } from "../errors.js";
import { suite } from "../ts-mls/ciphersuites.js";
import { bytesEqual, encodeMessage, toBuffer } from "../ts-mls/codec.js";
import {
  decodeExternalSender,
  encodeExternalSender,
  externalSenders,
  withExternalSender,
} from "../ts-mls/extensions.js";
import type { ExternalSigner, MethodContext } from "./handles.js";
import { keepPendingJoin, pendingJoin } from "./groups.js";
import { basicCredential } from "../ts-mls/key-packages.js";
import { library, libraryOnInput } from "../ts-mls/library-errors.js";
import { withOnlyExternalSenders } from "../ts-mls/library-workarounds.js";
import { groupContextExtensionsProposal, proposalFromDescription, sendProposal } from "./proposals.js";
import { outsideView } from "../protocol/outside-view.js";
import { signedBySender } from "../protocol/external-proposal.js";
import { rfcCodecsActive } from "../ts-mls/rfc-codecs/active.js";

/** An Add signed by the joiner itself (sender new_member_proposal), with a join handle for its Welcome. */
export async function newMemberAddProposal(
  ctx: MethodContext,
  req: NewMemberAddProposalRequest,
): Promise<NewMemberAddProposalResponse> {
  const { groupInfo, suite: cs } = await outsideView(req.groupInfo, Buffer.alloc(0));
  const join = await pendingJoin(cs, req.identity);
  const message = await libraryOnInput("propose Add as new member", () =>
    proposeAddExternal(groupInfo, join.keyPackage, join.privateKeys, cs.impl),
  );
  return { ...(await keepPendingJoin(ctx, join)), proposal: encodeMessage(message) };
}

export async function createExternalSigner(
  ctx: MethodContext,
  req: CreateExternalSignerRequest,
): Promise<CreateExternalSignerResponse> {
  const cs = await suite(req.cipherSuite);
  const keys = await library("generate signature key", () => cs.impl.signature.keygen());
  const signer: ExternalSigner = {
    suite: cs,
    signaturePrivateKey: keys.signKey,
    signaturePublicKey: keys.publicKey,
    identity: Uint8Array.from(req.identity),
  };
  const signerId = await ctx.store.transaction([], async (tx) => tx.create("signer", signer));
  const externalSender = encodeExternalSender({
    signaturePublicKey: keys.publicKey,
    credential: basicCredential(req.identity),
  });
  return { signerId, externalSender: toBuffer(externalSender) };
}

/** The current extensions with this sender appended to the external senders (created if absent). */
export async function addExternalSigner(ctx: MethodContext, req: AddExternalSignerRequest): Promise<ProposalResponse> {
  const sender = decodeExternalSender(req.externalSender, "external_sender");
  return ctx.store.transaction([req.stateId], async (tx) => {
    const before = tx.get(req.stateId, "state");
    const extensions = withExternalSender(before.state.groupContext.extensions, sender);
    const { session, message } = await sendProposal(before, groupContextExtensionsProposal(extensions));
    tx.put(req.stateId, "state", session);
    return { proposal: message };
  });
}

/**
 * A proposal signed by an external sender against the group `group_info`
 * describes. `signer_index` is ignored: the runner never sets it, and the
 * index follows from where this signer's key sits in the external senders.
 */
export async function externalSignerProposal(
  ctx: MethodContext,
  req: ExternalSignerProposalRequest,
): Promise<ProposalResponse> {
  if (req.description === undefined) throw invalidArgument("description is missing");
  const description = req.description;
  const { groupInfo, tree } = await outsideView(req.groupInfo, req.ratchetTree);
  return ctx.store.transaction([req.signerId], async (tx) => {
    const signer = tx.get(req.signerId, "signer");
    const groupSuite = groupInfo.groupContext.cipherSuite;
    if (groupSuite !== signer.suite.id)
      throw invalidArgument(
        `group_info is for ciphersuite ${groupSuite}, signer ${req.signerId} for ${signer.suite.id}`,
      );
    const view = { suite: signer.suite, groupId: groupInfo.groupContext.groupId, tree: tree ?? [] };
    const proposal = await proposalFromDescription(view, description, "description");
    const senderIndex = externalSenders(groupInfo.groupContext.extensions).findIndex((sender) =>
      bytesEqual(sender.signaturePublicKey, signer.signaturePublicKey),
    );
    if (senderIndex === -1)
      throw failedPrecondition(
        `signer ${req.signerId} (key ${bytesToBase64(signer.signaturePublicKey).slice(0, 12)}…) is not among the group's external senders`,
      );
    const message = await libraryOnInput("sign external proposal", () =>
      rfcCodecsActive()
        ? signedBySender(groupInfo, proposal, senderIndex, signer)
        : proposeExternal(
            withOnlyExternalSenders(groupInfo),
            proposal,
            signer.signaturePublicKey,
            signer.signaturePrivateKey,
            signer.suite.impl,
          ),
    );
    return { proposal: encodeMessage(message) };
  });
}
