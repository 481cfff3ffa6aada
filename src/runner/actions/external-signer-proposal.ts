import { actorName } from "../params.js";
import { defineAction } from "./action.js";
import { describe, proposalDescription } from "./proposal-description.js";

export const externalSignerProposal = defineAction({
  name: "externalSignerProposal",
  needsActor: true,
  params: { member: actorName({ required: true }), description: proposalDescription({ required: true }) },
  methods: ["groupInfo", "externalSignerProposal"],
  outputs: () => ["proposal"],
  async run(cx, p, step) {
    const info = await cx.call(p.member, "groupInfo", { stateId: cx.state(p.member), externalTree: true });
    const proposed = await cx.call(step.actor, "externalSignerProposal", {
      signerId: cx.signer(step.actor),
      groupInfo: info.groupInfo,
      ratchetTree: info.ratchetTree,
      description: describe(cx, p.description),
    });
    cx.store(step.index, "proposal", proposed.proposal);
  },
});
