// Decoding and re-encoding MLS structures byte for byte, as the messages and
// deserialization vectors ask: every structure a vector field may hold, by
// the field's name.
import { encode, mlsMessageDecoder, mlsMessageEncoder } from "ts-mls";
import { decodeAll } from "../../ts-mls/codec.js";
import { commitDecoder, commitEncoder, determineLength, proposalCodecs as p } from "../../ts-mls/codec-internals.js";
import { ratchetTreeDecoder, ratchetTreeEncoder } from "../../ts-mls/tree-internals.js";
import { groupSecretsDecoder, groupSecretsEncoder } from "../../ts-mls/welcome-internals.js";

type Decoder<T> = (bytes: Uint8Array, offset: number) => [T, number] | undefined;
type Encoder<T> = (value: T) => [number, (offset: number, buffer: ArrayBuffer) => void];

interface Codec {
  structure: string;
  decoder: Decoder<unknown>;
  encoder: Encoder<unknown>;
}

const codec = <T>(structure: string, decoder: Decoder<T>, encoder: Encoder<T>): Codec => ({
  structure,
  decoder: decoder as Decoder<unknown>,
  encoder: encoder as Encoder<unknown>,
});

const mlsMessage = codec("MLSMessage", mlsMessageDecoder, mlsMessageEncoder);

/** messages.json field → the structure it holds (test-vectors.md, Messages). */
export const messageStructures: Readonly<Record<string, Codec>> = {
  mls_welcome: mlsMessage,
  mls_group_info: mlsMessage,
  mls_key_package: mlsMessage,
  ratchet_tree: codec("ratchet_tree", ratchetTreeDecoder, ratchetTreeEncoder),
  group_secrets: codec("GroupSecrets", groupSecretsDecoder, groupSecretsEncoder),
  add_proposal: codec("Add", p.addDecoder, p.addEncoder),
  update_proposal: codec("Update", p.updateDecoder, p.updateEncoder),
  remove_proposal: codec("Remove", p.removeDecoder, p.removeEncoder),
  pre_shared_key_proposal: codec("PreSharedKey", p.pskDecoder, p.pskEncoder),
  re_init_proposal: codec("ReInit", p.reinitDecoder, p.reinitEncoder),
  external_init_proposal: codec("ExternalInit", p.externalInitDecoder, p.externalInitEncoder),
  group_context_extensions_proposal: codec(
    "GroupContextExtensions",
    p.groupContextExtensionsDecoder,
    p.groupContextExtensionsEncoder,
  ),
  commit: codec("Commit", commitDecoder, commitEncoder),
  public_message_application: mlsMessage,
  public_message_proposal: mlsMessage,
  public_message_commit: mlsMessage,
  private_message: mlsMessage,
};

/** Decodes all of `bytes` as the field's structure and encodes the result again. */
export function reencode(field: string, bytes: Uint8Array): Uint8Array {
  const c = messageStructures[field];
  if (c === undefined) throw new Error(`no structure known for field '${field}'`);
  return encode(c.encoder, decodeAll(c.decoder, bytes, `${field} (${c.structure})`));
}

/** The length a variable-length integer header (RFC 9420 §2.1.2) announces, and the header's size. */
export function readLengthHeader(bytes: Uint8Array): { length: number; headerSize: number } {
  const { length, lengthFieldSize } = determineLength(bytes, 0);
  return { length, headerSize: lengthFieldSize };
}
