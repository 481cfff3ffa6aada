// What a commit is asked to be, whoever builds it: our commit builder in rfc
// mode (src/protocol/commit-builder.ts), or ts-mls as released
// (as-released-commit.ts). One shape, so a method hands either the same plan.
import type { ClientState, MlsContext, Proposal } from "ts-mls";

export interface CommitPlan<Context extends MlsContext = MlsContext> {
  context: Context;
  state: ClientState;
  /** Where resumption PSKs are found: the state itself, or the group a branch or reinit resumes. */
  resumeFrom: ClientState;
  /** By-value proposals, after every pending one. */
  proposals: readonly Proposal[];
  forcePath: boolean;
  publicMessage: boolean;
  /** Whether the Welcome's GroupInfo carries the ratchet_tree extension. */
  ratchetTreeExtension: boolean;
}
