// The same operations as library-driver.ts, through our gRPC server in a
// child process (`mls-interop serve`, as the working group's runner and our
// selftest use it), on loopback. The server runs at its default log level so
// each call's own log line tells how long the handler took inside the
// server, separating handler time from gRPC time.
import { readFileSync, readdirSync } from "node:fs";
import { connect, type Client } from "../src/testing/client.js";
import { childServer, type ChildServer } from "../src/testing/servers.js";
import { byValue } from "../src/testing/scenario.js";
import { MLSClientService, type ProposalDescription } from "../src/gen/mls_client.js";
import type { MethodKey, RequestOf, ResponseOf } from "../src/testing/client.js";

const SUITE = 1;

interface RpcLine {
  rpc: string;
  ms: number;
}

export interface ServerDriverOptions {
  /** Extra node flags for the server process, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Extra `serve` options, e.g. --crypto library. */
  serverArgs?: string[];
}

export class ServerDriver {
  private parsedUpTo = 0;
  private readonly lines: RpcLine[] = [];
  private readonly heapReports: number[] = [];
  /** Calls answered per RPC name, to know when all their log lines are in. */
  private readonly answered = new Map<string, number>();

  private constructor(
    private readonly server: ChildServer,
    readonly client: Client,
    private readonly encrypt: boolean,
  ) {}

  static async start(encrypt = true, options: ServerDriverOptions = {}): Promise<ServerDriver> {
    // --expose-gc: the server's SIGUSR2 heap report then measures live objects only.
    const server = await childServer(
      ["--log-level", "info", "--stats-interval", "0", ...(options.serverArgs ?? [])],
      ["--expose-gc", ...(options.nodeFlags ?? [])],
    );
    // Large groups: commits with hundreds of adds take longer than the test client's default deadline.
    return new ServerDriver(server, connect(server.address, 30 * 60_000), encrypt);
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.server.stop();
  }

  private parseLog(): void {
    const output = this.server.output();
    const end = output.lastIndexOf("\n") + 1;
    if (end <= this.parsedUpTo) return;
    for (const text of output.slice(this.parsedUpTo, end).split("\n")) {
      if (text === "") continue;
      let line: { rpc?: unknown; ms?: unknown; msg?: unknown; heapUsedBytes?: unknown };
      try {
        line = JSON.parse(text) as typeof line;
      } catch {
        continue;
      }
      if (typeof line.rpc === "string" && typeof line.ms === "number" && line.msg === line.rpc)
        this.lines.push({ rpc: line.rpc, ms: line.ms });
      if (line.msg === "live handles" && typeof line.heapUsedBytes === "number")
        this.heapReports.push(line.heapUsedBytes);
    }
    this.parsedUpTo = end;
  }

  private async call<K extends MethodKey>(method: K, request: Partial<RequestOf<K>>): Promise<ResponseOf<K>> {
    const response = await this.client.call(method, request);
    const rpc = rpcName(method);
    this.answered.set(rpc, (this.answered.get(rpc) ?? 0) + 1);
    return response;
  }

  /** How many `rpc` calls have been answered: a mark to collect handler times from. */
  mark(rpc: string): number {
    return this.answered.get(rpc) ?? 0;
  }

  /**
   * The handler times the server logged for the `rpc` calls answered since
   * `mark`, once their log lines are in (the log is written asynchronously).
   * Calls here are sequential, so lines come in the order of the calls.
   */
  async handlerTimes(rpc: string, mark: number): Promise<number[]> {
    const total = this.mark(rpc);
    for (let waited = 0; ; waited += 20) {
      this.parseLog();
      const times = this.lines.filter((l) => l.rpc === rpc).map((l) => l.ms);
      if (times.length >= total) return times.slice(mark, total);
      if (waited > 10_000) throw new Error(`bench: only ${times.length} of ${total} ${rpc} log lines arrived`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * CPU milliseconds the server process has used, all its threads, from the
   * scheduler's nanosecond counters (WebCrypto work runs on libuv's pool).
   */
  cpuMs(): number {
    const pid = this.server.process.pid as number;
    let ns = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // A thread that ended between listing and reading.
      }
    }
    return ns / 1e6;
  }

  /**
   * The server's live heap after a full GC, from the line SIGUSR2 makes it
   * log; asked twice, the second answer counting: what finalizers let go
   * (the key cache's weak ties) is freed only by a GC after they have run.
   */
  async heapUsed(): Promise<number> {
    await this.heapReport();
    await new Promise((resolve) => setTimeout(resolve, 100));
    return this.heapReport();
  }

  private async heapReport(): Promise<number> {
    this.parseLog();
    const before = this.heapReports.length;
    this.server.process.kill("SIGUSR2");
    for (let waited = 0; waited < 10_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      this.parseLog();
      const report = this.heapReports[before];
      if (report !== undefined) return report;
    }
    throw new Error("bench: the server did not report its heap");
  }

  async keyPackage(identity: string): Promise<{ transactionId: number; keyPackage: Buffer }> {
    return this.call("createKeyPackage", { cipherSuite: SUITE, identity: Buffer.from(identity) });
  }

  async createGroup(identity: string, groupId: Uint8Array): Promise<number> {
    const res = await this.call("createGroup", {
      groupId: Buffer.from(groupId),
      cipherSuite: SUITE,
      encryptHandshake: this.encrypt,
      identity: Buffer.from(identity),
    });
    return res.stateId;
  }

  adds(keyPackages: readonly Buffer[]): ProposalDescription[] {
    return keyPackages.map((keyPackage) => byValue("add", { keyPackage }));
  }

  async commit(stateId: number, extra: ProposalDescription[] = []): Promise<{ commit: Buffer; welcome: Buffer }> {
    return this.call("commit", { stateId, byValue: extra });
  }

  async applyPending(stateId: number): Promise<number> {
    return (await this.call("handlePendingCommit", { stateId })).stateId;
  }

  async join(transactionId: number, welcome: Buffer): Promise<number> {
    const res = await this.call("joinGroup", { transactionId, welcome, encryptHandshake: this.encrypt });
    return res.stateId;
  }

  async handle(stateId: number, commit: Buffer): Promise<number> {
    return (await this.call("handleCommit", { stateId, commit })).stateId;
  }

  async protect(stateId: number, plaintext: Uint8Array): Promise<Buffer> {
    return (await this.call("protect", { stateId, plaintext: Buffer.from(plaintext) })).ciphertext;
  }

  async unprotect(stateId: number, ciphertext: Buffer): Promise<Buffer> {
    return (await this.call("unprotect", { stateId, ciphertext })).plaintext;
  }

  async stateAuth(stateId: number): Promise<Buffer> {
    return (await this.call("stateAuth", { stateId })).stateAuthSecret;
  }

  async free(stateId: number): Promise<void> {
    await this.call("free", { stateId });
  }
}

function rpcName(method: MethodKey): string {
  return MLSClientService[method].path.split("/").pop() ?? method;
}
