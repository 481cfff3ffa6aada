import { text } from "../params.js";
import { defineAction } from "./action.js";
import { identity, propose } from "./common.js";

export const removeProposal = defineAction({
  name: "removeProposal",
  needsActor: true,
  // An identity, not an actor: the removed member need not be one of ours.
  params: { removed: text({ required: true }) },
  methods: ["removeProposal"],
  outputs: () => ["proposal"],
  run: (cx, p, step) => propose(cx, step, "removeProposal", { removedId: identity(p.removed) }),
});
