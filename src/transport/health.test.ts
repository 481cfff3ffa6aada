// Health checking, reflection and graceful shutdown of the compiled server,
// run as the child process a container or CI job would run.
import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, describe, test } from "node:test";
import { Client, credentials, status, type ServiceError } from "@grpc/grpc-js";
import { filesContainingSymbol, listServices } from "../testing/reflection-client.js";
import { childServer, type ChildServer } from "../testing/servers.js";
import {
  checkHealth,
  decodeHealthResponse,
  encodeHealthRequest,
  healthPaths,
  mlsServiceName,
  type ServingStatus,
} from "./health-client.js";

/** Statuses a Watch stream on `service` reports, until `stop()`. */
function watchHealth(
  address: string,
  service = "",
): { seen: ServingStatus[]; next(wanted: ServingStatus): Promise<void>; stop(): void } {
  const client = new Client(address, credentials.createInsecure());
  const call = client.makeServerStreamRequest(healthPaths.watch, encodeHealthRequest, decodeHealthResponse, service);
  const seen: ServingStatus[] = [];
  call.on("data", (s: ServingStatus) => seen.push(s));
  call.on("error", () => {}); // cancelled by stop()
  return {
    seen,
    next: async (wanted) => {
      while (!seen.includes(wanted)) await once(call, "data");
    },
    stop: () => {
      call.cancel();
      client.close();
    },
  };
}

interface LogLine {
  msg: string;
  rpc?: string;
  code?: string;
  inFlight?: number;
}

function logLines(output: string): LogLine[] {
  return output
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as LogLine);
}

/**
 * ts-mls's own crypto provider: its WebCrypto calls wait on libuv's thread
 * pool, so the server interleaves calls and they are in flight between
 * event-loop turns. The server's own provider is synchronous: a call runs
 * from request to answer in one turn, and a signal never finds one half done.
 */
const asyncCrypto = ["--crypto", "library"];

const createGroupIn = (server: ChildServer, suite: number, groupId: string): Promise<string> =>
  server.client
    .call("createGroup", {
      groupId: Buffer.from(groupId),
      cipherSuite: suite,
      identity: Buffer.from("alice"),
      encryptHandshake: true,
    })
    .then(
      () => "OK",
      (err: ServiceError) => status[err.code],
    );

/** Seconds of work the calls below give the server: far beyond the signals sent in their first half second. */
const busySeconds = 3;

/**
 * Starts enough CreateGroup calls in suite 5 (P-521, the slowest) to keep the
 * server busy for `busySeconds`, measured on this machine now (a fixed count
 * was finished before the signal on a fast machine), then waits until the
 * server has them all but, as it interleaves them, has finished none.
 */
async function slowCalls(server: ChildServer): Promise<Promise<string>[]> {
  const probe = 20;
  const started = performance.now();
  const probed = await Promise.all(Array.from({ length: probe }, (_, i) => createGroupIn(server, 5, `probe${i}`)));
  assert.deepEqual(probed, Array(probe).fill("OK"));
  const perCallMs = Math.max(0.1, (performance.now() - started) / probe);
  const count = Math.min(2000, Math.ceil((busySeconds * 1000) / perCallMs));
  const calls = Array.from({ length: count }, (_, i) => createGroupIn(server, 5, `g${i}`));
  await new Promise((resolve) => setTimeout(resolve, 300));
  return calls;
}

/** The server's own count of calls in flight when the shutdown began. */
function inFlightAtShutdown(lines: LogLine[], output: string): number {
  const line = lines.find((l) => /^SIG[A-Z]+: shutting down/.test(l.msg));
  assert.ok(line !== undefined, output);
  return line.inFlight ?? 0;
}

describe("the compiled server as a child process", () => {
  let server: ChildServer;
  before(async () => {
    // A grace no slow CI machine runs out of: the SIGTERM test is about calls finishing.
    server = await childServer(["--log-level", "info", "--grace", "60", ...asyncCrypto]);
  });
  after(() => server.stop());

  test("health answers SERVING for the server and for mls_client.MLSClient, NOT_FOUND for other services", async () => {
    assert.equal(await checkHealth(server.address), "SERVING");
    assert.equal(await checkHealth(server.address, mlsServiceName), "SERVING");
    await assert.rejects(
      checkHealth(server.address, "no.such.Service"),
      (err: ServiceError) => err.code === status.NOT_FOUND,
    );
  });

  test("reflection lists mls_client.MLSClient and describes it from mls_client.proto", async () => {
    const services = await listServices(server.address);
    assert.ok(services.includes("mls_client.MLSClient"), `listed: ${services.join(", ")}`);
    assert.ok(services.includes("grpc.health.v1.Health"), `listed: ${services.join(", ")}`);
    assert.deepEqual(await filesContainingSymbol(server.address, "mls_client.MLSClient"), ["mls_client.proto"]);
  });

  // Last: it stops the server.
  test("SIGTERM: NOT_SERVING first, no new connections, calls in flight complete, exit status 0", async () => {
    const watch = watchHealth(server.address);
    await watch.next("SERVING");

    const calls = await slowCalls(server);
    const exited = once(server.process, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    server.process.kill("SIGTERM");

    await watch.next("NOT_SERVING");
    watch.stop();
    await assert.rejects(checkHealth(server.address, "", 2000), "a server shutting down must not answer new calls");

    assert.deepEqual(await Promise.all(calls), Array(calls.length).fill("OK"));
    const [code, signal] = await exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null });

    const lines = logLines(server.output());
    assert.ok(
      inFlightAtShutdown(lines, server.output()) > 0,
      "no call was in flight at SIGTERM: the test proved nothing",
    );
    assert.equal(lines.at(-1)?.msg, "stopped: every call in flight completed");
  });
});

test("a second signal cancels the calls in flight and exits 0 at once", async () => {
  const server = await childServer(["--log-level", "info", "--grace", "60", ...asyncCrypto]);
  try {
    const calls = await slowCalls(server);
    const exited = once(server.process, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    server.process.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.process.kill("SIGINT");
    const [code, signal] = await exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null });
    assert.ok(
      inFlightAtShutdown(logLines(server.output()), server.output()) > 0,
      "no call was in flight: the test proved nothing",
    );
    assert.ok(
      (await Promise.all(calls)).some((s) => s !== "OK"),
      "some calls were cancelled",
    );
    assert.match(server.output(), /SIGINT again: cancelling \d+ calls in flight/);
    assert.match(server.output(), /stopped: grace period over, \d+ calls in flight cancelled/);
  } finally {
    await server.stop();
  }
});
