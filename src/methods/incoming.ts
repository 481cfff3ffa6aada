// Handshake messages from others: proposals handed by reference, and commits.
import {
  contentTypes,
  defaultProposalTypes,
  processPrivateMessage,
  processPublicMessage,
  wireformats,
  type ClientState,
  type IncomingMessageCallback,
  type MlsFramedMessage,
} from "ts-mls";
import { failedPrecondition, invalidArgument } from "../errors.js";
import { processHandshakeMessage } from "../protocol/commit-processing.js";
import { bytesEqual, decodeFramed } from "../ts-mls/codec.js";
import type { MemberSession, PendingUpdate } from "./handles.js";
import type { ProtocolMode } from "../ts-mls/protocol-mode.js";
import { libraryOnInput } from "../ts-mls/library-errors.js";
import { sessionContext } from "./member-session.js";
import { withPrivateContentChecked } from "../ts-mls/undecodable.js";

export type HandshakeKind = "proposal" | "commit";

/**
 * A message for another group is the caller's mistake (INVALID_ARGUMENT); one
 * from an epoch this state is not in (or, for application data, no longer
 * holds keys for) is a state that does not allow it (FAILED_PRECONDITION).
 */
export function checkAddressedTo(
  state: ClientState,
  groupId: Uint8Array,
  epoch: bigint,
  field: string,
  pastEpochsAllowed: boolean,
): void {
  if (!bytesEqual(groupId, state.groupContext.groupId))
    throw invalidArgument(
      `${field} is for group ${hexPrefix(groupId)}, this state is in group ${hexPrefix(state.groupContext.groupId)}`,
    );
  const current = state.groupContext.epoch;
  if (epoch === current) return;
  if (epoch > current) throw failedPrecondition(`${field} is from epoch ${epoch}, after this state's epoch ${current}`);
  if (!pastEpochsAllowed || !state.historicalReceiverData.has(epoch))
    throw failedPrecondition(
      `${field} is from epoch ${epoch}; this state is in epoch ${current} and no longer holds it`,
    );
}

function hexPrefix(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString("hex");
  return hex.length > 16 ? `0x${hex.slice(0, 16)}…` : `0x${hex}`;
}

/**
 * Processes one PublicMessage or PrivateMessage handshake against the
 * member's state: in "rfc" mode with our own commit processing
 * (src/protocol/commit-processing.ts), "as-released" with ts-mls's.
 */
export async function processHandshake(
  mode: ProtocolMode,
  session: MemberSession,
  bytes: Uint8Array,
  field: string,
): Promise<{ state: ClientState; kind: HandshakeKind }> {
  const message = decodeFramed(bytes, field);
  checkAddressedTo(session.state, ...addressOf(message), field, false);
  if (message.wireformat === wireformats.mls_public_message) {
    const contentType = message.publicMessage.content.contentType;
    if (contentType !== contentTypes.proposal && contentType !== contentTypes.commit)
      throw invalidArgument(`${field} is a PublicMessage with content type ${contentType}, not a handshake`);
  }
  if (mode === "rfc")
    return libraryOnInput(`process ${field}`, () =>
      withPrivateContentChecked(sessionContext(session), message, field, (context) =>
        processHandshakeMessage(context, session.state, message, session.pendingUpdates),
      ),
    );
  return processHandshakeAsReleased(session, message, field);
}

/**
 * ts-mls's own processing. processMessage is avoided on purpose: it drops the
 * external PSKs for PrivateMessages (KNOWN-ISSUES.md#process-message-drops-psks).
 */
async function processHandshakeAsReleased(
  session: MemberSession,
  message: MlsFramedMessage,
  field: string,
  callback?: IncomingMessageCallback,
): Promise<{ state: ClientState; kind: HandshakeKind }> {
  const context = sessionContext(session);
  const state = session.state;
  if (message.wireformat === wireformats.mls_public_message) {
    const result = await libraryOnInput(`process ${field}`, () =>
      processPublicMessage({ context, state, publicMessage: message.publicMessage, callback }),
    );
    const commit = message.publicMessage.content.contentType === contentTypes.commit;
    return { state: result.newState, kind: commit ? "commit" : "proposal" };
  }
  const result = await libraryOnInput(`process ${field}`, () =>
    withPrivateContentChecked(context, message, field, (checked) =>
      processPrivateMessage({ context: checked, state, privateMessage: message.privateMessage, callback }),
    ),
  );
  if (result.kind === "applicationMessage") throw invalidArgument(`${field} carries application data, not a handshake`);
  // Only a commit moves the state to another epoch.
  const kind = result.newState.groupContext.epoch !== state.groupContext.epoch ? "commit" : "proposal";
  return { state: result.newState, kind };
}

/**
 * Makes proposals handed by reference pending in this state. The runner hands
 * every member the full list, its own proposals included: those (recognised
 * by their bytes) and ones already processed this epoch are skipped. A
 * message that fails to process fails the call.
 */
export async function absorbProposals(
  mode: ProtocolMode,
  session: MemberSession,
  messages: readonly Uint8Array[],
  field: string,
): Promise<MemberSession> {
  let current = session;
  for (const [i, bytes] of messages.entries()) {
    const known = [...current.sentProposals, ...current.receivedProposals];
    if (known.some((m) => bytesEqual(m, bytes))) continue;
    const { state, kind } = await processHandshake(mode, current, bytes, `${field}[${i}]`);
    if (kind !== "proposal") throw invalidArgument(`${field}[${i}] is a commit, not a proposal`);
    current = { ...current, state, receivedProposals: [...current.receivedProposals, Uint8Array.from(bytes)] };
  }
  return current;
}

/**
 * A commit, in "rfc" mode processed as any handshake (our processing applies
 * the member's own Update keys itself). As released, ts-mls never learnt an
 * Update's fresh leaf key (it keeps no keys of proposals it did not
 * generate), yet once the commit applies the Update that key is the member's
 * leaf key. Which key the committer encrypted the UpdatePath to depends on
 * who committed: RFC 9420 §12.4.2 says the new one, ts-mls committers use the
 * old one (KNOWN-ISSUES.md#update-path-to-old-keys). So the RFC way is tried
 * first and the ts-mls way second, and either way the member keeps the fresh
 * key if and only if the commit applied its Update.
 */
export async function processCommitMessage(
  mode: ProtocolMode,
  session: MemberSession,
  bytes: Uint8Array,
  field: string,
): Promise<{ state: ClientState; kind: HandshakeKind }> {
  if (mode === "rfc" || session.pendingUpdates.length === 0) return processHandshake(mode, session, bytes, field);
  const message = decodeFramed(bytes, field);
  const original = session.state;
  const ownLeaf = original.privatePath.leafIndex;
  let applied: PendingUpdate | undefined;
  const privateKeys = { ...original.privatePath.privateKeys };
  const callback: IncomingMessageCallback = (incoming) => {
    if (incoming.kind !== "commit") return "accept";
    for (const { proposal, senderLeafIndex } of incoming.proposals) {
      if (proposal.proposalType !== defaultProposalTypes.update || senderLeafIndex !== ownLeaf) continue;
      const leafKey = "update" in proposal ? proposal.update.leafNode.hpkePublicKey : undefined;
      applied = session.pendingUpdates.find((u) => leafKey !== undefined && bytesEqual(u.hpkePublicKey, leafKey));
      // The library reads this object when it decrypts the path, after this callback.
      if (applied !== undefined) privateKeys[ownLeaf * 2] = applied.hpkePrivateKey;
    }
    return "accept";
  };
  const withFreshKey = { ...original, privatePath: { ...original.privatePath, privateKeys } };
  try {
    checkAddressedTo(original, ...addressOf(message), field, false);
    return await processHandshakeAsReleased({ ...session, state: withFreshKey }, message, field, callback);
  } catch (rfcFailure) {
    if (applied === undefined) throw rfcFailure;
    const fresh = applied;
    const result = await processHandshakeAsReleased(session, message, field).catch(() => {
      throw rfcFailure;
    });
    const state = result.state;
    const keys = { ...state.privatePath.privateKeys, [ownLeaf * 2]: fresh.hpkePrivateKey };
    return { ...result, state: { ...state, privatePath: { ...state.privatePath, privateKeys: keys } } };
  }
}

function addressOf(message: MlsFramedMessage): [Uint8Array, bigint] {
  const { groupId, epoch } =
    message.wireformat === wireformats.mls_public_message ? message.publicMessage.content : message.privateMessage;
  return [groupId, epoch];
}
