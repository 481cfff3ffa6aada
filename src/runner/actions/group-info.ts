import { flag } from "../params.js";
import { defineAction } from "./action.js";

export const groupInfo = defineAction({
  name: "groupInfo",
  needsActor: true,
  params: { externalTree: flag() },
  methods: ["groupInfo"],
  outputs: () => ["group_info", "ratchet_tree"],
  async run(cx, p, step) {
    const info = await cx.call(step.actor, "groupInfo", {
      stateId: cx.state(step.actor),
      externalTree: p.externalTree,
    });
    cx.store(step.index, "group_info", info.groupInfo);
    cx.store(step.index, "ratchet_tree", info.ratchetTree);
  },
});
