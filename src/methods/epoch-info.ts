// Reading the current epoch: GroupInfo, StateAuth, Export.
import { mlsExporter } from "ts-mls";
import type {
  ExportRequest,
  ExportResponse,
  GroupInfoRequest,
  GroupInfoResponse,
  StateAuthRequest,
  StateAuthResponse,
} from "../gen/mls_client.js";
import { invalidArgument } from "../errors.js";
import { encodeGroupInfo, encodeRatchetTree, toBuffer } from "../ts-mls/codec.js";
import type { MethodContext } from "./handles.js";
import { library } from "../ts-mls/library-errors.js";
import { epochAuthenticator } from "./member-session.js";
import { signedGroupInfo } from "../protocol/group-info.js";

export async function groupInfo(ctx: MethodContext, req: GroupInfoRequest): Promise<GroupInfoResponse> {
  return ctx.store.transaction([req.stateId], async (tx) => {
    const session = tx.get(req.stateId, "state");
    const info = await signedGroupInfo(session.state, session.suite, !req.externalTree);
    return {
      groupInfo: encodeGroupInfo(info),
      ratchetTree: req.externalTree ? encodeRatchetTree(session.state.ratchetTree) : Buffer.alloc(0),
    };
  });
}

export async function stateAuth(ctx: MethodContext, req: StateAuthRequest): Promise<StateAuthResponse> {
  return ctx.store.transaction([req.stateId], async (tx) => {
    const session = tx.get(req.stateId, "state");
    return { stateAuthSecret: toBuffer(epochAuthenticator(session.state)) };
  });
}

export async function exportSecret(ctx: MethodContext, req: ExportRequest): Promise<ExportResponse> {
  return ctx.store.transaction([req.stateId], async (tx) => {
    const session = tx.get(req.stateId, "state");
    // HKDF-Expand yields at most 255 hash lengths (RFC 5869).
    const max = 255 * session.suite.impl.kdf.size;
    if (req.keyLength > max)
      throw invalidArgument(`key_length ${req.keyLength} exceeds the KDF's maximum of ${max} bytes`);
    const secret = await library("MLS-Exporter", () =>
      mlsExporter(session.state.keySchedule.exporterSecret, req.label, req.context, req.keyLength, session.suite.impl),
    );
    return { exportedSecret: toBuffer(secret) };
  });
}
