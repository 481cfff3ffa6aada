import { actorNames } from "../params.js";
import { defineAction } from "./action.js";

// Our extension: no official action reaches StateAuth, so nothing else would
// test that it returns the epoch authenticator every member agrees on.
export const stateAuth = defineAction({
  name: "stateAuth",
  needsActor: true,
  extension: true,
  params: { members: actorNames() },
  methods: ["stateAuth"],
  outputs: () => ["state_auth_secret"],
  async run(cx, p, step) {
    const reference = await cx.call(step.actor, "stateAuth", { stateId: cx.state(step.actor) });
    cx.store(step.index, "state_auth_secret", reference.stateAuthSecret);
    for (const member of p.members) {
      const auth = await cx.call(member, "stateAuth", { stateId: cx.state(member) });
      cx.agree(
        auth.stateAuthSecret,
        reference.stateAuthSecret,
        `Member [${member}] failed to agree on state auth secret`,
      );
    }
  },
});
