import { stepRef } from "../params.js";
import { defineAction } from "./action.js";
import { identity } from "./common.js";

export const joinGroup = defineAction({
  name: "joinGroup",
  needsActor: true,
  params: { welcome: stepRef(["welcome"], { required: true }) },
  methods: ["joinGroup"],
  outputs: () => [],
  async run(cx, p, step) {
    const welcome = cx.message(p.welcome, "welcome");
    const transactionId = cx.transaction(step.actor);
    const joined = await cx.call(step.actor, "joinGroup", {
      transactionId,
      welcome,
      encryptHandshake: cx.encrypt,
      identity: identity(step.actor),
    });
    cx.released(step.actor, transactionId);
    cx.states.set(step.actor, joined.stateId);
  },
});
