import { stepRef } from "../params.js";
import { defineAction } from "./action.js";
import { propose } from "./common.js";

export const addProposal = defineAction({
  name: "addProposal",
  needsActor: true,
  params: { keyPackage: stepRef(["key_package"], { required: true }) },
  methods: ["addProposal"],
  outputs: () => ["proposal"],
  run: (cx, p, step) => propose(cx, step, "addProposal", { keyPackage: cx.message(p.keyPackage, "key_package") }),
});
