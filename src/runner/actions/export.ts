import { actorNames, count, text } from "../params.js";
import { CheckFailure } from "../run-context.js";
import { defineAction } from "./action.js";

// Our extension: no official action reaches Export. Every member must derive
// the same secret of the requested length.
export const exportSecret = defineAction({
  name: "export",
  needsActor: true,
  extension: true,
  params: {
    members: actorNames(),
    label: text({ required: true }),
    context: text(),
    length: count({ required: true }),
  },
  methods: ["export"],
  outputs: () => ["exported_secret"],
  async run(cx, p, step) {
    const request = { label: p.label, context: Buffer.from(p.context, "utf8"), keyLength: p.length };
    const reference = await cx.call(step.actor, "export", { stateId: cx.state(step.actor), ...request });
    if (reference.exportedSecret.length !== p.length) {
      throw new CheckFailure(`Export returned ${reference.exportedSecret.length} bytes, expected ${p.length}`);
    }
    cx.store(step.index, "exported_secret", reference.exportedSecret);
    for (const member of p.members) {
      const exported = await cx.call(member, "export", { stateId: cx.state(member), ...request });
      cx.agree(
        exported.exportedSecret,
        reference.exportedSecret,
        `Member [${member}] failed to agree on exported secret`,
      );
    }
  },
});
