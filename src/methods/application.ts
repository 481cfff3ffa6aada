// Application data: Protect and Unprotect.
import { createApplicationMessage, processPrivateMessage } from "ts-mls";
import type { ProtectRequest, ProtectResponse, UnprotectRequest, UnprotectResponse } from "../gen/mls_client.js";
import { invalidArgument } from "../errors.js";
import { decodePrivateMessage, encodeMessage, toBuffer } from "../ts-mls/codec.js";
import type { MethodContext } from "./handles.js";
import { library, libraryOnInput } from "../ts-mls/library-errors.js";
import { checkAddressedTo } from "./incoming.js";
import { sessionContext } from "./member-session.js";

export async function protect(ctx: MethodContext, req: ProtectRequest): Promise<ProtectResponse> {
  return ctx.store.transaction([req.stateId], async (tx) => {
    const session = tx.get(req.stateId, "state");
    const result = await library("protect application data", () =>
      createApplicationMessage({
        context: sessionContext(session),
        state: session.state,
        message: req.plaintext,
        authenticatedData: req.authenticatedData,
      }),
    );
    tx.put(req.stateId, "state", { ...session, state: result.newState });
    return { ciphertext: encodeMessage(result.message) };
  });
}

/** Also decrypts messages of earlier epochs the state still holds keys for, and out-of-order ones. */
export async function unprotect(ctx: MethodContext, req: UnprotectRequest): Promise<UnprotectResponse> {
  const message = decodePrivateMessage(req.ciphertext, "ciphertext");
  return ctx.store.transaction([req.stateId], async (tx) => {
    const session = tx.get(req.stateId, "state");
    checkAddressedTo(session.state, message.privateMessage.groupId, message.privateMessage.epoch, "ciphertext", true);
    const result = await libraryOnInput("decrypt ciphertext", () =>
      processPrivateMessage({
        context: sessionContext(session),
        state: session.state,
        privateMessage: message.privateMessage,
      }),
    );
    if (result.kind !== "applicationMessage")
      throw invalidArgument("ciphertext carries a handshake message, not application data");
    tx.put(req.stateId, "state", { ...session, state: result.newState });
    return { authenticatedData: toBuffer(result.aad), plaintext: toBuffer(result.message) };
  });
}
