import { actorName, actorNames, flag, stepRefs } from "../params.js";
import { defineAction } from "./action.js";
import { handleCommitAtMembers, identity } from "./common.js";

export const externalJoin = defineAction({
  name: "externalJoin",
  needsActor: true,
  params: {
    joiner: actorName({ required: true, introduces: true }),
    members: actorNames(),
    externalTree: flag(),
    removePrior: flag(),
    psks: stepRefs(["psk_id", "psk_secret"]),
  },
  methods: ["groupInfo", "externalJoin", "handleCommit"],
  outputs: () => ["group_info", "ratchet_tree", "commit", "epoch_authenticator"],
  async run(cx, p, step) {
    const info = await cx.call(step.actor, "groupInfo", {
      stateId: cx.state(step.actor),
      externalTree: p.externalTree,
    });
    cx.store(step.index, "group_info", info.groupInfo);
    cx.store(step.index, "ratchet_tree", info.ratchetTree);

    const psks = p.psks.map((i) => ({ pskId: cx.message(i, "psk_id"), pskSecret: cx.message(i, "psk_secret") }));
    const joined = await cx.call(p.joiner, "externalJoin", {
      groupInfo: info.groupInfo,
      ratchetTree: info.ratchetTree,
      encryptHandshake: cx.encrypt,
      identity: identity(p.joiner),
      removePrior: p.removePrior,
      psks,
    });
    cx.states.set(p.joiner, joined.stateId);
    cx.store(step.index, "commit", joined.commit);
    cx.store(step.index, "epoch_authenticator", joined.epochAuthenticator);

    // The members named first, then the actor who handed out the GroupInfo.
    await handleCommitAtMembers(cx, [...p.members, step.actor], [], joined.commit, joined.epochAuthenticator);
  },
});
