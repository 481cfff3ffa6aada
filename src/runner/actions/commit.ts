import { ParamValues, flag, stepRefs } from "../params.js";
import type { RunContext } from "../run-context.js";
import { StepInfo, defineAction } from "./action.js";
import { proposalsAt } from "./common.js";
import { describe, proposalDescriptions } from "./proposal-description.js";

// fullCommit and commit spell these with underscores in the Go runner.
export const commitParams = {
  byReference: stepRefs(["proposal"]),
  byValue: proposalDescriptions(),
  force_path: flag(),
  external_tree: flag(),
};

export function commitOutputs(p: { external_tree: boolean }): string[] {
  return p.external_tree ? ["commit", "welcome", "ratchet_tree"] : ["commit", "welcome"];
}

/** Commit (not yet applied), storing what joiners and members will need. */
export async function sendCommit(cx: RunContext, p: ParamValues<typeof commitParams>, step: StepInfo) {
  const byReference = proposalsAt(cx, p.byReference);
  const byValue = p.byValue.map((d) => describe(cx, d));
  const response = await cx.call(step.actor, "commit", {
    stateId: cx.state(step.actor),
    byReference,
    byValue,
    forcePath: p.force_path,
    externalTree: p.external_tree,
  });
  cx.store(step.index, "commit", response.commit);
  cx.store(step.index, "welcome", response.welcome);
  if (p.external_tree) cx.store(step.index, "ratchet_tree", response.ratchetTree);
  return { byReference, response };
}

export const commit = defineAction({
  name: "commit",
  needsActor: true,
  params: commitParams,
  methods: ["commit"],
  outputs: commitOutputs,
  async run(cx, p, step) {
    await sendCommit(cx, p, step);
  },
});
