import { extensions } from "../params.js";
import { defineAction } from "./action.js";
import { propose } from "./common.js";

export const groupContextExtensionsProposal = defineAction({
  name: "groupContextExtensionsProposal",
  needsActor: true,
  // Required even when empty: an empty list is how a script clears extensions.
  params: { extensions: extensions({ required: true }) },
  methods: ["groupContextExtensionsProposal"],
  outputs: () => ["proposal"],
  run: (cx, p, step) => propose(cx, step, "groupContextExtensionsProposal", { extensions: p.extensions }),
});
