// Pure helpers over MemberSession: the MLS context a call runs in, and the
// bookkeeping that resets when the member moves to a new epoch.
import { bytesToBase64, type ClientState } from "ts-mls";
import { failedPrecondition } from "../errors.js";
import { mlsContext, type ProtocolContext, type PskTable } from "../protocol/context.js";
import type { Suite } from "../ts-mls/ciphersuites.js";
import type { MemberSession } from "./handles.js";

export function sessionContext(session: MemberSession): ProtocolContext {
  return mlsContext(session.suite, session.psks);
}

export function newSession(state: ClientState, suite: Suite, encryptHandshake: boolean, psks: PskTable): MemberSession {
  return {
    state,
    suite,
    encryptHandshake,
    psks,
    sentProposals: [],
    receivedProposals: [],
    pendingUpdates: [],
    pendingCommit: undefined,
  };
}

/** The member moved to `state`'s epoch: everything scoped to the old epoch is dropped. */
export function enterEpoch(session: MemberSession, state: ClientState): MemberSession {
  return newSession(state, session.suite, session.encryptHandshake, session.psks);
}

export function withPsk(psks: PskTable, pskId: Uint8Array, secret: Uint8Array): PskTable {
  // Copied: request buffers are views into gRPC's receive buffers.
  return { ...psks, [bytesToBase64(pskId)]: Uint8Array.from(secret) };
}

export function hasPsk(psks: PskTable, pskId: Uint8Array): boolean {
  return Object.hasOwn(psks, bytesToBase64(pskId));
}

export function epochAuthenticator(state: ClientState): Uint8Array {
  return state.keySchedule.epochAuthenticator;
}

/**
 * A group suspended by a committed ReInit, or one this member was removed
 * from, takes no new handshake messages (RFC 9420 §11.2, §12.2); its state id
 * stays valid until freed.
 */
export function requireActive(session: MemberSession): void {
  const active = session.state.groupActiveState;
  if (active.kind === "suspendedPendingReinit")
    throw failedPrecondition(
      "the group is suspended by a committed ReInit: join the new group through the reinit handle",
    );
  if (active.kind === "removedFromGroup") throw failedPrecondition("this member was removed from the group");
}
