// ExternalSignerProposal's message in rfc mode: ts-mls's proposeExternal
// numbers the sender otherwise (see below).
import { protocolVersions, senderTypes, wireformats, type GroupInfo, type MlsMessage, type Proposal } from "ts-mls";
import type { Suite } from "../ts-mls/ciphersuites.js";
import { protectExternalProposalPublic } from "../ts-mls/message-internals.js";

/**
 * RFC 9420 §6.1: sender_index is the sender's position in the
 * external_senders list. proposeExternal counts extensions instead
 * (KNOWN-ISSUES.md#external-sender-index) and cannot read the list, so the
 * proposal is signed here with the library's own external protection.
 */
export async function signedBySender(
  groupInfo: GroupInfo,
  proposal: Proposal,
  senderIndex: number,
  signer: { signaturePrivateKey: Uint8Array; suite: Suite },
): Promise<MlsMessage> {
  const { publicMessage } = await protectExternalProposalPublic(
    signer.signaturePrivateKey,
    groupInfo.groupContext,
    new Uint8Array(),
    proposal,
    { senderType: senderTypes.external, senderIndex },
    signer.suite.impl,
  );
  return { version: protocolVersions.mls10, wireformat: wireformats.mls_public_message, publicMessage };
}
