// The 34 methods of mls_client.MLSClient and where each one is implemented:
// one hop from a method's name to its code.
import type { MLSClientService } from "../gen/mls_client.js";
import * as application from "../methods/application.js";
import * as branch from "../methods/branch.js";
import * as commits from "../methods/commits.js";
import * as epochInfo from "../methods/epoch-info.js";
import * as external from "../methods/external.js";
import * as free from "../methods/free.js";
import * as groups from "../methods/groups.js";
import type { MethodContext } from "../methods/handles.js";
import * as proposals from "../methods/proposals.js";
import * as psks from "../methods/psks.js";
import * as reinit from "../methods/reinit.js";
import * as serviceInfo from "../methods/service-info.js";

export type MethodKey = keyof typeof MLSClientService;
type RequestOf<K extends MethodKey> = ReturnType<(typeof MLSClientService)[K]["requestDeserialize"]>;
type ResponseOf<K extends MethodKey> = Parameters<(typeof MLSClientService)[K]["responseSerialize"]>[0];
export type Handler<K extends MethodKey> = (ctx: MethodContext, req: RequestOf<K>) => Promise<ResponseOf<K>>;

export const handlers: { [K in MethodKey]: Handler<K> } = {
  name: serviceInfo.name,
  supportedCiphersuites: (_ctx, req) => serviceInfo.supportedCiphersuites(req),

  createGroup: groups.createGroup,
  createKeyPackage: groups.createKeyPackage,
  joinGroup: groups.joinGroup,
  externalJoin: groups.externalJoin,

  groupInfo: epochInfo.groupInfo,
  stateAuth: epochInfo.stateAuth,
  export: epochInfo.exportSecret,

  protect: application.protect,
  unprotect: application.unprotect,

  storePsk: psks.storePsk,

  addProposal: proposals.addProposal,
  updateProposal: proposals.updateProposal,
  removeProposal: proposals.removeProposal,
  externalPskProposal: proposals.externalPskProposalMethod,
  resumptionPskProposal: proposals.resumptionPskProposalMethod,
  groupContextExtensionsProposal: proposals.groupContextExtensionsProposalMethod,

  commit: commits.commit,
  handleCommit: commits.handleCommit,
  handlePendingCommit: commits.handlePendingCommit,

  reInitProposal: reinit.reInitProposal,
  reInitCommit: reinit.reInitCommit,
  handlePendingReInitCommit: reinit.handlePendingReInitCommit,
  handleReInitCommit: reinit.handleReInitCommit,
  reInitWelcome: reinit.reInitWelcome,
  handleReInitWelcome: reinit.handleReInitWelcome,

  createBranch: branch.createBranch,
  handleBranch: branch.handleBranch,

  newMemberAddProposal: external.newMemberAddProposal,
  createExternalSigner: external.createExternalSigner,
  addExternalSigner: external.addExternalSigner,
  externalSignerProposal: external.externalSignerProposal,

  free: free.free,
};
