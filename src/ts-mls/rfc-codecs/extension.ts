// ┌──────────────────────────────────────────────────────────────────────────┐
// │ LOAD-TIME SUBSTITUTE for ts-mls's extension codec module                 │
// │ (node_modules/ts-mls/dist/src/extension.js), handed to every importer of │
// │ that module by the hook in hooks.ts once register.ts registered it.      │
// │                                                                          │
// │ Why: ts-mls 2.0.0-rc.10 encodes the external_senders extension as one    │
// │ ExternalSender per extension, not RFC 9420 §12.1.8.1's                   │
// │ `ExternalSender external_senders<V>` (KNOWN-ISSUES.md#external-senders-  │
// │ encoding). The library writes extensions inside every GroupContext it   │
// │ hashes, signs or derives keys from, so no call site of ours can fix it:  │
// │ the codec itself has to be the RFC's.                                    │
// │                                                                          │
// │ What: the released module is re-exported (reached by a URL the hook lets │
// │ through), except for                                                     │
// │   - extensionEncoder, groupContextExtensionDecoder: an external_senders  │
// │     extension's data is the RFC list; the model is one extension whose   │
// │     extensionData is an ExternalSender[];                                │
// │   - extensionsEqual: by encoded bytes, which also compares               │
// │     required_capabilities by value (KNOWN-ISSUES.md#reinit-required-     │
// │     capabilities).                                                       │
// │ Written from the RFC with the library's own codec combinators; no code   │
// │ of the library is copied and no file on disk is touched.                 │
// │                                                                          │
// │ When ts-mls encodes the list itself, extension.test.ts fails: then the   │
// │ whole src/ts-mls/rfc-codecs/ goes. Everything here is loaded from the    │
// │ library by URL, never through its index: the index imports this module. │
// └──────────────────────────────────────────────────────────────────────────┘
import type { Decoder, Encoder, Extension, ExternalSender, GroupContextExtension } from "ts-mls";
import { libraryModule } from "../library-module.js";
import { asReleased } from "./locations.js";

/** The released module's exports, as this replacement uses or passes them on. */
export interface ExtensionModule {
  makeCustomExtension: (extension: { extensionType: number; extensionData: Uint8Array }) => Extension;
  isDefaultExtension: (e: Extension) => boolean;
  extensionEncoder: Encoder<Extension>;
  customExtensionDecoder: Decoder<Extension>;
  leafNodeExtensionDecoder: Decoder<Extension>;
  groupInfoExtensionDecoder: Decoder<Extension>;
  groupContextExtensionDecoder: Decoder<GroupContextExtension>;
  extensionsEqual: (a: GroupContextExtension[], b: GroupContextExtension[]) => boolean;
  extensionsSupportedByCapabilities: (required: Extension[], capabilities: { extensions: number[] }) => boolean;
}

async function load<T>(file: string): Promise<T> {
  return (await import(file)) as T;
}

const released = await load<ExtensionModule>(asReleased("./extension.js"));
const { encode } = await load<{ encode: <T>(enc: Encoder<T>, value: T) => Uint8Array }>(
  libraryModule("./codec/tlsEncoder.js"),
);
const { uint16Encoder, uint16Decoder } = await load<{
  uint16Encoder: Encoder<number>;
  uint16Decoder: Decoder<number>;
}>(libraryModule("./codec/number.js"));
const { varLenDataEncoder, varLenDataDecoder, varLenTypeEncoder, varLenTypeDecoder } = await load<{
  varLenDataEncoder: Encoder<Uint8Array>;
  varLenDataDecoder: Decoder<Uint8Array>;
  varLenTypeEncoder: <T>(enc: Encoder<T>) => Encoder<T[]>;
  varLenTypeDecoder: <T>(dec: Decoder<T>) => Decoder<T[]>;
}>(libraryModule("./codec/variableLength.js"));
const { externalSenderEncoder, externalSenderDecoder } = await load<{
  externalSenderEncoder: Encoder<ExternalSender>;
  externalSenderDecoder: Decoder<ExternalSender>;
}>(libraryModule("./externalSender.js"));
const { constantTimeEqual } = await load<{ constantTimeEqual: (a: Uint8Array, b: Uint8Array) => boolean }>(
  libraryModule("./util/constantTimeCompare.js"),
);

/** RFC 9420 §17.3. */
const externalSendersType = 5;

/** `ExternalSender external_senders<V>` (RFC 9420 §12.1.8.1). */
export const externalSenderListEncoder: Encoder<ExternalSender[]> = varLenTypeEncoder(externalSenderEncoder);
export const externalSenderListDecoder: Decoder<ExternalSender[]> = varLenTypeDecoder(externalSenderDecoder);

/**
 * `struct { ExtensionType extension_type; opaque extension_data<V>; }`
 * (RFC 9420 §7.2) around already encoded data.
 */
function extensionWithData(extensionType: number, data: Uint8Array): ReturnType<Encoder<unknown>> {
  const [typeLength, writeType] = uint16Encoder(extensionType);
  const [dataLength, writeData] = varLenDataEncoder(data);
  return [
    typeLength + dataLength,
    (offset, buffer) => {
      writeType(offset, buffer);
      writeData(offset + typeLength, buffer);
    },
  ];
}

/**
 * The external_senders data of an extension in this module's model: the
 * list, or bytes as they came (a GroupInfo or KeyPackage extension decoder
 * keeps unknown-to-it types as bytes, and re-encoding must not change them).
 * The released model's single ExternalSender cannot occur in a process that
 * runs this module; meeting one is a bug worth a loud error.
 */
function externalSendersData(data: unknown): Uint8Array {
  if (Array.isArray(data)) return encode(externalSenderListEncoder, data as ExternalSender[]);
  if (data instanceof Uint8Array) return data;
  throw new TypeError(
    "external_senders extension data must be an ExternalSender[] (RFC 9420 §12.1.8.1): " +
      "this process runs the RFC codec of src/ts-mls/rfc-codecs",
  );
}

export const extensionEncoder: Encoder<Extension> = (extension) =>
  extension.extensionType === externalSendersType
    ? extensionWithData(externalSendersType, externalSendersData(extension.extensionData))
    : released.extensionEncoder(extension);

/**
 * The list must fill the extension data exactly; anything else does not
 * decode. The library's decoders throw on some malformed input and return
 * undefined on other; inside the extension data, both mean the same here.
 */
export const groupContextExtensionDecoder: Decoder<GroupContextExtension> = (bytes, offset) => {
  const type = uint16Decoder(bytes, offset);
  if (type === undefined || type[0] !== externalSendersType)
    return released.groupContextExtensionDecoder(bytes, offset);
  const data = varLenDataDecoder(bytes, offset + type[1]);
  if (data === undefined) return undefined;
  const senders = senderList(data[0]);
  if (senders === undefined) return undefined;
  const extension = { extensionType: externalSendersType, extensionData: senders };
  return [extension as unknown as GroupContextExtension, type[1] + data[1]];
};

function senderList(data: Uint8Array): ExternalSender[] | undefined {
  try {
    const decoded = externalSenderListDecoder(data, 0);
    return decoded !== undefined && decoded[1] === data.length ? decoded[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Equal lists of extensions: the same types in the same order with the same encoded data. */
export function extensionsEqual(a: GroupContextExtension[], b: GroupContextExtension[]): boolean {
  return (
    a.length === b.length &&
    a.every((extension, i) => constantTimeEqual(encode(extensionEncoder, extension), encode(extensionEncoder, b[i]!)))
  );
}

export const makeCustomExtension = released.makeCustomExtension;
export const isDefaultExtension = released.isDefaultExtension;
export const customExtensionDecoder = released.customExtensionDecoder;
export const leafNodeExtensionDecoder = released.leafNodeExtensionDecoder;
export const groupInfoExtensionDecoder = released.groupInfoExtensionDecoder;
export const extensionsSupportedByCapabilities = released.extensionsSupportedByCapabilities;

/** Every export of the released module, each passed on or replaced above; extension.test.ts holds the library to it. */
export const releasedExports: ReadonlyArray<keyof ExtensionModule> = [
  "makeCustomExtension",
  "isDefaultExtension",
  "extensionEncoder",
  "customExtensionDecoder",
  "leafNodeExtensionDecoder",
  "groupInfoExtensionDecoder",
  "groupContextExtensionDecoder",
  "extensionsEqual",
  "extensionsSupportedByCapabilities",
];
