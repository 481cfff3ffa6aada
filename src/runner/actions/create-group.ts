import { randomUUID } from "node:crypto";
import { actorNames } from "../params.js";
import { defineAction } from "./action.js";
import { applyPendingCommit, identity, joinWithWelcome, keyPackagesOf } from "./common.js";

export const createGroup = defineAction({
  name: "createGroup",
  needsActor: true,
  params: { members: actorNames({ introduces: true }) },
  methods: ["createGroup", "createKeyPackage", "commit", "handlePendingCommit", "joinGroup"],
  outputs: () => ["group_id"],
  async run(cx, p, step) {
    // A fresh id per run: servers are shared across concurrent runs.
    const groupId = Buffer.from(randomUUID());
    const created = await cx.call(step.actor, "createGroup", {
      groupId,
      cipherSuite: cx.suite,
      encryptHandshake: cx.encrypt,
      identity: identity(step.actor),
    });
    cx.states.set(step.actor, created.stateId);
    cx.store(step.index, "group_id", groupId);
    if (p.members.length === 0) return;

    const joins = await keyPackagesOf(cx, p.members);
    const commit = await cx.call(step.actor, "commit", {
      stateId: cx.state(step.actor),
      byValue: joins.map((j) => ({ proposalType: Buffer.from("add"), keyPackage: j.keyPackage })),
    });
    const authenticator = await applyPendingCommit(cx, step.actor);
    for (const j of joins) {
      await joinWithWelcome(cx, j.member, j.transactionId, commit.welcome, undefined, authenticator);
    }
  },
});
