// Another stack's interop server as the cross tests need one: a process that
// plays scripts like FakeMlsServer, listens on 127.0.0.1:--port, and falls
// over on command the ways real stacks do:
//
//   --panic METHOD  writes a Rust panic to stderr and drops the connection,
//                   as a tonic server does when a handler panics (`todo!()`)
//   --die METHOD    writes a panic and exits 101, as a panic outside a handler does
//   --hang METHOD   blocks its thread for good: nothing is answered any more
//   --refuse METHOD answers INVALID_ARGUMENT, as a stack that disagrees with
//                   its peer does (a failure that no rule classifies)
//
// The fake server listens on a port of its own behind a TCP relay on --port,
// so that a panic can drop the client's connection like the real thing.
import * as grpc from "@grpc/grpc-js";
import { createServer, connect, type Socket } from "node:net";
import { parseArgs } from "node:util";
import type { Method } from "../../runner/connection.js";
import { FakeMlsServer } from "../../runner/testing/fake-mls-server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    name: { type: "string" },
    suites: { type: "string" },
    panic: { type: "string" },
    die: { type: "string" },
    hang: { type: "string" },
    refuse: { type: "string" },
  },
});

const sockets = new Set<Socket>();
const panicText = (method: string) =>
  `thread 'tokio-runtime-worker' panicked at interop_client/src/main.rs:412:9:\nnot yet implemented: ${method}\n` +
  "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

function onCall(method: Method): boolean {
  if (method === values.panic) {
    process.stderr.write(panicText(method));
    for (const s of sockets) s.destroy();
    return true;
  }
  if (method === values.die) {
    process.stderr.write(
      "thread 'main' panicked at interop_client/src/main.rs:88:14:\ncalled `Result::unwrap()` on an `Err` value: Crash\n",
    );
    process.exit(101);
  }
  if (method === values.hang) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  return false;
}

const fake = new FakeMlsServer({
  name: values.name ?? "fake stack",
  suites: (values.suites ?? "1").split(",").map(Number),
  onCall,
  faults:
    values.refuse === undefined
      ? undefined
      : {
          fail: {
            method: values.refuse as Method,
            code: grpc.status.INVALID_ARGUMENT,
            details: `${values.refuse}: refused by the fake stack`,
          },
        },
});
const [, inner] = (await fake.start()).split(":");
const relay = createServer((client) => {
  const server = connect(Number(inner), "127.0.0.1");
  sockets.add(client);
  client.pipe(server).pipe(client);
  const close = () => {
    sockets.delete(client);
    client.destroy();
    server.destroy();
  };
  client.on("error", close).on("close", close);
  server.on("error", close).on("close", close);
});
relay.listen(Number(values.port), "127.0.0.1", () => process.stderr.write(`listening on 127.0.0.1:${values.port}\n`));
process.on("SIGTERM", () => {
  fake.stop();
  process.exit(0);
});
