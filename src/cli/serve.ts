// `mls-interop serve`: the MLSClient gRPC server.
import { parseArgs } from "node:util";
import { logVerbosity, setLogVerbosity } from "@grpc/grpc-js";
import type { Level } from "pino";
import { cryptoRejections, importedKeyStats, libraryFallbacks } from "../crypto/provider.js";
import { useCryptoProvider } from "../ts-mls/ciphersuites.js";
import { defaultServerOptions } from "../methods/handles.js";
import { assertCodecMatches } from "../ts-mls/rfc-codecs/active.js";
import { defaultStoreLimits } from "../store/handle-store.js";
import { defaultRequestLimits } from "../transport/limits.js";
import { createLogger, logLevels } from "../transport/logging.js";
import { defaultPort } from "../transport/default-port.js";
import { startServer } from "../transport/server.js";

export { defaultPort };

export const usage = `usage: mls-interop serve [options]

Runs the mls_client.MLSClient gRPC server backed by ts-mls.

options:
  --host H              address to listen on (default 127.0.0.1; the server hands out
                        private keys, so listening on all interfaces must be asked for)
  -p, --port P          port (default ${defaultPort}; 0 picks a free one)
  --log-level L         ${logLevels.join(", ")} or silent (default info)
  --log-secrets         also log request/response contents, private keys included, at debug
  --max-handles N       live handles before RESOURCE_EXHAUSTED (default ${defaultStoreLimits.maxHandles})
  --idle-ttl S          drop handles untouched for S seconds (default 0: never)
  --max-message-bytes N largest request accepted (default ${defaultRequestLimits.maxMessageBytes})
  --max-repeated N      most entries in a request's list field (default ${defaultRequestLimits.maxRepeated})
  --stats-interval S    log live handle counts every S seconds when they change (default 60, 0: never);
                        SIGUSR2 logs them at once
  --as-released         run ts-mls's own constructions and codecs instead of our RFC 9420
                        layer, with UNIMPLEMENTED where the release cannot do what is asked
                        (see KNOWN-ISSUES.md); Name says which mode runs
  --grace S             on SIGINT/SIGTERM, give calls in flight S seconds to finish before
                        cancelling them (default 10; a second signal cancels at once)
  --crypto P            cached (default): signature keys imported once; HMAC, HKDF, hashes,
                        AEAD and HPKE in node:crypto; library: ts-mls's own provider, which
                        imports every key per use (for measuring what cached saves)
  -h, --help            show this help`;

export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", short: "p", default: String(defaultPort) },
        "log-level": { type: "string", default: "info" },
        "log-secrets": { type: "boolean", default: false },
        "max-handles": { type: "string", default: String(defaultStoreLimits.maxHandles) },
        "idle-ttl": { type: "string", default: "0" },
        "max-message-bytes": { type: "string", default: String(defaultRequestLimits.maxMessageBytes) },
        "max-repeated": { type: "string", default: String(defaultRequestLimits.maxRepeated) },
        "stats-interval": { type: "string", default: "60" },
        "as-released": { type: "boolean", default: false },
        grace: { type: "string", default: "10" },
        crypto: { type: "string", default: "cached" },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`mls-interop serve: ${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const port = Number(values.port);
  const maxHandles = Number(values["max-handles"]);
  const idleTtl = Number(values["idle-ttl"]);
  const maxMessageBytes = Number(values["max-message-bytes"]);
  const maxRepeated = Number(values["max-repeated"]);
  const statsInterval = Number(values["stats-interval"]);
  const level = values["log-level"];
  const grace = Number(values.grace);
  const crypto = values.crypto;
  const problems = [
    !Number.isInteger(port) || port < 0 || port > 65535 ? `--port ${values.port} is not a port number` : "",
    !Number.isInteger(maxHandles) || maxHandles < 1 ? `--max-handles must be a positive integer` : "",
    !(idleTtl >= 0) ? `--idle-ttl must be a number of seconds` : "",
    !Number.isInteger(maxMessageBytes) || maxMessageBytes < 1024
      ? `--max-message-bytes must be an integer of at least 1024`
      : "",
    !Number.isInteger(maxRepeated) || maxRepeated < 1 ? `--max-repeated must be a positive integer` : "",
    !(statsInterval >= 0) ? `--stats-interval must be a number of seconds` : "",
    ![...logLevels, "silent"].includes(level as Level)
      ? `--log-level must be one of ${logLevels.join(", ")}, silent`
      : "",
    !(grace >= 0) ? `--grace must be a number of seconds` : "",
    crypto !== "cached" && crypto !== "library" ? `--crypto must be cached or library` : "",
  ].filter((p) => p !== "");
  if (problems.length > 0) {
    console.error(`mls-interop serve: ${problems.join("; ")}`);
    return 2;
  }

  const mode = values["as-released"] ? "as-released" : defaultServerOptions.mode;
  try {
    assertCodecMatches(mode);
  } catch (err) {
    console.error(`mls-interop serve: ${(err as Error).message}`);
    return 1;
  }
  useCryptoProvider(crypto as "cached" | "library");
  const logger = createLogger(level as Level);
  // grpc-js prints its own lines to stderr ("E No address added ..."); ours say it better.
  if (level !== "debug" && level !== "trace") setLogVerbosity(logVerbosity.NONE);
  if (values["log-secrets"])
    logger.warn("--log-secrets: private keys and secrets of every call will be written to the log at debug level");
  let server;
  try {
    server = await startServer({
      host: values.host,
      port,
      logger,
      limits: { maxHandles, idleTtlMs: idleTtl * 1000 },
      requestLimits: { maxMessageBytes, maxRepeated },
      server: { mode },
      logSecrets: values["log-secrets"],
    });
  } catch (err) {
    logger.fatal(`cannot listen on ${values.host}:${port}: ${(err as Error).message}`);
    logger.flush();
    return 1;
  }

  // Live handles per kind, imported keys and the heap in one line: every
  // --stats-interval when they changed, and on demand with SIGUSR2 (after a
  // GC when node runs with --expose-gc), so a long interop session shows
  // whether it leaks.
  const statsLine = (): {
    liveHandles: Record<string, number>;
    importedKeys: { private: number; public: number };
    cryptoFallbacks: Record<string, number>;
    cryptoRejections: Record<string, number>;
    heapUsedBytes: number;
  } => {
    (globalThis as { gc?: () => void }).gc?.();
    const keys = importedKeyStats();
    return {
      liveHandles: server.store.counts(),
      importedKeys: { private: keys.privateKeys.entries, public: keys.publicKeys.entries },
      // Calls our crypto provider handed to ts-mls's (inputs ours does not support): zero in a passing run.
      cryptoFallbacks: libraryFallbacks(),
      // Inputs our crypto provider rejected (signatures that do not verify, ciphertexts that do not open).
      cryptoRejections: cryptoRejections(),
      heapUsedBytes: process.memoryUsage().heapUsed,
    };
  };
  let lastCounts = "";
  const stats =
    statsInterval > 0
      ? setInterval(() => {
          const counts = JSON.stringify(server.store.counts());
          if (counts !== lastCounts) logger.info(statsLine(), "live handles");
          lastCounts = counts;
        }, statsInterval * 1000)
      : undefined;
  stats?.unref();
  const onDemand = (): void => {
    logger.child({}, { level: "info" }).info(statsLine(), "live handles");
  };
  process.on("SIGUSR2", onDemand);

  return new Promise<number>((resolve) => {
    let signals = 0;
    const stop = (signal: NodeJS.Signals): void => {
      if (++signals > 1) {
        logger.warn(`${signal} again: cancelling ${server.inFlight()} calls in flight`);
        void server.close(0);
        return;
      }
      if (stats !== undefined) clearInterval(stats);
      logger.info(
        { inFlight: server.inFlight(), graceSeconds: grace },
        `${signal}: shutting down: health NOT_SERVING, no new calls, ${server.inFlight()} in flight may take up to ${grace} s`,
      );
      void server.close(grace * 1000).then(({ cancelled }) => {
        if (cancelled > 0) {
          logger.warn({ cancelled }, `stopped: grace period over, ${cancelled} calls in flight cancelled`);
          // Their handlers may still be computing answers nobody will read;
          // exit without waiting for them once the log is written.
          setTimeout(() => process.exit(0), 500).unref();
        } else logger.info("stopped: every call in flight completed");
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        process.off("SIGUSR2", onDemand);
        logger.flush();
        // Exit status 0 either way: stopping on request is not a failure.
        resolve(0);
      });
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
