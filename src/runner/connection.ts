// One gRPC channel per MLSClient server, shared by every run that uses the
// server: HTTP/2 multiplexes the concurrent runs, and each call carries its
// own deadline like the Go runner's per-RPC context.
import * as grpc from "@grpc/grpc-js";
import * as pb from "../gen/mls_client.js";

export type Method = keyof typeof pb.MLSClientService;
type Definition<M extends Method> = (typeof pb.MLSClientService)[M];
export type RequestOf<M extends Method> = Parameters<Definition<M>["requestSerialize"]>[0];
export type ResponseOf<M extends Method> = ReturnType<Definition<M>["responseDeserialize"]>;
export type PartialRequest<M extends Method> = pb.DeepPartial<RequestOf<M>>;

// fromPartial fills Go's zero values and lays the fields out in proto order,
// which is the order the transcript must show them in.
const requestTypes: { [M in Method]: pb.MessageFns<RequestOf<M>> } = {
  name: pb.NameRequest,
  supportedCiphersuites: pb.SupportedCiphersuitesRequest,
  createGroup: pb.CreateGroupRequest,
  createKeyPackage: pb.CreateKeyPackageRequest,
  joinGroup: pb.JoinGroupRequest,
  externalJoin: pb.ExternalJoinRequest,
  groupInfo: pb.GroupInfoRequest,
  stateAuth: pb.StateAuthRequest,
  export: pb.ExportRequest,
  protect: pb.ProtectRequest,
  unprotect: pb.UnprotectRequest,
  storePsk: pb.StorePSKRequest,
  addProposal: pb.AddProposalRequest,
  updateProposal: pb.UpdateProposalRequest,
  removeProposal: pb.RemoveProposalRequest,
  externalPskProposal: pb.ExternalPSKProposalRequest,
  resumptionPskProposal: pb.ResumptionPSKProposalRequest,
  groupContextExtensionsProposal: pb.GroupContextExtensionsProposalRequest,
  commit: pb.CommitRequest,
  handleCommit: pb.HandleCommitRequest,
  handlePendingCommit: pb.HandlePendingCommitRequest,
  reInitProposal: pb.ReInitProposalRequest,
  reInitCommit: pb.CommitRequest,
  handlePendingReInitCommit: pb.HandlePendingCommitRequest,
  handleReInitCommit: pb.HandleCommitRequest,
  reInitWelcome: pb.ReInitWelcomeRequest,
  handleReInitWelcome: pb.HandleReInitWelcomeRequest,
  createBranch: pb.CreateBranchRequest,
  handleBranch: pb.HandleBranchRequest,
  newMemberAddProposal: pb.NewMemberAddProposalRequest,
  createExternalSigner: pb.CreateExternalSignerRequest,
  addExternalSigner: pb.AddExternalSignerRequest,
  externalSignerProposal: pb.ExternalSignerProposalRequest,
  free: pb.FreeRequest,
};

/** The proto method name (`StorePSK`), which is what transcripts and errors show. */
export function rpcName(method: Method): string {
  const path = pb.MLSClientService[method].path;
  return path.slice(path.lastIndexOf("/") + 1);
}

export class RpcError extends Error {
  constructor(
    readonly rpc: string,
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(`${rpc}: ${grpc.status[code] ?? code}: ${details}`);
    this.name = "RpcError";
  }

  get codeName(): string {
    return grpc.status[this.code] ?? String(this.code);
  }
}

export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export class Connection {
  private readonly client: grpc.Client;

  constructor(readonly address: string) {
    this.client = new pb.MLSClientClient(address, grpc.credentials.createInsecure(), {
      // Large groups send big Welcomes; the default 4 MiB is too tight for them.
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
      "grpc.max_send_message_length": 64 * 1024 * 1024,
      // A server restarted on its port (cross, after a crash) is reached again within a second.
      "grpc.initial_reconnect_backoff_ms": 200,
      "grpc.max_reconnect_backoff_ms": 1000,
    });
  }

  /** Resolves once the channel is connected, false if it is not within the time given. */
  waitForReady(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => this.client.waitForReady(Date.now() + timeoutMs, (error) => resolve(!error)));
  }

  call<M extends Method>(
    method: M,
    partial: PartialRequest<M>,
    options: CallOptions,
  ): Promise<{ request: RequestOf<M>; response: ResponseOf<M> }> {
    const definition = pb.MLSClientService[method];
    const request = requestTypes[method].fromPartial(partial);
    const rpc = rpcName(method);
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted === true) {
        reject(new RpcError(rpc, grpc.status.CANCELLED, "interrupted before the call"));
        return;
      }
      const onAbort = (): void => call.cancel();
      const call = this.client.makeUnaryRequest(
        definition.path,
        definition.requestSerialize as (value: RequestOf<M>) => Buffer,
        definition.responseDeserialize as (value: Buffer) => ResponseOf<M>,
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + options.timeoutMs },
        (error, response) => {
          options.signal?.removeEventListener("abort", onAbort);
          if (error !== null || response === undefined) {
            reject(toRpcError(rpc, error, options.timeoutMs));
          } else {
            resolve({ request, response });
          }
        },
      );
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  close(): void {
    this.client.close();
  }
}

function toRpcError(rpc: string, error: grpc.ServiceError | null, timeoutMs: number): RpcError {
  if (error === null) return new RpcError(rpc, grpc.status.INTERNAL, "empty response");
  const details = error.details || error.message;
  if (error.code === grpc.status.DEADLINE_EXCEEDED) {
    return new RpcError(rpc, error.code, `no answer within the ${timeoutMs / 1000} s deadline (${details})`);
  }
  return new RpcError(rpc, error.code, details);
}

export interface ServerIdentity {
  address: string;
  name: string;
  suites: number[];
}

/**
 * Asks a server for its name and ciphersuites, as the Go runner does before
 * anything else; a server that does not answer within the deadline is
 * unreachable.
 */
export async function probe(connection: Connection, timeoutMs: number): Promise<ServerIdentity> {
  const { response: name } = await connection.call("name", {}, { timeoutMs });
  const { response: suites } = await connection.call("supportedCiphersuites", {}, { timeoutMs });
  return {
    address: connection.address,
    name: name.name,
    suites: [...new Set(suites.ciphersuites)].sort((a, b) => a - b),
  };
}
