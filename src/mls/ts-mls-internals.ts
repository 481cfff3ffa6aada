// ┌──────────────────────────────────────────────────────────────────────────┐
// │ WORKAROUND MODULE: functions ts-mls has but does not export.             │
// │                                                                          │
// │ ts-mls's package.json `exports` only exposes its index, yet the server   │
// │ needs a few of its internal functions (listed below with the reason).    │
// │ They are loaded here, and only here, from the installed package's own    │
// │ files by path, so the rest of the code base imports them from this       │
// │ module and an upgrade of ts-mls has exactly one place to re-check.       │
// │ Nothing is copied or patched: these are the library's own functions.     │
// └──────────────────────────────────────────────────────────────────────────┘
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type {
  CiphersuiteImpl,
  ClientState,
  CreateCommitParams,
  CreateCommitResult,
  Credential,
  Decoder,
  Encoder,
  ExternalSender,
  GroupInfo,
  GroupInfoTBS,
  LeafNode,
  RatchetTree,
  RequiredCapabilities,
  Signature,
} from "ts-mls";

const indexFile = createRequire(import.meta.url).resolve("ts-mls");
const base = pathToFileURL(indexFile);

async function load<T>(file: string): Promise<T> {
  return (await import(new URL(file, base).href)) as T;
}

/** Bare `optional<Node> ratchet_tree<V>` for the ratchet_tree fields of the wire contract. */
const ratchetTreeModule = await load<{
  ratchetTreeEncoder: Encoder<RatchetTree>;
  ratchetTreeDecoder: Decoder<RatchetTree>;
}>("./ratchetTree.js");
export const ratchetTreeEncoder = ratchetTreeModule.ratchetTreeEncoder;
export const ratchetTreeDecoder = ratchetTreeModule.ratchetTreeDecoder;

/**
 * The public createCommit cannot resume from another state (resumption PSKs
 * for branch and reinit) while also choosing the ratchet_tree extension and
 * wire format; the public branchGroup/reinitCreateNewGroup cannot choose
 * either. The internal variant takes all of them.
 */
const createCommitModule = await load<{
  createCommitInternal: (
    params: CreateCommitParams & { resumingFromState?: ClientState },
  ) => Promise<CreateCommitResult>;
}>("./createCommit.js");
export const createCommitInternal = createCommitModule.createCommitInternal;

/**
 * Update proposals need a LeafNode with source `update` signed over its
 * group id and leaf index; ts-mls exports no signer for it. Its commit-leaf
 * signer serialises whichever LeafNodeTBS variant it is handed, update included.
 */
const leafNodeModule = await load<{
  signLeafNodeCommit: (
    tbs: LeafNode & { groupId: Uint8Array; leafIndex: number },
    signaturePrivateKey: Uint8Array,
    sig: Signature,
  ) => Promise<LeafNode>;
}>("./leafNode.js");
export const signLeafNodeTbs = leafNodeModule.signLeafNodeCommit;

/**
 * GroupInfo with an RFC-shaped external_pub extension: ts-mls's own
 * createGroupInfoWithExternalPub writes the key without its length prefix
 * (KNOWN-ISSUES.md, external_pub), so we assemble and sign the GroupInfo.
 */
const groupInfoModule = await load<{
  signGroupInfo: (tbs: GroupInfoTBS, privateKey: Uint8Array, s: Signature) => Promise<GroupInfo>;
  groupInfoTBSEncoder: Encoder<GroupInfoTBS>;
}>("./groupInfo.js");
export const signGroupInfo = groupInfoModule.signGroupInfo;

/** TLS codecs of small structures the wire contract carries bare. */
const codecModule = await load<{
  varLenDataEncoder: Encoder<Uint8Array>;
  varLenDataDecoder: Decoder<Uint8Array>;
  varLenTypeEncoder: <T>(enc: Encoder<T>) => Encoder<T[]>;
  varLenTypeDecoder: <T>(dec: Decoder<T>) => Decoder<T[]>;
}>("./codec/variableLength.js");
export const varLenDataEncoder = codecModule.varLenDataEncoder;
export const varLenDataDecoder = codecModule.varLenDataDecoder;
export const varLenTypeEncoder = codecModule.varLenTypeEncoder;
export const varLenTypeDecoder = codecModule.varLenTypeDecoder;

const externalSenderModule = await load<{
  externalSenderEncoder: Encoder<ExternalSender>;
  externalSenderDecoder: Decoder<ExternalSender>;
}>("./externalSender.js");
export const externalSenderEncoder = externalSenderModule.externalSenderEncoder;
export const externalSenderDecoder = externalSenderModule.externalSenderDecoder;

const requiredCapabilitiesModule = await load<{
  requiredCapabilitiesEncoder: Encoder<RequiredCapabilities>;
  requiredCapabilitiesDecoder: Decoder<RequiredCapabilities>;
}>("./requiredCapabilities.js");
export const requiredCapabilitiesDecoder = requiredCapabilitiesModule.requiredCapabilitiesDecoder;
export const requiredCapabilitiesEncoder = requiredCapabilitiesModule.requiredCapabilitiesEncoder;

const credentialModule = await load<{ credentialEncoder: Encoder<Credential> }>("./credential.js");
export const credentialEncoder = credentialModule.credentialEncoder;

export type { CiphersuiteImpl };
