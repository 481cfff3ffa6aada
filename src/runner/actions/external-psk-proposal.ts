import { stepRef } from "../params.js";
import { defineAction } from "./action.js";
import { propose } from "./common.js";

export const externalPSKProposal = defineAction({
  name: "externalPSKProposal",
  needsActor: true,
  params: { pskID: stepRef(["psk_id"], { required: true }) },
  methods: ["externalPskProposal"],
  outputs: () => ["proposal"],
  run: (cx, p, step) => propose(cx, step, "externalPskProposal", { pskId: cx.message(p.pskID, "psk_id") }),
});
