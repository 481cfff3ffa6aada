// Which external_senders codec the library in this process actually runs:
// the mode a server or vector run asks for and the codec must never disagree.
import { encode, type GroupContext } from "ts-mls";
import type { ProtocolMode } from "../protocol-mode.js";
import { capabilitiesDecoder, groupContextEncoder } from "../codec-internals.js";
import { preloadModule } from "./locations.js";

let active: boolean | undefined;

/**
 * True when ts-mls runs the RFC's codecs: it encodes GroupContexts with RFC
 * 9420's external_senders list and decodes capabilities listing versions it
 * does not know, i.e. the hook was registered before ts-mls loaded. Asked of
 * the library itself, not of the registration: a hook registered after
 * ts-mls loaded changes nothing. Both or neither: one without the other is
 * a hook that lost one of its modules, a bug.
 */
export function rfcCodecsActive(): boolean {
  if (active === undefined) {
    const lists = externalSendersList();
    if (lists !== unknownVersions())
      throw new Error("the RFC codec hook substituted one of ts-mls's codec modules and not the other");
    active = lists;
  }
  return active;
}

/** versions<V> = [1, 999], then four empty lists. */
function unknownVersions(): boolean {
  const bytes = Uint8Array.from([4, 0, 1, 3, 0xe7, 0, 0, 0, 0]);
  try {
    return (capabilitiesDecoder(bytes, 0)?.[0].versions as number[] | undefined)?.includes(999) === true;
  } catch {
    return false;
  }
}

function externalSendersList(): boolean {
  const emptyList = { extensionType: 5, extensionData: [] };
  const context = {
    version: 1,
    cipherSuite: 1,
    groupId: new Uint8Array(),
    epoch: 0n,
    treeHash: new Uint8Array(),
    confirmedTranscriptHash: new Uint8Array(),
    extensions: [emptyList],
  } as unknown as GroupContext;
  let bytes: Uint8Array;
  try {
    bytes = encode(groupContextEncoder, context);
  } catch {
    return false; // as released, the encoder takes the list for one ExternalSender and fails
  }
  // extensions<V> = length 4, extension_type 5, extension_data<V> = [0x00] (an empty list)
  return Buffer.from(bytes.subarray(bytes.length - 5)).equals(Buffer.from([4, 0, 5, 1, 0]));
}

/** The process's protocol mode, as its codec makes it. */
export function codecMode(): ProtocolMode {
  return rfcCodecsActive() ? "rfc" : "as-released";
}

/** Throws when `mode` is not what the codec in this process supports, saying how to start it right. */
export function assertCodecMatches(mode: ProtocolMode): void {
  const actual = codecMode();
  if (actual === mode) return;
  if (mode === "rfc")
    throw new Error(
      "rfc mode needs RFC 9420's external_senders codec, which replaces ts-mls's own only when the module hook " +
        "(src/ts-mls/rfc-codecs) is registered before ts-mls loads, and in this process it is not: start through " +
        `the mls-interop command, or run node with --import ${preloadModule} (npm test does), or ask for --as-released`,
    );
  throw new Error(
    "as-released mode must run ts-mls's own codecs, but the RFC 9420 codec hook (src/ts-mls/rfc-codecs) is " +
      "active in this process: start it without --import of the hook's preload",
  );
}
