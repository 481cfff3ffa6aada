import { actorName } from "../params.js";
import { defineAction } from "./action.js";
import { identity, propose } from "./common.js";

export const addExternalSigner = defineAction({
  name: "addExternalSigner",
  needsActor: true,
  params: { signer: actorName({ required: true, introduces: true }) },
  methods: ["createExternalSigner", "addExternalSigner"],
  outputs: () => ["proposal"],
  async run(cx, p, step) {
    const signer = await cx.call(p.signer, "createExternalSigner", {
      cipherSuite: cx.suite,
      identity: identity(p.signer),
    });
    cx.signers.set(p.signer, cx.adopt(p.signer, signer.signerId));
    await propose(cx, step, "addExternalSigner", { externalSender: signer.externalSender });
  },
});
