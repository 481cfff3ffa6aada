// A new group that resumes an old one (RFC 9420 §11.2): the first commit adds
// the members and carries a resumption PSK of the old group's epoch. Shared
// by ReInitWelcome (usage reinit) and CreateBranch (usage branch).
import {
  createGroup,
  defaultProposalTypes,
  type ClientState,
  type GroupContextExtension,
  type KeyPackage,
  type ResumptionPSKUsageValue,
} from "ts-mls";
import type { Suite } from "../ts-mls/ciphersuites.js";
import type { CreateSubgroupResponse } from "../gen/mls_client.js";
import { encodeMessage, encodeRatchetTree, toBuffer } from "../ts-mls/codec.js";
import type { CommitShape } from "./commits.js";
import type { MemberSession, MethodContext } from "./handles.js";
import type { GeneratedKeyPackage } from "../ts-mls/key-packages.js";
import { library, libraryOnInput } from "../ts-mls/library-errors.js";
import { epochAuthenticator, newSession } from "./member-session.js";
import { resumptionPskProposal } from "./proposals.js";
import { mlsContext, type PskTable } from "../protocol/context.js";
import { buildCommit, type CommitPlan } from "../protocol/commit-builder.js";
import { commitAsReleased } from "../ts-mls/as-released-commit.js";

export interface ResumedGroupPlan {
  suite: Suite;
  groupId: Uint8Array;
  extensions: GroupContextExtension[];
  /** This member's fresh leaf in the new group. */
  own: GeneratedKeyPackage;
  members: KeyPackage[];
  resumeFrom: ClientState;
  usage: ResumptionPSKUsageValue;
  encryptHandshake: boolean;
  psks: PskTable;
  shape: CommitShape;
}

/** The answer to ReInitWelcome and CreateBranch once the new group has its state id. */
export function subgroupResponse(stateId: number, created: ResumedGroup): CreateSubgroupResponse {
  return {
    stateId,
    welcome: created.welcome,
    ratchetTree: created.ratchetTree,
    epochAuthenticator: toBuffer(epochAuthenticator(created.session.state)),
  };
}

export interface ResumedGroup {
  session: MemberSession;
  welcome: Buffer;
  ratchetTree: Buffer;
}

export async function createResumedGroup(ctx: MethodContext, plan: ResumedGroupPlan): Promise<ResumedGroup> {
  const context = mlsContext(plan.suite, plan.psks);
  const founded = await library("create resumed group", () =>
    createGroup({
      context,
      groupId: plan.groupId,
      keyPackage: plan.own.keyPackage,
      privateKeyPackage: plan.own.privateKeys,
      extensions: plan.extensions,
    }),
  );
  const psk = resumptionPskProposal(
    { suite: plan.suite, groupId: plan.resumeFrom.groupContext.groupId, tree: plan.resumeFrom.ratchetTree },
    plan.resumeFrom.groupContext.groupId,
    plan.resumeFrom.groupContext.epoch,
    plan.usage,
    "resumption PSK",
  );
  const adds = plan.members.map((keyPackage) => ({ proposalType: defaultProposalTypes.add, add: { keyPackage } }));
  const commitPlan: CommitPlan = {
    context,
    state: founded,
    resumeFrom: plan.resumeFrom,
    proposals: [...adds, psk],
    forcePath: plan.shape.forcePath,
    publicMessage: !plan.encryptHandshake,
    ratchetTreeExtension: !plan.shape.externalTree,
  };
  const result =
    ctx.options.mode === "rfc"
      ? await libraryOnInput("commit to resumed group", () => buildCommit(commitPlan))
      : await commitAsReleased("commit to resumed group", commitPlan);
  return {
    session: newSession(result.newState, plan.suite, plan.encryptHandshake, plan.psks),
    welcome: result.welcome === undefined ? Buffer.alloc(0) : encodeMessage(result.welcome),
    ratchetTree: plan.shape.externalTree ? encodeRatchetTree(result.newState.ratchetTree) : Buffer.alloc(0),
  };
}
