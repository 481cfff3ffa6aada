import { defineAction } from "./action.js";
import { identity } from "./common.js";

export const createKeyPackage = defineAction({
  name: "createKeyPackage",
  needsActor: true,
  params: {},
  methods: ["createKeyPackage"],
  outputs: () => ["key_package"],
  async run(cx, _p, step) {
    const made = await cx.call(step.actor, "createKeyPackage", {
      cipherSuite: cx.suite,
      identity: identity(step.actor),
    });
    cx.transactions.set(step.actor, cx.adopt(step.actor, made.transactionId));
    cx.store(step.index, "key_package", made.keyPackage);
  },
});
