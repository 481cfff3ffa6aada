import { text } from "../params.js";
import { defineAction } from "./action.js";

export const protect = defineAction({
  name: "protect",
  needsActor: true,
  params: { authenticatedData: text(), plaintext: text({ required: true }) },
  methods: ["protect"],
  outputs: () => ["authenticatedData", "plaintext", "ciphertext"],
  async run(cx, p, step) {
    const authenticatedData = Buffer.from(p.authenticatedData, "utf8");
    const plaintext = Buffer.from(p.plaintext, "utf8");
    const sealed = await cx.call(step.actor, "protect", {
      stateId: cx.state(step.actor),
      authenticatedData,
      plaintext,
    });
    cx.store(step.index, "authenticatedData", authenticatedData);
    cx.store(step.index, "plaintext", plaintext);
    cx.store(step.index, "ciphertext", sealed.ciphertext);
  },
});
