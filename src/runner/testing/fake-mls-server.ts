// A toy MLSClient server for the runner's tests. It keeps just enough group
// state (group id and epoch per state) that every member of a well-run
// script derives the same epoch authenticator, and it can be told to
// misbehave: a wrong authenticator for one identity, garbled plaintext, an
// error status or no answer at all from one method.
import { createHash } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import * as pb from "../../gen/mls_client.js";
import type { Method, RequestOf, ResponseOf } from "../connection.js";

export interface Faults {
  /** This identity's answers from this method carry a wrong epoch authenticator. */
  wrongAuthenticator?: { identity: string; method: Method };
  /** Unprotect answers a different plaintext. */
  wrongPlaintext?: boolean;
  /** This method fails with this status (after `failAfter` successful calls of it). */
  fail?: { method: Method; code: grpc.status; details: string; after?: number };
  /** This method never answers. */
  hang?: Method;
}

export interface FakeServerOptions {
  name?: string;
  suites?: number[];
  faults?: Faults;
  /** Answer every call this much later, so that concurrent runs overlap. */
  delayMs?: number;
  /** Told of every call first; returning true leaves the call unanswered (the caller made it fail another way). */
  onCall?: (method: Method) => boolean;
}

interface Group {
  gid: string;
  epoch: number;
}

interface State extends Group {
  identity: string;
  pending?: Group;
}

class FakeError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

const enc = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const dec = <T>(bytes: Buffer): T => {
  try {
    return JSON.parse(bytes.toString()) as T;
  } catch {
    throw new FakeError(grpc.status.INVALID_ARGUMENT, "undecodable message");
  }
};

function authenticator(g: Group): Buffer {
  return createHash("sha256").update(`${g.gid}/${g.epoch}`).digest();
}

export class FakeMlsServer {
  readonly server = new grpc.Server();
  readonly calls: { method: Method; request: unknown }[] = [];
  private readonly states = new Map<number, State>();
  private readonly joins = new Map<number, string>();
  private readonly reinits = new Map<number, State>();
  private nextId = 1;
  private readonly counts = new Map<Method, number>();
  address = "";
  /** Most calls this server was answering at once. */
  peakInFlight = 0;
  private inFlight = 0;

  constructor(private readonly options: FakeServerOptions = {}) {
    this.server.addService(pb.MLSClientService, this.handlers());
  }

  get liveStates(): number {
    return this.states.size;
  }

  async start(): Promise<string> {
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, p) =>
        error ? reject(error) : resolve(p),
      ),
    );
    this.address = `127.0.0.1:${port}`;
    return this.address;
  }

  stop(): void {
    this.server.forceShutdown();
  }

  private id(): number {
    return this.nextId++;
  }

  private state(id: number): State {
    const s = this.states.get(id);
    if (s === undefined) throw new FakeError(grpc.status.NOT_FOUND, `no state ${id}`);
    return s;
  }

  private method: Method = "name";

  private auth(identity: string, g: Group): Buffer {
    const fault = this.options.faults?.wrongAuthenticator;
    return fault?.identity === identity && fault.method === this.method ? Buffer.from("wrong") : authenticator(g);
  }

  private newState(identity: string, g: Group): number {
    const id = this.id();
    this.states.set(id, { identity, gid: g.gid, epoch: g.epoch });
    return id;
  }

  private joinFrom(transactionId: number, welcome: Buffer): { stateId: number; epochAuthenticator: Buffer } {
    const identity = this.joins.get(transactionId);
    if (identity === undefined) throw new FakeError(grpc.status.NOT_FOUND, `no join ${transactionId}`);
    const g = dec<Group>(welcome);
    return { stateId: this.newState(identity, g), epochAuthenticator: this.auth(identity, g) };
  }

  private advance(stateId: number, commit: Buffer): { stateId: number; epochAuthenticator: Buffer } {
    const s = this.state(stateId);
    const g = dec<Group>(commit);
    s.epoch = g.epoch;
    return { stateId, epochAuthenticator: this.auth(s.identity, s) };
  }

  private keyPackage(identity: string) {
    const transactionId = this.id();
    this.joins.set(transactionId, identity);
    return {
      transactionId,
      keyPackage: enc({ kp: identity }),
      initPriv: Buffer.from("i"),
      encryptionPriv: Buffer.from("e"),
      signaturePriv: Buffer.from("s"),
    };
  }

  private proposal(kind: string): { proposal: Buffer } {
    return { proposal: enc({ proposal: kind, n: this.id() }) };
  }

  private handlers(): pb.MLSClientServer {
    const h = <M extends Method>(
      method: M,
      fn: (request: RequestOf<M>) => ResponseOf<M>,
    ): grpc.handleUnaryCall<RequestOf<M>, ResponseOf<M>> => {
      return (call, callback) => {
        this.calls.push({ method, request: call.request });
        this.method = method;
        const seen = this.counts.get(method) ?? 0;
        this.counts.set(method, seen + 1);
        const faults = this.options.faults;
        if (this.options.onCall?.(method) === true) return;
        if (faults?.hang === method) return;
        if (faults?.fail?.method === method && seen >= (faults.fail.after ?? 0)) {
          callback({ code: faults.fail.code, details: faults.fail.details });
          return;
        }
        const answer = () => {
          try {
            callback(null, fn(call.request));
          } catch (error) {
            if (!(error instanceof FakeError)) throw error;
            callback({ code: error.code, details: error.message });
          }
        };
        if (this.options.delayMs === undefined) return answer();
        this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight);
        setTimeout(() => {
          this.inFlight--;
          answer();
        }, this.options.delayMs);
      };
    };
    const commitOf = (stateId: number) => {
      const s = this.state(stateId);
      s.pending = { gid: s.gid, epoch: s.epoch + 1 };
      return { commit: enc(s.pending), welcome: enc(s.pending), ratchetTree: Buffer.alloc(0) };
    };
    const applyPending = (stateId: number) => {
      const s = this.state(stateId);
      if (s.pending === undefined) throw new FakeError(grpc.status.FAILED_PRECONDITION, "no pending commit");
      s.epoch = s.pending.epoch;
      s.pending = undefined;
      return s;
    };
    const reinitOf = (s: State) => {
      const reinitId = this.id();
      this.reinits.set(reinitId, { ...s, gid: `${s.gid}+reinit`, epoch: 0 });
      return { reinitId, keyPackage: enc({ kp: s.identity }), epochAuthenticator: this.auth(s.identity, s) };
    };
    return {
      name: h("name", () => ({ name: this.options.name ?? "fake" })),
      supportedCiphersuites: h("supportedCiphersuites", () => ({ ciphersuites: this.options.suites ?? [1] })),
      createGroup: h("createGroup", (r) => ({
        stateId: this.newState(r.identity.toString(), { gid: r.groupId.toString(), epoch: 0 }),
      })),
      createKeyPackage: h("createKeyPackage", (r) => this.keyPackage(r.identity.toString())),
      joinGroup: h("joinGroup", (r) => this.joinFrom(r.transactionId, r.welcome)),
      externalJoin: h("externalJoin", (r) => {
        const g = dec<Group>(r.groupInfo);
        const next = { gid: g.gid, epoch: g.epoch + 1 };
        const identity = r.identity.toString();
        return {
          stateId: this.newState(identity, next),
          commit: enc(next),
          epochAuthenticator: this.auth(identity, next),
        };
      }),
      groupInfo: h("groupInfo", (r) => {
        const s = this.state(r.stateId);
        return {
          groupInfo: enc({ gid: s.gid, epoch: s.epoch }),
          ratchetTree: r.externalTree ? Buffer.from("tree") : Buffer.alloc(0),
        };
      }),
      stateAuth: h("stateAuth", (r) => ({ stateAuthSecret: authenticator(this.state(r.stateId)) })),
      export: h("export", (r) => {
        const s = this.state(r.stateId);
        const secret = createHash("sha512")
          .update(`${r.label}/${r.context.toString("hex")}/${s.gid}/${s.epoch}`)
          .digest();
        return { exportedSecret: secret.subarray(0, r.keyLength) };
      }),
      protect: h("protect", (r) => {
        this.state(r.stateId);
        return { ciphertext: enc({ ad: r.authenticatedData.toString("base64"), pt: r.plaintext.toString("base64") }) };
      }),
      unprotect: h("unprotect", (r) => {
        this.state(r.stateId);
        const m = dec<{ ad: string; pt: string }>(r.ciphertext);
        const plaintext =
          this.options.faults?.wrongPlaintext === true ? Buffer.from("garbled") : Buffer.from(m.pt, "base64");
        return { authenticatedData: Buffer.from(m.ad, "base64"), plaintext };
      }),
      storePsk: h("storePsk", () => ({})),
      addProposal: h("addProposal", () => this.proposal("add")),
      updateProposal: h("updateProposal", () => this.proposal("update")),
      removeProposal: h("removeProposal", () => this.proposal("remove")),
      externalPskProposal: h("externalPskProposal", () => this.proposal("psk")),
      resumptionPskProposal: h("resumptionPskProposal", () => this.proposal("resumption")),
      groupContextExtensionsProposal: h("groupContextExtensionsProposal", () => this.proposal("gce")),
      commit: h("commit", (r) => commitOf(r.stateId)),
      handleCommit: h("handleCommit", (r) => this.advance(r.stateId, r.commit)),
      handlePendingCommit: h("handlePendingCommit", (r) => {
        const s = applyPending(r.stateId);
        return { stateId: r.stateId, epochAuthenticator: this.auth(s.identity, s) };
      }),
      reInitProposal: h("reInitProposal", () => this.proposal("reinit")),
      reInitCommit: h("reInitCommit", (r) => ({ ...commitOf(r.stateId), welcome: Buffer.alloc(0) })),
      handlePendingReInitCommit: h("handlePendingReInitCommit", (r) => reinitOf(applyPending(r.stateId))),
      handleReInitCommit: h("handleReInitCommit", (r) => {
        this.advance(r.stateId, r.commit);
        return reinitOf(this.state(r.stateId));
      }),
      reInitWelcome: h("reInitWelcome", (r) => {
        const g = this.reinits.get(r.reinitId);
        if (g === undefined) throw new FakeError(grpc.status.NOT_FOUND, `no reinit ${r.reinitId}`);
        return {
          stateId: this.newState(g.identity, g),
          welcome: enc(g),
          ratchetTree: Buffer.alloc(0),
          epochAuthenticator: this.auth(g.identity, g),
        };
      }),
      handleReInitWelcome: h("handleReInitWelcome", (r) => {
        const mine = this.reinits.get(r.reinitId);
        if (mine === undefined) throw new FakeError(grpc.status.NOT_FOUND, `no reinit ${r.reinitId}`);
        const g = dec<Group>(r.welcome);
        return { stateId: this.newState(mine.identity, g), epochAuthenticator: this.auth(mine.identity, g) };
      }),
      createBranch: h("createBranch", (r) => {
        const parent = this.state(r.stateId);
        const g = { gid: r.groupId.toString(), epoch: 0 };
        return {
          stateId: this.newState(parent.identity, g),
          welcome: enc(g),
          ratchetTree: Buffer.alloc(0),
          epochAuthenticator: this.auth(parent.identity, g),
        };
      }),
      handleBranch: h("handleBranch", (r) => {
        this.state(r.stateId);
        return this.joinFrom(r.transactionId, r.welcome);
      }),
      newMemberAddProposal: h("newMemberAddProposal", (r) => {
        const { transactionId, initPriv, encryptionPriv, signaturePriv } = this.keyPackage(r.identity.toString());
        return { transactionId, ...this.proposal("new-member"), initPriv, encryptionPriv, signaturePriv };
      }),
      createExternalSigner: h("createExternalSigner", (r) => ({
        signerId: this.id(),
        externalSender: enc({ signer: r.identity.toString() }),
      })),
      addExternalSigner: h("addExternalSigner", () => this.proposal("gce-signer")),
      externalSignerProposal: h("externalSignerProposal", () => this.proposal("external")),
      free: h("free", (r) => {
        if (!this.states.delete(r.stateId)) throw new FakeError(grpc.status.NOT_FOUND, `no state ${r.stateId}`);
        return {};
      }),
    };
  }
}

/** Starts servers and returns them with a function that stops them all. */
export async function startFakes(
  ...options: FakeServerOptions[]
): Promise<{ fakes: FakeMlsServer[]; stop: () => void }> {
  const fakes = options.map((o) => new FakeMlsServer(o));
  await Promise.all(fakes.map((f) => f.start()));
  return { fakes, stop: () => fakes.forEach((f) => f.stop()) };
}
