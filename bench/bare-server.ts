// A grpc-js server with our generated service definition and handlers that
// do nothing: the round trip every RPC pays before any work of ours, the
// floor under the overheads in section 1. Run as a child process, like our
// server; prints its port on stdout.
import { Server, ServerCredentials, type sendUnaryData, type UntypedServiceImplementation } from "@grpc/grpc-js";
import { MLSClientService } from "../src/gen/mls_client.js";

const server = new Server();
const noop = (_call: unknown, done: sendUnaryData<object>): void => done(null, {});
const implementation: UntypedServiceImplementation = Object.fromEntries(
  Object.keys(MLSClientService).map((k) => [k, noop]),
);
server.addService(MLSClientService, implementation);
server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, port) => {
  if (error !== null) throw error;
  process.stdout.write(`${port}\n`);
});
process.on("SIGTERM", () => server.tryShutdown(() => process.exit(0)));
