// The 34 methods of mls_client.MLSClient and where each one is implemented:
// one hop from a method's name to its code.
import type { MLSClientService } from "../gen/mls_client.js";
import * as application from "../mls/application.js";
import * as branch from "../mls/branch.js";
import * as commits from "../mls/commits.js";
import * as epochInfo from "../mls/epoch-info.js";
import * as external from "../mls/external.js";
import * as free from "../mls/free.js";
import * as groups from "../mls/groups.js";
import type { MethodContext } from "../mls/handles.js";
import * as proposals from "../mls/proposals.js";
import * as psks from "../mls/psks.js";
import * as reinit from "../mls/reinit.js";
import * as serviceInfo from "../mls/service-info.js";

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
