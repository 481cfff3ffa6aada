// Our server as `serve` runs it, under V8's sampling profiler, recording when
// each handler ran: `node dist/bench/profiled-server.js --port P --out FILE`.
// On SIGINT or SIGTERM it writes {profile, spans} to FILE and exits. The
// profile's sample times and the spans share one clock (the monotonic clock
// V8 and process.hrtime both read), so rpc-profile.ts can tell which call
// each sample belongs to; a runner that makes one call at a time (the Go
// runner) leaves no doubt.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { registerRfcCodecs } from "../src/ts-mls/rfc-codecs/register.js";
import type { Span } from "./rpc-profile.js";

const now = (): number => Number(process.hrtime.bigint() / 1000n);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      out: { type: "string" },
      // Microseconds between samples; V8's default is 1000.
      interval: { type: "string", default: "250" },
    },
  });
  if (values.out === undefined) throw new Error("profiled-server: --out FILE is required");
  // Before anything loads ts-mls, as the CLI does.
  registerRfcCodecs();
  const { handlers } = await import("../src/transport/service.js");
  const { startServer } = await import("../src/transport/server.js");
  const { createLogger } = await import("../src/transport/logging.js");

  const spans: Span[] = [];
  const table = handlers as unknown as Record<string, (ctx: unknown, req: unknown) => Promise<unknown>>;
  for (const [method, handler] of Object.entries(table))
    table[method] = async (ctx, req) => {
      const span: Span = { method, start: now(), end: 0, ok: false };
      spans.push(span);
      try {
        const response = await handler(ctx, req);
        span.ok = true;
        return response;
      } finally {
        span.end = now();
      }
    };

  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: Number(values.interval) });
  await session.post("Profiler.start");
  const server = await startServer({ host: "127.0.0.1", port: Number(values.port), logger: createLogger("warn") });

  const finish = async (): Promise<void> => {
    const { profile } = await session.post("Profiler.stop");
    await server.close(1000);
    writeFileSync(values.out as string, JSON.stringify({ profile, spans }));
    process.exit(0);
  };
  process.once("SIGINT", () => void finish());
  process.once("SIGTERM", () => void finish());
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
