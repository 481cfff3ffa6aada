// Shared by the tests of the constructions here: the context they run in, and
// a member's view of a commit built by buildCommit and followed by others.
import type { ClientState, MlsMessage, Proposal } from "ts-mls";
import { suite as serverSuite } from "../ts-mls/ciphersuites.js";
import { buildCommit, type BuiltCommit } from "./commit-builder.js";
import { processHandshakeMessage, type OwnUpdate } from "./commit-processing.js";
import { mlsContext, type ProtocolContext } from "./context.js";

const suite1 = await serverSuite(1);

export function protocolContext(psks: Record<string, Uint8Array> = {}): ProtocolContext {
  return mlsContext(suite1, psks);
}

export function commitFrom(
  state: ClientState,
  proposals: Proposal[] = [],
  options: { forcePath?: boolean; psks?: Record<string, Uint8Array> } = {},
): Promise<BuiltCommit> {
  return buildCommit({
    context: protocolContext(options.psks),
    state,
    resumeFrom: state,
    proposals,
    forcePath: options.forcePath ?? false,
    publicMessage: true,
    ratchetTreeExtension: true,
  });
}

/** Our processing of a handshake message; throws what it throws. */
export async function follow(
  state: ClientState,
  message: MlsMessage,
  options: { psks?: Record<string, Uint8Array>; ownUpdates?: OwnUpdate[] } = {},
): Promise<ClientState> {
  if (message.wireformat !== 1 && message.wireformat !== 2) throw new Error("test: not a framed message");
  const processed = await processHandshakeMessage(
    protocolContext(options.psks),
    state,
    message,
    options.ownUpdates ?? [],
  );
  return processed.state;
}
