// ts-mls INTERNALS: commits and proposals (RFC 9420 §12).
// The steps of ts-mls's createCommit and processMessage, for our commit
// builder and processing where the whole operations depart from the RFC,
// and createCommitInternal for the as-released commit.
// Loaded by path through library-module.ts; re-check on every upgrade of ts-mls.
import type {
  AuthenticationService,
  CiphersuiteImpl,
  ClientConfig,
  ClientState,
  Commit,
  CreateCommitParams,
  CreateCommitResult,
  FramedContent,
  FramedContentCommitData,
  GroupContext,
  GroupContextExtension,
  KeyPackage,
  Proposal,
  ProposalOrRef,
  ProposalWithSender,
  PskId,
  RatchetTree,
  Reinit,
  Sender,
  Signature,
  WireformatName,
} from "ts-mls";
import type { PskIndex } from "./key-schedule-internals.js";
import type { AuthenticatedContent } from "./message-internals.js";
import { loadInternals } from "./library-module.js";

/**
 * The public createCommit cannot resume from another state (resumption PSKs
 * for branch and reinit) while also choosing the ratchet_tree extension and
 * wire format; the public branchGroup/reinitCreateNewGroup cannot choose
 * either. The internal variant takes all of them.
 */
const createCommitModule = await loadInternals<{
  createCommitInternal: (
    params: CreateCommitParams & { resumingFromState?: ClientState },
  ) => Promise<CreateCommitResult>;
}>("./createCommit.js");
export const createCommitInternal = createCommitModule.createCommitInternal;

/** What applying a commit's proposals to a copy of the tree yields (ts-mls's ApplyProposalsResult). */
export interface AppliedProposals {
  pskSecret: Uint8Array;
  pskIds: PskId[];
  /** ts-mls's own rule for a path (KNOWN-ISSUES.md#path-required-rule). */
  needsUpdatePath: boolean;
  additionalResult:
    | { kind: "memberCommit"; addedLeafNodes: Array<[number, KeyPackage]>; extensions: GroupContextExtension[] }
    | { kind: "externalCommit"; externalInitSecret: Uint8Array; newMemberLeafIndex: number }
    | { kind: "reinit"; reinit: Reinit };
  selfRemoved: boolean;
  allProposals: ProposalWithSender[];
}

const proposalApplicationModule = await loadInternals<{
  applyProposals: (
    state: ClientState,
    mutableTree: RatchetTree,
    proposals: ProposalOrRef[],
    committerLeafIndex: number | undefined,
    pskSearch: PskIndex,
    sentByClient: boolean,
    clientConfig: ClientConfig,
    authService: AuthenticationService,
    cs: CiphersuiteImpl,
  ) => Promise<AppliedProposals>;
  addHistoricalReceiverData: (
    state: ClientState,
    config: ClientConfig,
  ) => [ClientState["historicalReceiverData"], Uint8Array[]];
  checkCanSendHandshakeMessages: (state: ClientState) => void;
  processProposal: (
    state: ClientState,
    content: AuthenticatedContent,
    proposal: Proposal,
    h: CiphersuiteImpl["hash"],
  ) => Promise<ClientState>;
}>("./clientState.js");
export const applyProposals = proposalApplicationModule.applyProposals;
export const addHistoricalReceiverData = proposalApplicationModule.addHistoricalReceiverData;
export const checkCanSendHandshakeMessages = proposalApplicationModule.checkCanSendHandshakeMessages;
export const processProposal = proposalApplicationModule.processProposal;

const commitFramingModule = await loadInternals<{
  createContentCommitSignature: (
    groupContext: GroupContext,
    wireformat: WireformatName,
    commit: Commit,
    sender: Sender,
    authenticatedData: Uint8Array,
    signKey: Uint8Array,
    s: Signature,
  ) => Promise<{ framedContent: FramedContent & FramedContentCommitData; signature: Uint8Array }>;
}>("./framedContent.js");
export const createContentCommitSignature = commitFramingModule.createContentCommitSignature;
