// Receiving a proposal from an external sender (RFC 9420 §12.1.8.1) once
// external_senders is the RFC's list (rfc mode, src/protocol/rfc-codecs).
// ts-mls looks the signer's key up with one sender per extension
// (findSignaturePublicKey in publicMessage.js), which the list model no
// longer matches; so the key is taken from the list here, the signature is
// verified by the library's own unprotect with that key, and the proposal is
// recorded as the library records any (processProposal).
import {
  contentTypes,
  defaultProposalTypes,
  processPublicMessage,
  senderTypes,
  ValidationError,
  type IncomingMessageAction,
  type NewStateWithActionTaken,
} from "ts-mls";
import { rfcCodecsActive } from "../protocol/rfc-codecs/active.js";
import { externalSenders } from "./extensions.js";
import { processProposal, unprotectPublicMessage } from "./ts-mls-internals.js";

/** The "External" column of RFC 9420 §17.4's proposal type table. */
const fromExternalSenders = new Set<number>([
  defaultProposalTypes.add,
  defaultProposalTypes.remove,
  defaultProposalTypes.psk,
  defaultProposalTypes.reinit,
  defaultProposalTypes.group_context_extensions,
]);

/** processPublicMessage, with messages from external senders checked against the RFC list in rfc mode. */
export async function processPublicMessageRfc(
  params: Parameters<typeof processPublicMessage>[0],
): Promise<NewStateWithActionTaken> {
  const { context, state, publicMessage, callback } = params;
  const content = publicMessage.content;
  if (content.sender.senderType !== senderTypes.external || !rfcCodecsActive()) return processPublicMessage(params);
  const senderIndex = content.sender.senderIndex;
  if (content.contentType !== contentTypes.proposal)
    throw new ValidationError(
      `external sender ${senderIndex} sent content type ${content.contentType}, not a proposal`,
    );
  if (content.epoch !== state.groupContext.epoch)
    throw new ValidationError(
      `external proposal of epoch ${content.epoch}, group in epoch ${state.groupContext.epoch}`,
    );
  const senders = externalSenders(state.groupContext.extensions);
  const sender = senders[senderIndex];
  if (sender === undefined)
    throw new ValidationError(`sender_index ${senderIndex}, but the group lists ${senders.length} external senders`);
  const proposal = content.proposal;
  if (!fromExternalSenders.has(proposal.proposalType))
    throw new ValidationError(`proposal type ${proposal.proposalType} cannot come from an external sender`);
  const cs = context.cipherSuite;
  const verified = await unprotectPublicMessage(
    state.keySchedule.membershipKey,
    state.groupContext,
    state.ratchetTree,
    publicMessage,
    cs,
    sender.signaturePublicKey,
  );
  const actionTaken: IncomingMessageAction =
    callback?.({ kind: "proposal", proposal: { proposal, senderLeafIndex: undefined } }) ?? "accept";
  const newState = actionTaken === "reject" ? state : await processProposal(state, verified, proposal, cs.hash);
  return { newState, actionTaken, consumed: [], aad: content.authenticatedData };
}
