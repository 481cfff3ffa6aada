// StorePSK: external PSKs scoped to the state or pending join they are stored for.
import type { StorePSKRequest, StorePSKResponse } from "../gen/mls_client.js";
import { invalidArgument, notFound } from "../errors.js";
import type { MethodContext } from "./handles.js";
import { withPsk } from "./member-session.js";

export async function storePsk(ctx: MethodContext, req: StorePSKRequest): Promise<StorePSKResponse> {
  if (req.pskId.length === 0) throw invalidArgument("psk_id is empty");
  const id = req.stateOrTransactionId;
  return ctx.store.transaction([id], async (tx) => {
    const kind = tx.kindOf(id);
    if (kind === "state") {
      const session = tx.get(id, "state");
      tx.put(id, "state", { ...session, psks: withPsk(session.psks, req.pskId, req.pskSecret) });
    } else if (kind === "join") {
      const join = tx.get(id, "join");
      tx.put(id, "join", { ...join, psks: withPsk(join.psks, req.pskId, req.pskSecret) });
    } else {
      throw notFound(`state_or_transaction_id ${id} is neither a state nor a pending join`);
    }
    return {};
  });
}
