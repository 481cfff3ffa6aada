// Bytes in and out of the wire contract: which MLS object each bytes field
// holds, decoded strictly (whole input consumed, right MLSMessage wire
// format), so a bad field is INVALID_ARGUMENT naming the field.
import {
  encode,
  mlsMessageDecoder,
  mlsMessageEncoder,
  protocolVersions,
  wireformats,
  type GroupInfo,
  type KeyPackage,
  type MlsFramedMessage,
  type MlsMessage,
  type MlsPrivateMessage,
  type PublicMessage,
  type RatchetTree,
  type Welcome,
} from "ts-mls";
import { invalidArgument } from "../errors.js";
import { ratchetTreeDecoder, ratchetTreeEncoder } from "./tree-internals.js";
import { checkPublicMessage, undecodedGroupInfoExtension } from "./undecodable.js";

type Decoder<T> = (bytes: Uint8Array, offset: number) => [T, number] | undefined;

/** Runs a ts-mls decoder over all of `bytes`; ts-mls decoders can throw on garbage, so both outcomes are caught. */
export function decodeAll<T>(decoder: Decoder<T>, bytes: Uint8Array, what: string): T {
  let result: [T, number] | undefined;
  try {
    result = decoder(bytes, 0);
  } catch (err) {
    throw invalidArgument(`${what} does not decode`, err);
  }
  if (result === undefined) throw invalidArgument(`${what} does not decode`);
  if (result[1] !== bytes.length)
    throw invalidArgument(`${what} has ${bytes.length - result[1]} trailing bytes after the encoded object`);
  return result[0];
}

const wireformatNames: Record<number, string> = {
  [wireformats.mls_public_message]: "PublicMessage",
  [wireformats.mls_private_message]: "PrivateMessage",
  [wireformats.mls_welcome]: "Welcome",
  [wireformats.mls_group_info]: "GroupInfo",
  [wireformats.mls_key_package]: "KeyPackage",
};

function decodeMessage(bytes: Uint8Array, field: string): MlsMessage {
  if (bytes.length === 0) throw invalidArgument(`${field} is empty`);
  let message: MlsMessage;
  try {
    message = decodeAll(mlsMessageDecoder, bytes, `${field} (MLSMessage)`);
  } catch (err) {
    const why = undecodedGroupInfoExtension(bytes);
    throw why === "" ? err : invalidArgument(`${field} (MLSMessage) does not decode: ${why}`, err);
  }
  if (message.version !== protocolVersions.mls10)
    throw invalidArgument(`${field} has protocol version ${message.version}, expected mls10 (1)`);
  // ts-mls decodes an unparsable proposal as a custom one; refuse it here (KNOWN-ISSUES.md#proposal-decode-fallback).
  if (message.wireformat === wireformats.mls_public_message) checkPublicMessage(message.publicMessage, field);
  return message;
}

function wrongWireformat(field: string, message: MlsMessage, expected: string): Error {
  const got = wireformatNames[message.wireformat] ?? `wire format ${message.wireformat}`;
  return invalidArgument(`${field} holds a ${got}, expected ${expected}`);
}

export function decodeKeyPackage(bytes: Uint8Array, field: string): KeyPackage {
  const message = decodeMessage(bytes, field);
  if (message.wireformat !== wireformats.mls_key_package) throw wrongWireformat(field, message, "a KeyPackage");
  return message.keyPackage;
}

export function decodeWelcome(bytes: Uint8Array, field: string): Welcome {
  const message = decodeMessage(bytes, field);
  if (message.wireformat !== wireformats.mls_welcome) throw wrongWireformat(field, message, "a Welcome");
  return message.welcome;
}

export function decodeGroupInfo(bytes: Uint8Array, field: string): GroupInfo {
  const message = decodeMessage(bytes, field);
  if (message.wireformat !== wireformats.mls_group_info) throw wrongWireformat(field, message, "a GroupInfo");
  return message.groupInfo;
}

/** A PublicMessage or PrivateMessage (handshake or application). */
export function decodeFramed(bytes: Uint8Array, field: string): MlsFramedMessage {
  const message = decodeMessage(bytes, field);
  if (message.wireformat !== wireformats.mls_public_message && message.wireformat !== wireformats.mls_private_message)
    throw wrongWireformat(field, message, "a PublicMessage or PrivateMessage");
  return message;
}

export function decodePrivateMessage(bytes: Uint8Array, field: string): MlsPrivateMessage {
  const message = decodeMessage(bytes, field);
  if (message.wireformat !== wireformats.mls_private_message) throw wrongWireformat(field, message, "a PrivateMessage");
  return message;
}

/** An empty field means "no tree given". */
export function decodeRatchetTree(bytes: Uint8Array, field: string): RatchetTree | undefined {
  if (bytes.length === 0) return undefined;
  const tree = decodeAll(ratchetTreeDecoder, bytes, `${field} (ratchet tree)`);
  if (tree.length === 0) throw invalidArgument(`${field} is an empty ratchet tree`);
  return tree;
}

export function encodeRatchetTree(tree: RatchetTree): Buffer {
  return toBuffer(encode(ratchetTreeEncoder, tree));
}

export function encodeMessage(message: MlsMessage): Buffer {
  return toBuffer(encode(mlsMessageEncoder, message));
}

export function encodeKeyPackage(keyPackage: KeyPackage): Buffer {
  return encodeMessage({ version: protocolVersions.mls10, wireformat: wireformats.mls_key_package, keyPackage });
}

export function encodePublicMessage(publicMessage: PublicMessage): Buffer {
  return encodeMessage({ version: protocolVersions.mls10, wireformat: wireformats.mls_public_message, publicMessage });
}

export function encodeGroupInfo(groupInfo: GroupInfo): Buffer {
  return encodeMessage({ version: protocolVersions.mls10, wireformat: wireformats.mls_group_info, groupInfo });
}

/** Zero-copy view of library bytes as the Buffer the generated gRPC types ask for. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

export function base64(bytes: Uint8Array): string {
  return toBuffer(bytes).toString("base64");
}
