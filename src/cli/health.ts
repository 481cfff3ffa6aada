// `mls-interop health`: asks a server whether it is serving, through the
// standard grpc.health.v1 service, for Docker's HEALTHCHECK and for CI jobs
// that start a server in the background and must wait for it.
import { setTimeout as sleep } from "node:timers/promises";
import { UsageError, parse, usageFailure } from "../runner/options.js";
import { defaultPort } from "../transport/default-port.js";
import { checkHealth, mlsServiceName, type ServingStatus } from "../transport/health-client.js";

export const usage = `usage: mls-interop health [options]

Calls grpc.health.v1.Health/Check on a server and prints the status.
Exit status: 0 when SERVING; 1 when not serving, unknown or unreachable; 2 on usage errors.

options:
  --address H:P         server to ask (default 127.0.0.1:${defaultPort})
  --service NAME        service to ask about (default "": the server as a whole;
                        our server also answers for ${mlsServiceName})
  --timeout S           deadline of each check in seconds (default 3)
  --wait S              keep checking every half second until SERVING, for up to S seconds
                        (default 0: check once)
  -h, --help            show this help`;

export async function main(args: string[]): Promise<number> {
  let values;
  try {
    let positionals;
    ({ values, positionals } = parse(args, {
      address: { type: "string", default: `127.0.0.1:${defaultPort}` },
      service: { type: "string", default: "" },
      timeout: { type: "string", default: "3" },
      wait: { type: "string", default: "0" },
    }));
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!(Number(values.timeout) > 0)) throw new UsageError("--timeout must be a positive number of seconds");
    if (!(Number(values.wait) >= 0)) throw new UsageError("--wait must be a number of seconds");
  } catch (error) {
    return usageFailure("health", error, usage);
  }
  const timeout = Number(values.timeout);
  const wait = Number(values.wait);

  const giveUp = Date.now() + wait * 1000;
  for (;;) {
    let outcome: ServingStatus | string;
    try {
      outcome = await checkHealth(values.address, values.service, timeout * 1000);
    } catch (err) {
      outcome = (err as Error).message;
    }
    if (outcome === "SERVING" || Date.now() >= giveUp) {
      if (outcome === "SERVING") console.log(outcome);
      else console.error(`mls-interop health: ${values.address}: ${outcome}`);
      return outcome === "SERVING" ? 0 : 1;
    }
    await sleep(500);
  }
}
