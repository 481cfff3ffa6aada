// What in a message we receive ts-mls could not decode, named, so the call
// fails with INVALID_ARGUMENT saying so rather than with a JavaScript error
// from deeper in the library.
//
// Proposals (KNOWN-ISSUES.md#proposal-decode-fallback): when the body of a
// proposal of a default type does not parse, ts-mls decodes it again as a
// *custom* proposal of that type (its bytes in `proposalData`) and later
// crashes on it with a TypeError. Every proposal we receive is checked as
// soon as it is decoded: PublicMessages right after the MLSMessage decodes
// (codec.ts), PrivateMessages once the library has decrypted them.
// GroupInfos: a group context extension that does not decode makes the whole
// message fail; the extension is named.
import {
  contentTypes,
  defaultExtensionTypes,
  defaultProposalTypes,
  MlsError,
  proposalOrRefTypes,
  wireformats,
  type Commit,
  type MlsContext,
  type MlsFramedMessage,
  type Proposal,
  type PublicMessage,
} from "ts-mls";
import { invalidArgument, isInteropError } from "../errors.js";
import {
  commitDecoder,
  customExtensionDecoder,
  groupContextExtensionDecoder,
  proposalCodecs,
  varLenDataDecoder,
} from "./codec-internals.js";

const proposalNames = invert(defaultProposalTypes);
const extensionNames = invert(defaultExtensionTypes);

function invert(table: Record<string, number>): Map<number, string> {
  return new Map(Object.entries(table).map(([name, value]) => [value, name]));
}

/** A default type with the custom fallback's shape: its body did not parse. */
function undecoded(proposal: Proposal): proposal is Proposal & { proposalData: Uint8Array } {
  return proposalNames.has(proposal.proposalType) && "proposalData" in proposal;
}

/**
 * Throws INVALID_ARGUMENT for the first of `proposals` that did not decode,
 * labelled `what(i)` by its index; `undefined` stands for a proposal by
 * reference, which was checked when it arrived.
 */
export function checkProposalsDecoded(
  proposals: ReadonlyArray<Proposal | undefined>,
  what: (i: number) => string,
): void {
  proposals.forEach((proposal, i) => {
    if (proposal === undefined || !undecoded(proposal)) return;
    const type = proposal.proposalType;
    const inside =
      type === defaultProposalTypes.group_context_extensions ? undecodedExtension(proposal.proposalData) : "";
    throw invalidArgument(
      `${what(i)} (proposal type ${type}, ${proposalNames.get(type)}) does not decode${inside ? `: ${inside}` : ""}`,
    );
  });
}

/** A commit's proposals, by value, at their index in the commit. */
function byValue(commit: Commit): Array<Proposal | undefined> {
  return commit.proposals.map((p) => (p.proposalOrRefType === proposalOrRefTypes.proposal ? p.proposal : undefined));
}

/** Right after an MLSMessage decodes: the proposals a PublicMessage carries. */
export function checkPublicMessage(message: PublicMessage, field: string): void {
  const content = message.content;
  if (content.contentType === contentTypes.proposal)
    checkProposalsDecoded([content.proposal], () => `${field}'s proposal`);
  else if (content.contentType === contentTypes.commit)
    checkProposalsDecoded(byValue(content.commit), (i) => `${field}: commit proposal ${i}`);
}

/**
 * Which extension of the contents of an `Extension extensions<V>` the group
 * context decoder refuses ("" if none). A GroupContextExtensions proposal
 * decoded as custom holds exactly these bytes: its opaque body took the
 * list's length prefix for its own.
 */
function undecodedExtension(bytes: Uint8Array): string {
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const raw = attempt(() => customExtensionDecoder(bytes, offset));
    if (raw === undefined) return `extension ${i} does not parse`;
    const [extension, length] = raw;
    if (!decodes(bytes.subarray(offset, offset + length))) {
      const name = extensionNames.get(extension.extensionType);
      return `extension ${i} (type ${extension.extensionType}${name ? `, ${name}` : ""}) does not decode`;
    }
    offset += length;
  }
  return "";
}

function decodes(extension: Uint8Array): boolean {
  return attempt(() => groupContextExtensionDecoder(extension, 0))?.[1] === extension.length;
}

/** ts-mls's decoders throw on some malformed input and return undefined on other: here both are undefined. */
function attempt<T>(decode: () => T | undefined): T | undefined {
  try {
    return decode();
  } catch {
    return undefined;
  }
}

/**
 * For an MLSMessage that did not decode: the group context extension of a
 * GroupInfo to blame, if there is one ("" otherwise).
 */
export function undecodedGroupInfoExtension(message: Uint8Array): string {
  const groupInfo = 4;
  if (message.length < 8 || ((message[2]! << 8) | message[3]!) !== groupInfo) return "";
  try {
    const vectorEnd = (at: number): number => {
      const vector = varLenDataDecoder(message, at);
      if (vector === undefined) throw new RangeError("truncated");
      return at + vector[1];
    };
    // MLSMessage version and wire_format, GroupContext version and cipher_suite
    let at = vectorEnd(8); // group_id
    at = vectorEnd(at + 8); // epoch, tree_hash
    at = vectorEnd(at); // confirmed_transcript_hash
    const list = varLenDataDecoder(message, at);
    if (list === undefined) return "";
    const why = undecodedExtension(list[0]);
    return why === "" ? "" : `group context ${why}`;
  } catch {
    return "";
  }
}

/**
 * Runs `process` over a received message with its decrypted proposals
 * checked. ts-mls verifies a PrivateMessage's signature by encoding its
 * content again, and that is where a proposal decoded as custom crashes,
 * before anything else sees it. So the content's plaintext is kept as the
 * library decrypts it (through the ciphersuite `process` is handed), and only
 * when processing fails on something other than an MLS error is it decoded
 * to find the proposal to blame. PublicMessages were checked when decoded.
 */
export async function withPrivateContentChecked<C extends MlsContext, T>(
  context: C,
  message: MlsFramedMessage,
  field: string,
  process: (context: C) => Promise<T>,
): Promise<T> {
  if (message.wireformat !== wireformats.mls_private_message) return process(context);
  const privateMessage = message.privateMessage;
  let plaintext: Uint8Array | undefined;
  const hpke = context.cipherSuite.hpke;
  const decryptAead: typeof hpke.decryptAead = async (key, nonce, aad, ciphertext) => {
    const opened = await hpke.decryptAead(key, nonce, aad, ciphertext);
    if (ciphertext === privateMessage.ciphertext) plaintext = opened;
    return opened;
  };
  try {
    return await process({ ...context, cipherSuite: { ...context.cipherSuite, hpke: { ...hpke, decryptAead } } });
  } catch (err) {
    if (!(err instanceof MlsError) && plaintext !== undefined)
      checkPlaintext(privateMessage.contentType, plaintext, field);
    throw err;
  }
}

/** PrivateMessageContent starts with the Proposal or the Commit. */
function checkPlaintext(contentType: number, plaintext: Uint8Array, field: string): void {
  try {
    if (contentType === contentTypes.proposal) {
      const decoded = proposalCodecs.proposalDecoder(plaintext, 0);
      if (decoded !== undefined) checkProposalsDecoded([decoded[0]], () => `${field}'s proposal`);
    } else if (contentType === contentTypes.commit) {
      const decoded = commitDecoder(plaintext, 0);
      if (decoded !== undefined) checkProposalsDecoded(byValue(decoded[0]), (i) => `${field}: commit proposal ${i}`);
    }
  } catch (err) {
    if (isInteropError(err)) throw err;
    // A decoder that throws here explains nothing more than the library's own failure.
  }
}
