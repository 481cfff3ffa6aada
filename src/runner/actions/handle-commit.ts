import { stepRef, stepRefs } from "../params.js";
import { defineAction } from "./action.js";
import { proposalsAt } from "./common.js";

export const handleCommit = defineAction({
  name: "handleCommit",
  needsActor: true,
  params: { commit: stepRef(["commit"], { required: true }), byReference: stepRefs(["proposal"]) },
  methods: ["handleCommit"],
  outputs: () => [],
  async run(cx, p, step) {
    const commit = cx.message(p.commit, "commit");
    const proposal = proposalsAt(cx, p.byReference);
    // No authenticator check: the Go runner does none for this action.
    const handled = await cx.call(step.actor, "handleCommit", { stateId: cx.state(step.actor), proposal, commit });
    cx.states.set(step.actor, handled.stateId);
  },
});
