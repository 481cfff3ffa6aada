// Free: drops a handle and everything only it references.
import type { FreeRequest, FreeResponse } from "../gen/mls_client.js";
import { notFound } from "../errors.js";
import type { MethodContext } from "./handles.js";

/**
 * Any kind of handle may be freed. 0 is the runner's "this actor has no
 * handle" and freeing it succeeds without doing anything.
 */
export async function free(ctx: MethodContext, req: FreeRequest): Promise<FreeResponse> {
  if (req.stateId === 0) return {};
  return ctx.store.transaction([req.stateId], async (tx) => {
    if (tx.kindOf(req.stateId) === undefined) throw notFound(`unknown handle ${req.stateId}`);
    tx.remove(req.stateId);
    return {};
  });
}
