import { defineAction } from "./action.js";
import { applyPendingCommit } from "./common.js";

export const handlePendingCommit = defineAction({
  name: "handlePendingCommit",
  needsActor: true,
  params: {},
  methods: ["handlePendingCommit"],
  outputs: () => [],
  async run(cx, _p, step) {
    await applyPendingCommit(cx, step.actor);
  },
});
