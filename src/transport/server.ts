// The gRPC server: binds the method table to grpc-js, with one log line per
// RPC and every failure mapped to a status, beside health checking and
// reflection for the tools around it.
import { Server, ServerCredentials, status, type ServerUnaryCall, type sendUnaryData } from "@grpc/grpc-js";
import { errorMessage } from "../errors.js";
import { MLSClientService } from "../gen/mls_client.js";
import { forgetImportedKeys } from "../crypto/provider.js";
import { defaultServerOptions, type Handles, type MethodContext, type ServerOptions } from "../methods/handles.js";
import { HandleStore, defaultStoreLimits, type StoreLimits } from "../store/handle-store.js";
import { assertCodecMatches } from "../ts-mls/rfc-codecs/active.js";
import { createLogger, handleIds, printable, type Logger } from "./logging.js";
import { createHealth } from "./health.js";
import { createReflection } from "./reflection.js";
import { handlers, type Handler, type MethodKey } from "./service.js";
import { checkRepeatedFields, defaultRequestLimits, type RequestLimits } from "./limits.js";
import { toServiceError } from "./status.js";

export interface ServeOptions {
  host: string;
  port: number;
  logger?: Logger;
  limits?: StoreLimits;
  server?: ServerOptions;
  requestLimits?: RequestLimits;
  /** Log request and response contents (private keys included) at debug level. */
  logSecrets?: boolean;
}

export interface RunningServer {
  host: string;
  port: number;
  store: HandleStore<Handles>;
  /** MLSClient calls received and not yet answered. */
  inFlight(): number;
  /**
   * Reports NOT_SERVING, stops accepting calls, waits up to `graceMs` for
   * calls in flight, then cancels the rest. Calling it again returns the same
   * promise; a shorter grace brings the deadline forward (a second Ctrl-C).
   */
  close(graceMs?: number): Promise<CloseResult>;
}

export interface CloseResult {
  /** Calls still in flight when the grace period ran out, which were cancelled. */
  cancelled: number;
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  // The mode and the codec the library runs with must agree, or members would write one encoding and read another.
  assertCodecMatches((options.server ?? defaultServerOptions).mode);
  const logger = options.logger ?? createLogger("info");
  const store = new HandleStore<Handles>(options.limits ?? defaultStoreLimits);
  const requestLimits = options.requestLimits ?? defaultRequestLimits;
  const grpcServer = new Server({ "grpc.max_receive_message_length": requestLimits.maxMessageBytes });
  let inFlight = 0;

  const implementation: Record<string, (call: ServerUnaryCall<unknown, unknown>, cb: sendUnaryData<unknown>) => void> =
    {};
  for (const key of Object.keys(handlers) as MethodKey[]) {
    const rpc = rpcName(key);
    const handler = handlers[key] as Handler<MethodKey>;
    implementation[key] = (call, callback) => {
      const started = process.hrtime.bigint();
      inFlight++;
      const ctx: MethodContext = {
        store,
        options: options.server ?? defaultServerOptions,
        warn: (message) => logger.warn({ rpc, request: handleIds(call.request) }, `${rpc}: ${message}`),
      };
      // Through a promise, so a handler that throws before its first await is
      // mapped like any other failure instead of escaping to grpc-js (UNKNOWN).
      Promise.resolve(call.request as never)
        .then((request) => {
          checkRepeatedFields(request, requestLimits.maxRepeated);
          return handler(ctx, request);
        })
        .then(
          (response) => {
            inFlight--;
            // No state is left to use an imported key: the key cache lets go of them all.
            if (store.size === 0) forgetImportedKeys();
            log(logger, rpc, started, call.request, response, status.OK, options.logSecrets);
            callback(null, response);
          },
          (err: unknown) => {
            inFlight--;
            const failure = toServiceError(rpc, err);
            log(logger, rpc, started, call.request, undefined, failure.code, options.logSecrets, failure.details, err);
            callback(failure);
          },
        );
    };
  }
  grpcServer.addService(MLSClientService, implementation);
  const health = createHealth();
  health.addToServer(grpcServer);
  createReflection().addToServer(grpcServer);

  const port = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync(`${options.host}:${options.port}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  // The readiness line is printed at any level but silent: tools (selftest,
  // CI scripts) wait for it even when they turn everything else down.
  const announcer = logger.level === "silent" ? logger : logger.child({}, { level: "info" });
  health.setServing(true);
  announcer.info({ host: options.host, port }, `listening on ${formatAddress(options.host, port)}`);
  // Tools wait for that line: out of the buffer now, not at the next flush.
  logger.flush();

  let closing: Promise<CloseResult> | undefined;
  let deadline = Infinity;
  let force: NodeJS.Timeout | undefined;
  let cancelled = 0;
  return {
    host: options.host,
    port,
    store,
    inFlight: () => inFlight,
    close(graceMs = 5000) {
      if (closing === undefined) {
        // Before the connections go, so Watch streams and load balancers learn it.
        health.setServing(false);
        closing = new Promise<CloseResult>((resolve) =>
          grpcServer.tryShutdown(() => {
            clearTimeout(force);
            store.close();
            resolve({ cancelled });
          }),
        );
      }
      if (Date.now() + graceMs < deadline) {
        deadline = Date.now() + graceMs;
        clearTimeout(force);
        force = setTimeout(() => {
          cancelled = inFlight;
          grpcServer.forceShutdown();
        }, graceMs);
      }
      return closing;
    },
  };
}

function log(
  logger: Logger,
  rpc: string,
  started: bigint,
  request: unknown,
  response: unknown,
  code: status,
  logSecrets: boolean | undefined,
  details?: string,
  err?: unknown,
): void {
  // Below info (a server run for a matrix at warn) only an internal error is logged: nothing else is built.
  if (code !== status.INTERNAL && !logger.isLevelEnabled("info")) return;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const line = {
    rpc,
    handles: { ...handleIds(request), ...prefixed(handleIds(response)) },
    ms: Math.round(ms * 100) / 100,
    code: status[code],
    ...(details !== undefined ? { error: details } : {}),
  };
  if (code === status.INTERNAL) logger.error({ ...line, err }, `${rpc} failed with an internal error`);
  else logger.info(line, rpc);
  // What the library itself threw, behind a status worded for people.
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  if (code !== status.INTERNAL && cause !== undefined)
    logger.debug({ rpc, cause: errorMessage(cause) }, `${rpc}: library error behind the status`);
  if (logSecrets) logger.debug({ rpc, request: printable(request), response: printable(response) }, `${rpc} contents`);
}

function prefixed(ids: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(ids ?? {})) out[`new_${k}`] = v;
  return out;
}

function rpcName(key: string): string {
  return MLSClientService[key as MethodKey].path.split("/").pop() ?? key;
}

function formatAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
