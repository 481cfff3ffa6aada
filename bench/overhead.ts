// Section 1: what the server adds to each MLS operation. Every method is
// timed on ts-mls directly (library-driver.ts) and as an RPC to a child
// server process (server-driver.ts), in groups of 2 and 32, suite 1,
// encrypted handshakes.
import { randomUUID } from "node:crypto";
import type { ClientState } from "ts-mls";
import { measureGrpcFloor, type GrpcFloor } from "./grpc-floor.js";
import { LibraryDriver, type LibraryKeyPackage } from "./library-driver.js";
import { median, round, sample, type Samples } from "./measure.js";
import { ServerDriver } from "./server-driver.js";

export interface OverheadRow {
  method: string;
  groupSize: number | null;
  /** Median ms of the ts-mls operation with its encoding and decoding. */
  libraryMs: number;
  /** Median round trip of the RPC, as a client sees it. */
  serverMs: number;
  /** Median time the server's handler logged (inside the process, gRPC excluded). */
  handlerMs: number;
  /** Median CPU per call: of the library call in the bench process, of the server process for the RPC. */
  libraryCpuMs: number;
  serverCpuMs: number;
  overheadMs: number;
  overheadPct: number;
  met: boolean;
}

export interface OverheadOptions {
  rounds: number;
  warmup: number;
  sizes: number[];
  /** Extra node flags for the server process (profiling). */
  serverFlags: string[];
}

/** The target: under 10% of the library's time, or under 0.3 ms where the library's time is tiny. */
export function overheadMet(libraryMs: number, serverMs: number): boolean {
  const overhead = serverMs - libraryMs;
  return overhead < 0.1 * libraryMs || overhead < 0.3;
}

function row(method: string, groupSize: number | null, library: Samples, server: ServerSamples): OverheadRow {
  const libraryMs = median(library.wall);
  const serverMs = median(server.wall);
  return {
    method,
    groupSize,
    libraryMs: round(libraryMs, 3),
    serverMs: round(serverMs, 3),
    handlerMs: round(median(server.handler), 3),
    libraryCpuMs: round(median(library.cpu), 3),
    serverCpuMs: round(median(server.cpu), 3),
    overheadMs: round(serverMs - libraryMs, 3),
    overheadPct: round((100 * (serverMs - libraryMs)) / libraryMs, 1),
    met: overheadMet(libraryMs, serverMs),
  };
}

const plaintext = new Uint8Array(100).fill(0x61);

interface LibraryPair {
  a: ClientState;
  b: ClientState;
}

async function libraryGroup(lib: LibraryDriver, size: number): Promise<LibraryPair> {
  const a = await lib.createGroup("alice", new TextEncoder().encode(randomUUID()));
  const kps: LibraryKeyPackage[] = [];
  for (let i = 1; i < size; i++) kps.push(await lib.keyPackage(`member-${i}`));
  const created = await lib.commit(a, lib.adds(kps.map((k) => k.bytes)));
  return { a: created.newState, b: await lib.join(kps[0] as LibraryKeyPackage, created.welcome as Uint8Array) };
}

interface ServerPair {
  a: number;
  b: number;
}

async function serverGroup(srv: ServerDriver, size: number): Promise<ServerPair> {
  const a = await srv.createGroup("alice", new TextEncoder().encode(randomUUID()));
  const kps = [];
  for (let i = 1; i < size; i++) kps.push(await srv.keyPackage(`member-${i}`));
  const created = await srv.commit(a, srv.adds(kps.map((k) => k.keyPackage)));
  const applied = await srv.applyPending(a);
  return { a: applied, b: await srv.join(kps[0]!.transactionId, created.welcome) };
}

interface ServerSamples extends Samples {
  handler: number[];
}

/** Times one method on the server and collects the handler times it logged for the timed calls. */
async function onServer<P>(
  srv: ServerDriver,
  rpc: string,
  o: OverheadOptions,
  prepare: (i: number) => Promise<P>,
  measure: (p: P) => Promise<unknown>,
): Promise<ServerSamples> {
  let mark = 0;
  const samples = await sample(
    o.rounds,
    o.warmup,
    async (i) => {
      const prepared = await prepare(i);
      if (i === o.warmup) mark = srv.mark(rpc);
      return prepared;
    },
    measure,
    () => srv.cpuMs(),
  );
  // Only the timed calls count; preparing never calls the RPC being timed.
  return { ...samples, handler: await srv.handlerTimes(rpc, mark) };
}

const none = async (): Promise<void> => undefined;

export interface Overhead {
  rows: OverheadRow[];
  grpcFloor: GrpcFloor;
}

export async function measureOverhead(o: OverheadOptions, log: (line: string) => void): Promise<Overhead> {
  const lib = await LibraryDriver.suite1();
  const srv = await ServerDriver.start(true, { nodeFlags: o.serverFlags });
  const rows: OverheadRow[] = [];
  let grpcFloor: GrpcFloor;
  try {
    log("  gRPC floor");
    grpcFloor = await measureGrpcFloor(srv, o.rounds * 5, o.warmup * 5);
    log("  CreateKeyPackage");
    const kpLib = await sample(o.rounds, o.warmup, none, () => lib.keyPackage("bench"));
    const kpSrv = await onServer(srv, "CreateKeyPackage", o, none, () => srv.keyPackage("bench"));
    rows.push(row("CreateKeyPackage", null, kpLib, kpSrv));

    for (const size of o.sizes) {
      log(`  group of ${size}`);
      const lg = await libraryGroup(lib, size);
      const sg = await serverGroup(srv, size);

      // No library work at all: what a call costs in gRPC and our dispatch alone.
      const authLib = await sample(o.rounds, o.warmup, none, async () => lg.a.keySchedule.epochAuthenticator);
      const authSrv = await onServer(srv, "StateAuth", o, none, () => srv.stateAuth(sg.a));
      rows.push(row("StateAuth (no MLS work)", size, authLib, authSrv));

      const protectLib = await sample(o.rounds, o.warmup, none, async () => {
        lg.a = (await lib.protect(lg.a, plaintext)).newState;
      });
      const protectSrv = await onServer(srv, "Protect", o, none, () => srv.protect(sg.a, plaintext));
      rows.push(row("Protect", size, protectLib, protectSrv));

      // Each Unprotect needs a message it has not seen: protect them all first.
      const count = o.rounds + o.warmup;
      const libMessages: Uint8Array[] = [];
      for (let i = 0; i < count; i++) {
        const sent = await lib.protect(lg.a, plaintext);
        lg.a = sent.newState;
        libMessages.push(sent.bytes);
      }
      const unprotectLib = await sample(o.rounds, o.warmup, none, async (_p, i) => {
        lg.b = (await lib.unprotect(lg.b, libMessages[i] as Uint8Array)).newState;
      });
      const srvMessages: Buffer[] = [];
      for (let i = 0; i < count; i++) srvMessages.push(await srv.protect(sg.a, plaintext));
      const unprotectSrv = await onServer(
        srv,
        "Unprotect",
        o,
        async (i) => srvMessages[i] as Buffer,
        (m) => srv.unprotect(sg.b, m),
      );
      rows.push(row("Unprotect", size, unprotectLib, unprotectSrv));

      // Commit leaves the state where it was (the commit stays pending), so it repeats on one state.
      const emptyLib = await sample(o.rounds, o.warmup, none, () => lib.commit(lg.a));
      const emptySrv = await onServer(srv, "Commit", o, none, () => srv.commit(sg.a));
      rows.push(row("Commit (empty, with path)", size, emptyLib, emptySrv));

      const joiner = await lib.keyPackage("joiner");
      const addLib = await sample(o.rounds, o.warmup, none, () => lib.commit(lg.a, lib.adds([joiner.bytes])));
      const joinerSrv = await srv.keyPackage("joiner");
      const addSrv = await onServer(srv, "Commit", o, none, () => srv.commit(sg.a, srv.adds([joinerSrv.keyPackage])));
      rows.push(row("Commit (one add)", size, addLib, addSrv));

      const handleLib = await sample(
        o.rounds,
        o.warmup,
        async () => {
          const c = await lib.commit(lg.a);
          lg.a = c.newState;
          return c.commit;
        },
        async (commit) => {
          lg.b = await lib.handle(lg.b, commit);
        },
      );
      const handleSrv = await onServer(
        srv,
        "HandleCommit",
        o,
        async () => {
          const c = await srv.commit(sg.a);
          sg.a = await srv.applyPending(sg.a);
          return c.commit;
        },
        async (commit) => {
          sg.b = await srv.handle(sg.b, commit);
        },
      );
      rows.push(row("HandleCommit (empty commit, with path)", size, handleLib, handleSrv));
      await srv.free(sg.a);
      await srv.free(sg.b);
    }
  } finally {
    await srv.stop();
  }
  return { rows, grpcFloor };
}
