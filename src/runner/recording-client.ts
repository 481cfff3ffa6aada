// The view of the servers that one script run has: each actor bound to one
// server, every RPC under the per-call deadline, and every answered RPC
// appended to the run's transcript in the Go runner's JSON shape.
import { Connection, Method, PartialRequest, ResponseOf, RpcError, rpcName } from "./connection.js";
import { GoJson, toGoJson } from "./go-json.js";

export interface TranscriptEntry {
  actor: string;
  rpc: string;
  request: { [key: string]: GoJson };
  response: { [key: string]: GoJson };
}

/** Where one actor's RPCs go during a run. */
export interface Binding {
  /** The matrix's label for the server (`s1`), stable across runs. */
  label: string;
  /** What the server's Name RPC answered. */
  name: string;
  suites: readonly number[];
  connection: Connection;
}

/** A failed RPC, told with who called it where. */
export class StepRpcError extends Error {
  constructor(
    readonly rpcError: RpcError,
    actor: string,
    server: string,
  ) {
    super(`${rpcError.rpc} by ${actor} on ${server}: ${rpcError.codeName}: ${rpcError.details}`);
    this.name = "StepRpcError";
  }
}

export class RecordingClient {
  readonly transcript: TranscriptEntry[] = [];

  constructor(
    private readonly bindings: ReadonlyMap<string, Binding>,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  binding(actor: string): Binding {
    const binding = this.bindings.get(actor);
    // Validation guarantees every looked-up name is an actor; this is our bug.
    if (binding === undefined) throw new Error(`internal error: no server bound to actor "${actor}"`);
    return binding;
  }

  get actors(): IterableIterator<string> {
    return this.bindings.keys();
  }

  /** Calls and records, like the Go runner's Log after each successful RPC. */
  async call<M extends Method>(actor: string, method: M, request: PartialRequest<M>): Promise<ResponseOf<M>> {
    const { request: sent, response } = await this.callUnrecorded(actor, method, request);
    this.transcript.push(new RecordedCall(actor, rpcName(method), sent, response));
    return response;
  }

  /** The end-of-run Free calls are not part of the Go runner's transcript. */
  async callUnrecorded<M extends Method>(actor: string, method: M, request: PartialRequest<M>) {
    const binding = this.binding(actor);
    try {
      return await binding.connection.call(method, request, { timeoutMs: this.timeoutMs, signal: this.signal });
    } catch (error) {
      if (error instanceof RpcError)
        throw new StepRpcError(error, actor, `${binding.label} at ${binding.connection.address} (${binding.name})`);
      throw error;
    }
  }
}

/**
 * A transcript entry whose Go JSON is made when first read: a passing run's
 * transcript is dropped unread unless a results file is written, and the
 * Go JSON of every request and answer (base64 of each bytes field) was most
 * of the runner's garbage.
 */
class RecordedCall implements TranscriptEntry {
  private goRequest?: { [key: string]: GoJson };
  private goResponse?: { [key: string]: GoJson };

  constructor(
    readonly actor: string,
    readonly rpc: string,
    private readonly sent: object,
    private readonly answer: object,
  ) {}

  get request(): { [key: string]: GoJson } {
    return (this.goRequest ??= toGoJson(this.sent));
  }

  get response(): { [key: string]: GoJson } {
    return (this.goResponse ??= toGoJson(this.answer));
  }

  toJSON(): TranscriptEntry {
    return { actor: this.actor, rpc: this.rpc, request: this.request, response: this.response };
  }
}
