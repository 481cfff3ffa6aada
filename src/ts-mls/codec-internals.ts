// ts-mls INTERNALS: TLS codecs of structures the wire contract or the vectors carry bare.
// Lists, external senders, required capabilities, extensions, proposals,
// commits, the GroupContext: for the binding's codecs and checks of what
// does not decode, and the messages and deserialization vectors.
// Loaded by path through library-module.ts; re-check on every upgrade of ts-mls.
import type {
  Capabilities,
  Commit,
  Credential,
  Decoder,
  Encoder,
  ExternalSender,
  GroupContext,
  GroupContextExtension,
  Proposal,
  RequiredCapabilities,
} from "ts-mls";
import { loadInternals } from "./library-module.js";

/** TLS codecs of small structures the wire contract carries bare. */
const codecModule = await loadInternals<{
  varLenDataEncoder: Encoder<Uint8Array>;
  varLenDataDecoder: Decoder<Uint8Array>;
  varLenTypeEncoder: <T>(enc: Encoder<T>) => Encoder<T[]>;
  varLenTypeDecoder: <T>(dec: Decoder<T>) => Decoder<T[]>;
}>("./codec/variableLength.js");
export const varLenDataEncoder = codecModule.varLenDataEncoder;
export const varLenDataDecoder = codecModule.varLenDataDecoder;
export const varLenTypeEncoder = codecModule.varLenTypeEncoder;
export const varLenTypeDecoder = codecModule.varLenTypeDecoder;

/** deserialization.json: the variable-length integer header of RFC 9000 §16 as RFC 9420 §2.1.2 uses it. */
const lengthModule = await loadInternals<{
  determineLength: (data: Uint8Array, offset?: number) => { length: number; lengthFieldSize: number };
}>("./codec/variableLength.js");
export const determineLength = lengthModule.determineLength;

const externalSenderModule = await loadInternals<{
  externalSenderEncoder: Encoder<ExternalSender>;
  externalSenderDecoder: Decoder<ExternalSender>;
}>("./externalSender.js");
export const externalSenderEncoder = externalSenderModule.externalSenderEncoder;
export const externalSenderDecoder = externalSenderModule.externalSenderDecoder;

const requiredCapabilitiesModule = await loadInternals<{
  requiredCapabilitiesEncoder: Encoder<RequiredCapabilities>;
  requiredCapabilitiesDecoder: Decoder<RequiredCapabilities>;
}>("./requiredCapabilities.js");
export const requiredCapabilitiesDecoder = requiredCapabilitiesModule.requiredCapabilitiesDecoder;
export const requiredCapabilitiesEncoder = requiredCapabilitiesModule.requiredCapabilitiesEncoder;

/** A LeafNode's capabilities, through whichever codec the process runs (src/ts-mls/rfc-codecs). */
const capabilitiesModule = await loadInternals<{ capabilitiesDecoder: Decoder<Capabilities> }>("./capabilities.js");
export const capabilitiesDecoder = capabilitiesModule.capabilitiesDecoder;

const credentialModule = await loadInternals<{ credentialEncoder: Encoder<Credential> }>("./credential.js");
export const credentialEncoder = credentialModule.credentialEncoder;

/**
 * Naming the extension of a proposal that does not decode
 * (KNOWN-ISSUES.md#proposal-decode-fallback): the group context extension
 * decoder the library runs (in rfc mode, src/ts-mls/rfc-codecs's), and the
 * one that keeps any extension as type and bytes.
 */
const extensionModule = await loadInternals<{
  groupContextExtensionDecoder: Decoder<unknown>;
  customExtensionDecoder: Decoder<{ extensionType: number; extensionData: Uint8Array }>;
  extensionEncoder: Encoder<GroupContextExtension>;
}>("./extension.js");
export const groupContextExtensionDecoder = extensionModule.groupContextExtensionDecoder;
export const customExtensionDecoder = extensionModule.customExtensionDecoder;
/** One extension's wire form, through whichever extension codec the process runs (src/ts-mls/rfc-codecs). */
export const extensionEncoder = extensionModule.extensionEncoder;

const groupContextModule = await loadInternals<{ groupContextEncoder: Encoder<GroupContext> }>("./groupContext.js");
export const groupContextEncoder = groupContextModule.groupContextEncoder;

/** messages.json and tree-operations.json: codecs of structures MLSMessage does not wrap (RFC 9420 §12.1, §12.4, §7.8). */
const proposalCodecModule = await loadInternals<{
  proposalDecoder: Decoder<Proposal>;
  proposalEncoder: Encoder<Proposal>;
  addEncoder: Encoder<unknown>;
  addDecoder: Decoder<unknown>;
  updateEncoder: Encoder<unknown>;
  updateDecoder: Decoder<unknown>;
  removeEncoder: Encoder<unknown>;
  removeDecoder: Decoder<unknown>;
  pskEncoder: Encoder<unknown>;
  pskDecoder: Decoder<unknown>;
  reinitEncoder: Encoder<unknown>;
  reinitDecoder: Decoder<unknown>;
  externalInitEncoder: Encoder<unknown>;
  externalInitDecoder: Decoder<unknown>;
  groupContextExtensionsEncoder: Encoder<unknown>;
  groupContextExtensionsDecoder: Decoder<unknown>;
}>("./proposal.js");
export const proposalCodecs = proposalCodecModule;

const commitCodecModule = await loadInternals<{ commitEncoder: Encoder<Commit>; commitDecoder: Decoder<Commit> }>(
  "./commit.js",
);
export const commitEncoder = commitCodecModule.commitEncoder;
export const commitDecoder = commitCodecModule.commitDecoder;
