import { defineAction } from "./action.js";
import { propose } from "./common.js";

export const updateProposal = defineAction({
  name: "updateProposal",
  needsActor: true,
  params: {},
  methods: ["updateProposal"],
  outputs: () => ["proposal"],
  run: (cx, _p, step) => propose(cx, step, "updateProposal", {}),
});
