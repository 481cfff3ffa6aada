// ┌──────────────────────────────────────────────────────────────────────────┐
// │ LOAD-TIME SUBSTITUTE for ts-mls's capabilities codec module              │
// │ (node_modules/ts-mls/dist/src/capabilities.js), handed to every importer │
// │ of that module by the hook in hooks.ts once register.ts registered it.   │
// │                                                                          │
// │ Why: ts-mls 2.0.0-rc.10 decodes Capabilities.versions with its           │
// │ ProtocolVersion decoder, which knows mls10 alone, so a LeafNode that     │
// │ lists a later version as well does not decode, nor does anything around  │
// │ it: OpenMLS's interop client lists 999 in every KeyPackage, and none of  │
// │ them decoded (KNOWN-ISSUES.md#capabilities-unknown-version). RFC 9420    │
// │ §13.4: a client processing a KeyPackage MUST ignore all unrecognized     │
// │ values in the capabilities field of the LeafNode.                        │
// │                                                                          │
// │ What: the released module is re-exported (reached by a URL the hook lets │
// │ through), except capabilitiesDecoder, whose versions are any uint16, as │
// │ its other four lists already are. The encoder writes uint16s either way. │
// │ Written from the RFC with the library's own codec combinators.           │
// │                                                                          │
// │ When ts-mls decodes such versions itself, capabilities.test.ts fails:   │
// │ then this module and its line in locations.ts go.                        │
// └──────────────────────────────────────────────────────────────────────────┘
import type { Capabilities, Decoder, Encoder } from "ts-mls";
import { libraryModule } from "../library-module.js";
import { asReleased } from "./locations.js";

/** The released module's exports. */
export interface CapabilitiesModule {
  capabilitiesEncoder: Encoder<Capabilities>;
  capabilitiesDecoder: Decoder<Capabilities>;
}

async function load<T>(file: string): Promise<T> {
  return (await import(file)) as T;
}

const released = await load<CapabilitiesModule>(asReleased("./capabilities.js"));
const { uint16Decoder } = await load<{ uint16Decoder: Decoder<number> }>(libraryModule("./codec/number.js"));
const { varLenTypeDecoder } = await load<{ varLenTypeDecoder: <T>(dec: Decoder<T>) => Decoder<T[]> }>(
  libraryModule("./codec/variableLength.js"),
);
const { mapDecoders } = await load<{
  mapDecoders: <T extends unknown[], R>(
    decoders: { [K in keyof T]: Decoder<T[K]> },
    f: (...args: T) => R,
  ) => Decoder<R>;
}>(libraryModule("./codec/tlsDecoder.js"));

const list = varLenTypeDecoder(uint16Decoder);

export const capabilitiesEncoder = released.capabilitiesEncoder;

/** `struct { ProtocolVersion versions<V>; CipherSuite …; ExtensionType …; ProposalType …; CredentialType …; }` */
export const capabilitiesDecoder: Decoder<Capabilities> = mapDecoders(
  [list, list, list, list, list],
  (versions, ciphersuites, extensions, proposals, credentials) =>
    ({ versions, ciphersuites, extensions, proposals, credentials }) as Capabilities,
);

/** Every export of the released module, each passed on or replaced above; capabilities.test.ts holds the library to it. */
export const releasedExports: ReadonlyArray<keyof CapabilitiesModule> = ["capabilitiesEncoder", "capabilitiesDecoder"];
