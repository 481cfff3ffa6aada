import { randomBytes } from "node:crypto";
import { actorNames } from "../params.js";
import { defineAction } from "./action.js";

export const installExternalPSK = defineAction({
  name: "installExternalPSK",
  needsActor: false,
  params: { clients: actorNames({ required: true }) },
  methods: ["storePsk"],
  outputs: () => ["psk_id", "psk_secret"],
  async run(cx, p, step) {
    const pskId = randomBytes(32);
    const pskSecret = randomBytes(32);
    cx.store(step.index, "psk_id", pskId);
    cx.store(step.index, "psk_secret", pskSecret);
    for (const client of p.clients) {
      // A client that has no group yet keeps the PSK with its pending join.
      const id = cx.states.get(client) ?? cx.transactions.get(client) ?? 0;
      await cx.call(client, "storePsk", { stateOrTransactionId: id, pskId, pskSecret });
    }
  },
});
