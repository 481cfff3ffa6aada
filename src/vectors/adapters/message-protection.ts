// Protecting and unprotecting one message with given epoch secrets (RFC 9420
// §6), for the message-protection vectors: a two-member group whose sender
// is leaf 1, with its signature key given instead of a ratchet tree.
import {
  contentTypes,
  defaultKeyRetentionConfig,
  defaultPaddingConfig,
  encode,
  protocolVersions,
  wireformats,
  type GroupContext,
} from "ts-mls";
import { invalidArgument } from "../../errors.js";
import type { Suite } from "../../ts-mls/ciphersuites.js";
import { decodeFramed, encodeMessage, encodePublicMessage } from "../../ts-mls/codec.js";
import {
  createSecretTree,
  protectPrivate,
  protectPublicMessage,
  unprotectPrivateMessage,
  unprotectPublicMessage,
  type AuthenticatedContent,
} from "../../ts-mls/message-internals.js";
import { commitEncoder, proposalCodecs } from "../../ts-mls/codec-internals.js";
import { plainGroupContext, type GroupContextInputs } from "./key-schedule.js";

export interface EpochKeys {
  context: GroupContext;
  signaturePub: Uint8Array;
  encryptionSecret: Uint8Array;
  senderDataSecret: Uint8Array;
  membershipKey: Uint8Array;
}

/** The vectors' group: two leaves, the sender at leaf 1. */
const leafCount = 2;
const senderLeaf = 1;

export function epochKeys(cs: Suite, inputs: GroupContextInputs, secrets: Omit<EpochKeys, "context">): EpochKeys {
  return { context: plainGroupContext(cs, inputs), ...secrets };
}

export type Content = AuthenticatedContent;

/** The serialised Proposal, Commit or application data a message carries. */
export function payload(content: Content): Uint8Array {
  const c = content.content;
  if (c.contentType === contentTypes.proposal && "proposal" in c)
    return encode(proposalCodecs.proposalEncoder, c.proposal);
  if (c.contentType === contentTypes.commit && "commit" in c) return encode(commitEncoder, c.commit);
  if (c.contentType === contentTypes.application && "applicationData" in c) return c.applicationData;
  throw invalidArgument("message content is neither a proposal, a commit nor application data");
}

/** Verifies and opens an MLSMessage (PublicMessage or PrivateMessage). */
export async function unprotect(cs: Suite, keys: EpochKeys, message: Uint8Array, field: string): Promise<Content> {
  const framed = decodeFramed(message, field);
  if (framed.wireformat === wireformats.mls_public_message)
    return unprotectPublicMessage(
      keys.membershipKey,
      keys.context,
      [],
      framed.publicMessage,
      cs.impl,
      keys.signaturePub,
    );
  // A fresh secret tree: each vector message is the first of its ratchet.
  const secretTree = createSecretTree(leafCount, keys.encryptionSecret);
  const { content } = await unprotectPrivateMessage(
    keys.senderDataSecret,
    framed.privateMessage,
    secretTree,
    [],
    keys.context,
    defaultKeyRetentionConfig,
    cs.impl,
    keys.signaturePub,
  );
  return content;
}

/**
 * Protects already signed content again (as the wire format it was signed
 * for) and returns the MLSMessage bytes, which `unprotect` must open again.
 */
export async function reprotect(cs: Suite, keys: EpochKeys, content: Content): Promise<Uint8Array> {
  if (content.wireformat === wireformats.mls_public_message) {
    const publicMessage = await protectPublicMessage(keys.membershipKey, keys.context, content, cs.impl);
    return encodePublicMessage(publicMessage);
  }
  const { privateMessage } = await protectPrivate(
    keys.senderDataSecret,
    content.content.authenticatedData,
    keys.context,
    createSecretTree(leafCount, keys.encryptionSecret),
    { ...content.content, auth: content.auth },
    senderLeaf,
    defaultPaddingConfig,
    cs.impl,
  );
  return encodeMessage({
    version: protocolVersions.mls10,
    wireformat: wireformats.mls_private_message,
    privateMessage,
  });
}
