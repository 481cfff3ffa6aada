import { stepRef } from "../params.js";
import { CheckFailure } from "../run-context.js";
import { defineAction } from "./action.js";

export const unprotect = defineAction({
  name: "unprotect",
  needsActor: true,
  params: { ciphertext: stepRef(["ciphertext", "authenticatedData", "plaintext"], { required: true }) },
  methods: ["unprotect"],
  outputs: () => ["authenticatedData", "plaintext"],
  async run(cx, p, step) {
    const ciphertext = cx.message(p.ciphertext, "ciphertext");
    const opened = await cx.call(step.actor, "unprotect", { stateId: cx.state(step.actor), ciphertext });
    same("authenticated data", opened.authenticatedData, cx.message(p.ciphertext, "authenticatedData"));
    same("plaintext", opened.plaintext, cx.message(p.ciphertext, "plaintext"));
    cx.store(step.index, "authenticatedData", opened.authenticatedData);
    cx.store(step.index, "plaintext", opened.plaintext);
  },
});

// Go's message ("Incorrect plaintext"), plus both values to act on.
function same(what: string, actual: Buffer, expected: Buffer): void {
  if (!actual.equals(expected)) {
    throw new CheckFailure(
      `Incorrect ${what}: expected ${JSON.stringify(expected.toString("utf8"))}, got ${JSON.stringify(actual.toString("utf8"))}`,
    );
  }
}
