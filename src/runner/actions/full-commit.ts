import { actorNames } from "../params.js";
import { defineAction } from "./action.js";
import { applyPendingCommit, handleCommitAtMembers, joinWithWelcome } from "./common.js";
import { commitOutputs, commitParams, sendCommit } from "./commit.js";

export const fullCommit = defineAction({
  name: "fullCommit",
  needsActor: true,
  params: { ...commitParams, members: actorNames(), joiners: actorNames() },
  methods: ["commit", "handlePendingCommit", "handleCommit", "joinGroup"],
  outputs: (p) => [...commitOutputs(p), "epoch_authenticator"],
  async run(cx, p, step) {
    const { byReference, response } = await sendCommit(cx, p, step);
    const authenticator = await applyPendingCommit(cx, step.actor);
    cx.store(step.index, "epoch_authenticator", authenticator);
    await handleCommitAtMembers(cx, p.members, byReference, response.commit, authenticator);
    const tree = p.external_tree ? response.ratchetTree : undefined;
    for (const joiner of p.joiners) {
      await joinWithWelcome(cx, joiner, cx.transaction(joiner), response.welcome, tree, authenticator);
    }
  },
});
