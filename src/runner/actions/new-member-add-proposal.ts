import { actorName } from "../params.js";
import { defineAction } from "./action.js";
import { identity } from "./common.js";

export const newMemberAddProposal = defineAction({
  name: "newMemberAddProposal",
  needsActor: true,
  params: { joiner: actorName({ required: true, introduces: true }) },
  methods: ["groupInfo", "newMemberAddProposal"],
  outputs: () => ["proposal", "init_priv", "encryption_priv", "signature_priv"],
  async run(cx, p, step) {
    const info = await cx.call(step.actor, "groupInfo", { stateId: cx.state(step.actor) });
    const proposed = await cx.call(p.joiner, "newMemberAddProposal", {
      groupInfo: info.groupInfo,
      identity: identity(p.joiner),
    });
    cx.transactions.set(p.joiner, cx.adopt(p.joiner, proposed.transactionId));
    cx.store(step.index, "proposal", proposed.proposal);
    cx.store(step.index, "init_priv", proposed.initPriv);
    cx.store(step.index, "encryption_priv", proposed.encryptionPriv);
    cx.store(step.index, "signature_priv", proposed.signaturePriv);
  },
});
