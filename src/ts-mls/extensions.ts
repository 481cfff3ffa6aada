// Group context extensions between the wire contract's (type, data) pairs and
// ts-mls's parsed model. ts-mls only encodes required_capabilities (3) and
// external_senders (5) from parsed values, so those are parsed here; other
// group context extensions travel as opaque bytes.
//
// external_senders has two models, and the codec the library runs with in
// this process decides which (src/ts-mls/rfc-codecs): RFC 9420's, one
// extension whose data is the list of senders (rfc mode), or ts-mls's as
// released, one extension per sender (KNOWN-ISSUES.md#external-senders-encoding).
import {
  defaultExtensionTypes,
  encode,
  makeCustomExtension,
  type ExternalSender,
  type GroupContextExtension,
} from "ts-mls";
import { invalidArgument } from "../errors.js";
import { rfcCodecsActive } from "./rfc-codecs/active.js";
import { decodeAll } from "./codec.js";
import {
  externalSenderDecoder,
  externalSenderEncoder,
  requiredCapabilitiesDecoder,
  varLenTypeDecoder,
} from "./codec-internals.js";

export interface WireExtension {
  extensionType: number;
  extensionData: Uint8Array;
}

const externalSendersDecoder = varLenTypeDecoder(externalSenderDecoder);

/**
 * Parses a requested extension list. external_senders is RFC 9420's
 * `ExternalSender external_senders<V>`: in rfc mode one extension with the
 * list (an empty list included), as released N senders become N ts-mls
 * extensions and an empty list none.
 */
export function groupContextExtensionsFromWire(
  extensions: readonly WireExtension[],
  field: string,
): GroupContextExtension[] {
  const out: GroupContextExtension[] = [];
  let sendersAt: string | undefined;
  extensions.forEach((ext, i) => {
    const what = `${field}[${i}] (extension type ${ext.extensionType})`;
    if (!Number.isInteger(ext.extensionType) || ext.extensionType < 0 || ext.extensionType > 0xffff)
      throw invalidArgument(`${what}: extension type must fit in uint16`);
    switch (ext.extensionType) {
      case defaultExtensionTypes.required_capabilities:
        out.push({
          extensionType: defaultExtensionTypes.required_capabilities,
          extensionData: decodeAll(requiredCapabilitiesDecoder, ext.extensionData, `${what} RequiredCapabilities`),
        });
        break;
      case defaultExtensionTypes.external_senders: {
        const senders = decodeAll(externalSendersDecoder, ext.extensionData, `${what} ExternalSender list`);
        if (!rfcCodecsActive()) {
          out.push(...senders.map(singleSenderExtension));
          break;
        }
        if (sendersAt !== undefined)
          throw invalidArgument(`${what}: a second external_senders extension (the first is ${sendersAt})`);
        sendersAt = `${field}[${i}]`;
        out.push(senderListExtension(senders));
        break;
      }
      case defaultExtensionTypes.application_id:
      case defaultExtensionTypes.ratchet_tree:
      case defaultExtensionTypes.external_pub:
        throw invalidArgument(`${what} is not a group context extension`);
      default:
        out.push(makeCustomExtension({ extensionType: ext.extensionType, extensionData: ext.extensionData }));
    }
  });
  return out;
}

/** RFC 9420's model; ts-mls's type declares the released one, which the codec of rfc mode no longer reads. */
function senderListExtension(senders: ExternalSender[]): GroupContextExtension {
  return {
    extensionType: defaultExtensionTypes.external_senders,
    extensionData: senders,
  } as unknown as GroupContextExtension;
}

function singleSenderExtension(sender: ExternalSender): GroupContextExtension {
  return { extensionType: defaultExtensionTypes.external_senders, extensionData: sender };
}

/** The group's external senders, in the order their sender_index counts them. */
export function externalSenders(extensions: readonly GroupContextExtension[]): ExternalSender[] {
  const found = extensions.filter((e) => e.extensionType === defaultExtensionTypes.external_senders);
  if (!rfcCodecsActive()) return found.map((e) => e.extensionData as ExternalSender);
  return found.flatMap((e) => e.extensionData as unknown as ExternalSender[]);
}

/** The extensions with `sender` appended to the external senders, the extension created (at the end) if absent. */
export function withExternalSender(
  extensions: readonly GroupContextExtension[],
  sender: ExternalSender,
): GroupContextExtension[] {
  if (!rfcCodecsActive()) return [...extensions, singleSenderExtension(sender)];
  const at = extensions.findIndex((e) => e.extensionType === defaultExtensionTypes.external_senders);
  if (at === -1) return [...extensions, senderListExtension([sender])];
  const list = extensions[at]!.extensionData as unknown as ExternalSender[];
  return extensions.map((e, i) => (i === at ? senderListExtension([...list, sender]) : e));
}

export function decodeExternalSender(bytes: Uint8Array, field: string): ExternalSender {
  return decodeAll(externalSenderDecoder, bytes, `${field} (ExternalSender)`);
}

export function encodeExternalSender(sender: ExternalSender): Uint8Array {
  return encode(externalSenderEncoder, sender);
}
