// How the matrix's servers map onto live connections. `run` maps each
// --client to one matrix server. `selftest` starts N identical local
// processes and by default treats them as interchangeable replicas: the
// matrix is built as if against two servers, so that every cross-process
// assignment is exercised, while runs are spread over all N processes for
// throughput.
import { Connection, ServerIdentity, probe } from "./connection.js";
import type { MatrixServer, RunSpec } from "./matrix.js";
import type { RunRecord } from "./engine.js";
import type { Binding } from "./recording-client.js";
import type { ServerSummary } from "./session-report.js";

export interface ServerPlan {
  matrix: MatrixServer[];
  summaries: ServerSummary[];
  bindingsFor(spec: RunSpec): Map<string, Binding>;
  /** Whoever started the servers and watches them (cross), told of every run. */
  supervisor?: RunSupervisor;
  close(): void;
}

/**
 * Watches the servers a run plays on: before the run it waits for a server
 * being restarted; after it, it adds to the record what the servers did
 * meanwhile (a crash, a panic in their log, a hang) and restarts one that
 * died or hung, so that the next runs play on a live server.
 */
export interface RunSupervisor {
  beforeRun(spec: RunSpec): Promise<RunWatch>;
}

export interface RunWatch {
  afterRun(record: RunRecord): Promise<void>;
}

export class UnreachableError extends Error {}

/** Whether a server's Name says it is this project's server (see src/methods/service-info.ts). */
export function isOurServer(name: string): boolean {
  return name.startsWith("mls-interop-ts");
}

/** Connects and asks each server for Name and SupportedCiphersuites, all before any run. */
export async function connectAll(
  addresses: readonly string[],
  timeoutMs: number,
): Promise<{ connections: Connection[]; identities: ServerIdentity[] }> {
  const connections = addresses.map((a) => new Connection(a));
  const probes = await Promise.allSettled(connections.map((c) => probe(c, timeoutMs)));
  const failures = probes.flatMap((p, i) =>
    p.status === "rejected" ? [`${addresses[i]}: ${(p.reason as Error).message}`] : [],
  );
  if (failures.length > 0) {
    connections.forEach((c) => c.close());
    throw new UnreachableError(
      `cannot reach ${failures.length === 1 ? "a server" : "servers"}:\n  ${failures.join("\n  ")}`,
    );
  }
  return { connections, identities: probes.map((p) => (p as PromiseFulfilledResult<ServerIdentity>).value) };
}

function bind(spec: RunSpec, server: (slot: number, serverIndex: number) => Binding): Map<string, Binding> {
  return new Map(spec.script.actors.map((actor, i) => [actor, server(i, spec.assignment[i] ?? 0)]));
}

/** One matrix server per connection, labelled s1, s2, ... in the given order. */
export function directPlan(connections: readonly Connection[], identities: readonly ServerIdentity[]): ServerPlan {
  const summaries = identities.map((id, i) => ({
    label: `s${i + 1}`,
    address: id.address,
    name: id.name,
    suites: id.suites,
  }));
  const bindings: Binding[] = summaries.map((s, i) => ({ ...s, connection: connections[i] as Connection }));
  return {
    matrix: summaries,
    summaries,
    bindingsFor: (spec) => bind(spec, (_slot, index) => bindings[index] as Binding),
    close: () => connections.forEach((c) => c.close()),
  };
}

/**
 * `virtual` matrix servers whose runs are spread round robin over the
 * processes: run r's matrix server v goes to process (r + v) mod N, so two
 * servers of one run are two different processes whenever N ≥ virtual, and
 * consecutive runs start on different processes. The matrix lists a
 * script's assignments in order (every actor on s1 first), and runs start in
 * matrix order: mapping s1 to the same process for every run, as
 * (r·virtual + v) mod N did with two servers and two processes, put the
 * runs in flight on one process at a time, and two servers' work took turns
 * on one core's worth of time.
 */
export function replicaPlan(
  connections: readonly Connection[],
  identities: readonly ServerIdentity[],
  virtual: number,
): ServerPlan {
  const first = identities[0];
  const common = (first?.suites ?? []).filter((s) => identities.every((id) => id.suites.includes(s)));
  const addresses = identities.map((id) => id.address).join(", ");
  const matrix = Array.from({ length: virtual }, (_, v) => ({ label: `s${v + 1}`, suites: common }));
  const summaries = matrix.map((m) => ({ ...m, address: `replicas: ${addresses}`, name: first?.name ?? "" }));
  return {
    matrix,
    summaries,
    bindingsFor(spec) {
      return bind(spec, (_slot, v) => {
        const p = (spec.id + v) % connections.length;
        return {
          label: `s${v + 1}`,
          name: identities[p]?.name ?? "",
          suites: common,
          connection: connections[p] as Connection,
        };
      });
    },
    close: () => connections.forEach((c) => c.close()),
  };
}
