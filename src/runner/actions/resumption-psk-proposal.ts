import { count } from "../params.js";
import { defineAction } from "./action.js";
import { propose } from "./common.js";

export const resumptionPSKProposal = defineAction({
  name: "resumptionPSKProposal",
  needsActor: true,
  params: { epochID: count({ required: true }) },
  methods: ["resumptionPskProposal"],
  outputs: () => ["proposal"],
  run: (cx, p, step) => propose(cx, step, "resumptionPskProposal", { epochId: BigInt(p.epochID) }),
});
