// `mls-interop selftest`: start local `serve` processes and play configs
// against them, the quickest whole-stack check of our server and runner.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { LocalServer, startLocalServers, stopLocalServers } from "../runner/local-servers.js";
import {
  UsageError,
  parse,
  sessionOptionHelp,
  sessionOptionSpec,
  sessionOptions,
  usageFailure,
} from "../runner/options.js";
import { projectRoot, sharedDir } from "../runner/project-root.js";
import { ServerPlan, UnreachableError, connectAll, directPlan, replicaPlan } from "../runner/server-plan.js";
import { execute, prepare } from "../runner/session.js";
import { type PageRequest, pageOptionHelp, pageOptionSpec, pageRequest, withSessionPage } from "./page-output.js";

export const usage = `usage: mls-interop selftest [--servers N] [--servers-as-matrix] [--config FILE|DIR ...] [options]

Starts N local MLSClient servers (this package's \`serve\`) and plays the
configs against them, then prints the Markdown report.

By default the servers are interchangeable replicas: the matrix is built as
if against two servers, so every cross-server assignment is played, and runs
are spread over all N processes. --servers-as-matrix makes every process a
matrix server instead (N^actors assignments per script, suite and mode).

options:
  --servers N            server processes to start (default: CPU count)
  --servers-as-matrix    one matrix server per process
${sessionOptionHelp}
${pageOptionHelp}

For selftest, --jobs defaults to four runs per server process.

The configs default to ../shared/interop/configs when that folder exists,
else this project's configs/.
exit status: as for run (3 when a local server does not start).`;

function defaultConfigs(): string[] {
  const official = join(sharedDir(), "interop", "configs");
  return [existsSync(official) ? official : join(projectRoot(), "configs")];
}

export async function main(args: string[]): Promise<number> {
  let options;
  let count: number;
  let asMatrix: boolean;
  let page: PageRequest | undefined;
  const spec = {
    ...sessionOptionSpec,
    ...pageOptionSpec,
    servers: { type: "string" },
    "servers-as-matrix": { type: "boolean" },
  } as const;
  try {
    const { values, positionals } = parse(args, spec);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    count = values.servers === undefined ? availableParallelism() : Number(values.servers);
    if (!Number.isInteger(count) || count < 1 || count > 256)
      throw new UsageError(`--servers must be from 1 to 256, got "${values.servers}"`);
    asMatrix = values["servers-as-matrix"] === true;
    // A run is a chain of dependent RPCs: alone it leaves its server idle
    // while the runner and loopback take their turn. Four runs per local
    // server keep two cores busy (commit.json + external_proposals.json,
    // suite 1: 203 s with --jobs 1, 128 s with 2 runs per server, 105 s with
    // 4, 103 s with 8).
    options = sessionOptions(values, { configs: defaultConfigs(), stdout: "markdown", jobs: 4 * count });
    const asked = pageRequest(values);
    if (typeof asked === "string") throw new UsageError(asked);
    page = asked;
  } catch (error) {
    return usageFailure("selftest", error, usage);
  }
  const prepared = prepare(options);
  if (typeof prepared === "number") return prepared;

  let servers: LocalServer[] = [];
  let plan: ServerPlan | undefined;
  // Until the session takes over Ctrl-C, an interrupt must still take the servers down.
  const onStartupSignal = () => {
    void stopLocalServers(servers).then(() => process.exit(130));
  };
  process.once("SIGINT", onStartupSignal);
  try {
    try {
      servers = await startLocalServers(count);
      const { connections, identities } = await connectAll(
        servers.map((s) => s.address),
        10_000,
      );
      plan = asMatrix ? directPlan(connections, identities) : replicaPlan(connections, identities, Math.min(2, count));
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      process.stderr.write(
        `mls-interop selftest: ${error instanceof UnreachableError ? "" : "cannot start servers: "}${error.message}\n`,
      );
      return 3;
    } finally {
      process.off("SIGINT", onStartupSignal);
    }
    const played = plan;
    const status = await withSessionPage("selftest", args, spec, options, page, (o) => execute(prepared, played, o));
    for (const s of servers.filter((s) => s.child.exitCode !== null || s.child.signalCode !== null)) {
      process.stderr.write(
        `local server ${s.address} died during the session; its last output:\n  ${s.tail.join("\n  ")}\n`,
      );
    }
    return status;
  } finally {
    plan?.close();
    await stopLocalServers(servers);
  }
}
