// A stand-in for `mls-interop serve` in selftest's tests: a fake MLSClient
// server in its own process that announces itself the way serve does.
import { FakeMlsServer } from "./fake-mls-server.js";

const fake = new FakeMlsServer({ name: "fake process", suites: [1, 2] });
const address = await fake.start();
process.stderr.write(`${JSON.stringify({ level: 30, msg: `listening on ${address}` })}\n`);
process.on("SIGTERM", () => {
  fake.stop();
  process.exit(0);
});
