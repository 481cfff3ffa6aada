// The transcript hash chain and confirmation tag of RFC 9420 §8.2 for a
// given commit (an encoded AuthenticatedContent), outside a group state.
import { contentTypes } from "ts-mls";
import type { Suite } from "../../ts-mls/ciphersuites.js";
import { decodeAll } from "../../ts-mls/codec.js";
import { authenticatedContentDecoder } from "../../ts-mls/message-internals.js";
import { createConfirmedHash, createInterimHash, verifyConfirmationTag } from "../../ts-mls/key-schedule-internals.js";
import { invalidArgument } from "../../errors.js";

export interface TranscriptStep {
  confirmedTranscriptHash: Uint8Array;
  interimTranscriptHash: Uint8Array;
  confirmationTagValid: boolean;
}

export async function transcriptStep(
  cs: Suite,
  authenticatedContent: Uint8Array,
  interimBefore: Uint8Array,
  confirmationKey: Uint8Array,
): Promise<TranscriptStep> {
  const content = decodeAll(authenticatedContentDecoder, authenticatedContent, "authenticated_content");
  if (content.content.contentType !== contentTypes.commit || !("confirmationTag" in content.auth))
    throw invalidArgument("authenticated_content is not a commit");
  const tag = content.auth.confirmationTag;
  const confirmed = await createConfirmedHash(
    interimBefore,
    { wireformat: content.wireformat, content: content.content, signature: content.auth.signature },
    cs.impl.hash,
  );
  return {
    confirmedTranscriptHash: confirmed,
    interimTranscriptHash: await createInterimHash(confirmed, tag, cs.impl.hash),
    confirmationTagValid: await verifyConfirmationTag(confirmationKey, tag, confirmed, cs.impl.hash),
  };
}
