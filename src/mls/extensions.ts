// Group context extensions between the wire contract's (type, data) pairs and
// ts-mls's parsed model. ts-mls only encodes required_capabilities (3) and
// external_senders (5) from parsed values, so those are parsed here; other
// group context extensions travel as opaque bytes.
import {
  defaultExtensionTypes,
  encode,
  makeCustomExtension,
  type ExternalSender,
  type GroupContextExtension,
} from "ts-mls";
import { invalidArgument } from "../errors.js";
import { decodeAll } from "./codec.js";
import {
  externalSenderDecoder,
  externalSenderEncoder,
  requiredCapabilitiesDecoder,
  varLenTypeDecoder,
} from "./ts-mls-internals.js";

export interface WireExtension {
  extensionType: number;
  extensionData: Uint8Array;
}

const externalSendersDecoder = varLenTypeDecoder(externalSenderDecoder);

/**
 * Parses a requested extension list. external_senders is RFC 9420's
 * `ExternalSender external_senders<V>`, while ts-mls models one sender per
 * extension (KNOWN-ISSUES.md#external-senders-encoding): a list of N senders
 * becomes N ts-mls extensions, an empty list none.
 */
export function groupContextExtensionsFromWire(
  extensions: readonly WireExtension[],
  field: string,
): GroupContextExtension[] {
  const out: GroupContextExtension[] = [];
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
      case defaultExtensionTypes.external_senders:
        for (const sender of decodeAll(externalSendersDecoder, ext.extensionData, `${what} ExternalSender list`))
          out.push(externalSendersExtension(sender));
        break;
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

export function externalSendersExtension(sender: ExternalSender): GroupContextExtension {
  return { extensionType: defaultExtensionTypes.external_senders, extensionData: sender };
}

export function decodeExternalSender(bytes: Uint8Array, field: string): ExternalSender {
  return decodeAll(externalSenderDecoder, bytes, `${field} (ExternalSender)`);
}

export function encodeExternalSender(sender: ExternalSender): Uint8Array {
  return encode(externalSenderEncoder, sender);
}
