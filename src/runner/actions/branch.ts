import { randomUUID } from "node:crypto";
import { actorNames, extensions, flag } from "../params.js";
import { defineAction } from "./action.js";
import { keyPackagesOf } from "./common.js";

export const branch = defineAction({
  name: "branch",
  needsActor: true,
  params: {
    members: actorNames({ required: true }),
    force_path: flag(),
    external_tree: flag(),
    extensions: extensions(),
  },
  methods: ["createKeyPackage", "createBranch", "handleBranch", "free"],
  outputs: () => [],
  async run(cx, p, step) {
    const joins = await keyPackagesOf(cx, p.members);
    const created = await cx.call(step.actor, "createBranch", {
      stateId: cx.state(step.actor),
      groupId: Buffer.from(randomUUID()),
      extensions: p.extensions,
      keyPackages: joins.map((j) => j.keyPackage),
      forcePath: p.force_path,
      externalTree: p.external_tree,
    });
    cx.states.set(step.actor, created.stateId);
    const tree = p.external_tree ? created.ratchetTree : undefined;

    const parents: [string, number][] = [];
    for (const j of joins) {
      const parent = cx.state(j.member);
      const joined = await cx.call(j.member, "handleBranch", {
        stateId: parent,
        transactionId: j.transactionId,
        welcome: created.welcome,
        ratchetTree: tree,
      });
      cx.released(j.member, j.transactionId);
      cx.agree(
        joined.epochAuthenticator,
        created.epochAuthenticator,
        `Member [${j.member}] failed to agree on epoch authenticator`,
      );
      cx.states.set(j.member, joined.stateId);
      parents.push([j.member, parent]);
    }
    // The runner only remembers the branch states; the parents would leak.
    for (const [member, parent] of parents) {
      await cx.call(member, "free", { stateId: parent });
      cx.released(member, parent);
    }
  },
});
