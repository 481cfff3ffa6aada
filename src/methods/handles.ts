// What lives behind each kind of handle. Values are immutable: a method
// builds new values and the handle store swaps them in when the call succeeds.
import type { ClientState, KeyPackage, PrivateKeyPackage, Reinit } from "ts-mls";
import type { PskTable } from "../protocol/context.js";
import type { HandleStore } from "../store/handle-store.js";
import type { ProtocolMode } from "../ts-mls/protocol-mode.js";
import type { Suite } from "../ts-mls/ciphersuites.js";

/** A member's view of one group (a `state_id`). */
export interface MemberSession {
  readonly state: ClientState;
  readonly suite: Suite;
  /** Fixed at birth, inherited by branches and reinits. */
  readonly encryptHandshake: boolean;
  readonly psks: PskTable;
  /** Proposal messages this member sent in the current epoch, recognised by their bytes. */
  readonly sentProposals: readonly Uint8Array[];
  /** Proposal messages from others already processed in the current epoch. */
  readonly receivedProposals: readonly Uint8Array[];
  /** Fresh leaf keys of this member's Update proposals in the current epoch. */
  readonly pendingUpdates: readonly PendingUpdate[];
  /** Created by Commit or ReInitCommit, applied by HandlePending(ReInit)Commit. */
  readonly pendingCommit: PendingCommit | undefined;
}

export interface PendingUpdate {
  readonly hpkePublicKey: Uint8Array;
  readonly hpkePrivateKey: Uint8Array;
}

export interface PendingCommit {
  readonly commit: Uint8Array;
  readonly newState: ClientState;
}

/** A KeyPackage waiting for its Welcome (a `transaction_id`). */
export interface PendingJoin {
  readonly suite: Suite;
  readonly identity: Uint8Array;
  readonly keyPackage: KeyPackage;
  readonly privateKeys: PrivateKeyPackage;
  readonly psks: PskTable;
}

/** A group suspended by a committed ReInit, with the member's KeyPackage for the new group (a `reinit_id`). */
export interface SuspendedReinit {
  readonly suspended: MemberSession;
  readonly reinit: Reinit;
  readonly join: PendingJoin;
}

/** A signature key pair acting as an external sender (a `signer_id`). */
export interface ExternalSigner {
  readonly suite: Suite;
  readonly signaturePrivateKey: Uint8Array;
  readonly signaturePublicKey: Uint8Array;
  readonly identity: Uint8Array;
}

export interface Handles {
  [kind: string]: unknown;
  state: MemberSession;
  join: PendingJoin;
  reinit: SuspendedReinit;
  signer: ExternalSigner;
}

export type Store = HandleStore<Handles>;

export interface ServerOptions {
  mode: ProtocolMode;
}

export const defaultServerOptions: ServerOptions = { mode: "rfc" };

/** What every method handler runs with. */
export interface MethodContext {
  readonly store: Store;
  readonly options: ServerOptions;
  /** Warnings about a call that succeeded with a caveat. */
  readonly warn: (message: string) => void;
}
