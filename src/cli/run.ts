// `mls-interop run`: play configs against running MLSClient servers, with
// the Go test runner's options and verdicts (see src/runner/).
import {
  UsageError,
  parse,
  sessionOptionHelp,
  sessionOptionSpec,
  sessionOptions,
  usageFailure,
} from "../runner/options.js";
import type { ServerIdentity } from "../runner/connection.js";
import { UnreachableError, connectAll, directPlan, isOurServer } from "../runner/server-plan.js";
import { execute, prepare } from "../runner/session.js";
import { type PageRequest, pageOptionHelp, pageOptionSpec, pageRequest, withSessionPage } from "./page-output.js";

export const usage = `usage: mls-interop run --client HOST:PORT [--client HOST:PORT ...] [--config FILE|DIR ...] [options]

Plays every script of the configs under every ciphersuite, handshake mode
and assignment of servers to actors, like the MLS working group's test
runner. Without --out the results JSON goes to stdout, as the Go runner's does.
A server whose Name does not start with "mls-interop-ts" (another stack)
gets one run at a time, as the Go runner plays; --jobs N lifts that.

options:
  --client HOST:PORT     an MLSClient server (repeatable, at least one)
${sessionOptionHelp}
${pageOptionHelp}

The config defaults to config.json, as in the Go runner.
exit status: 0 all passed (or failed as expected), 1 a run failed or an
expected failure passed, 2 config or usage error, 3 a server unreachable.`;

/**
 * Another stack's server gets one run at a time unless --jobs says otherwise:
 * MLSpp's interop client keeps its states in unlocked maps and crashed under
 * concurrent runs, taking the runs before the crash with it.
 */
export function oneRunAtATimeOnOthers(
  identities: readonly ServerIdentity[],
  note: (text: string) => void = (text) => process.stderr.write(text),
): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const id of identities.filter((id) => !isOurServer(id.name))) {
    limits[id.address] = 1;
    note(
      `note: ${id.address} (${id.name}) is not an mls-interop-ts server: playing one run at a time on it; ` +
        `--jobs N plays up to N runs at once on every server\n`,
    );
  }
  return limits;
}

// Reaching a server is quick or it is not happening; do not wait two minutes.
const PROBE_TIMEOUT_MS = 10_000;

export async function main(args: string[]): Promise<number> {
  let options;
  let clients: string[];
  let jobsGiven: boolean;
  let page: PageRequest | undefined;
  const spec = { ...sessionOptionSpec, ...pageOptionSpec, client: { type: "string", multiple: true } } as const;
  try {
    const { values, positionals } = parse(args, spec);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    clients = values.client ?? [];
    if (clients.length === 0) throw new UsageError("at least one --client HOST:PORT is needed");
    options = sessionOptions(values, { configs: ["config.json"], stdout: "json" });
    jobsGiven = values.jobs !== undefined;
    const asked = pageRequest(values);
    if (typeof asked === "string") throw new UsageError(asked);
    page = asked;
  } catch (error) {
    return usageFailure("run", error, usage);
  }
  const prepared = prepare(options);
  if (typeof prepared === "number") return prepared;
  let plan;
  try {
    const { connections, identities } = await connectAll(clients, Math.min(PROBE_TIMEOUT_MS, options.timeoutMs));
    plan = directPlan(connections, identities);
    if (!jobsGiven) options = { ...options, serverJobs: oneRunAtATimeOnOthers(identities) };
  } catch (error) {
    if (!(error instanceof UnreachableError)) throw error;
    process.stderr.write(`mls-interop run: ${error.message}\n`);
    return 3;
  }
  try {
    const played = plan;
    return await withSessionPage("run", args, spec, options, page, (o) => execute(prepared, played, o));
  } finally {
    plan.close();
  }
}
