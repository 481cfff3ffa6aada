// Action name (as configs spell it) → definition.
import type { ActionDefinition } from "./action.js";
import { addExternalSigner } from "./add-external-signer.js";
import { addProposal } from "./add-proposal.js";
import { branch } from "./branch.js";
import { commit } from "./commit.js";
import { createGroup } from "./create-group.js";
import { createKeyPackage } from "./create-key-package.js";
import { exportSecret } from "./export.js";
import { externalJoin } from "./external-join.js";
import { externalPSKProposal } from "./external-psk-proposal.js";
import { externalSignerProposal } from "./external-signer-proposal.js";
import { fullCommit } from "./full-commit.js";
import { groupContextExtensionsProposal } from "./group-context-extensions-proposal.js";
import { groupInfo } from "./group-info.js";
import { handleCommit } from "./handle-commit.js";
import { handlePendingCommit } from "./handle-pending-commit.js";
import { installExternalPSK } from "./install-external-psk.js";
import { joinGroup } from "./join-group.js";
import { newMemberAddProposal } from "./new-member-add-proposal.js";
import { protect } from "./protect.js";
import { reinit } from "./reinit.js";
import { removeProposal } from "./remove-proposal.js";
import { resumptionPSKProposal } from "./resumption-psk-proposal.js";
import { stateAuth } from "./state-auth.js";
import { unprotect } from "./unprotect.js";
import { updateProposal } from "./update-proposal.js";

const all: ActionDefinition[] = [
  createGroup,
  createKeyPackage,
  joinGroup,
  externalJoin,
  installExternalPSK,
  groupInfo,
  addProposal,
  updateProposal,
  removeProposal,
  externalPSKProposal,
  resumptionPSKProposal,
  groupContextExtensionsProposal,
  fullCommit,
  commit,
  handleCommit,
  handlePendingCommit,
  protect,
  unprotect,
  reinit,
  branch,
  newMemberAddProposal,
  addExternalSigner,
  externalSignerProposal,
  stateAuth,
  exportSecret,
];

export const actions: ReadonlyMap<string, ActionDefinition> = new Map(all.map((a) => [a.name, a]));
