// Real servers for tests: in this process, or as child processes running the
// compiled CLI (members of one group held by different processes).
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createLogger } from "../transport/logging.js";
import { startServer, type RunningServer, type ServeOptions } from "../transport/server.js";
import { connect, type Client } from "./client.js";

export const cliPath = fileURLToPath(new URL("../cli/main.js", import.meta.url));

export interface TestServer {
  address: string;
  client: Client;
  stop(): Promise<void>;
}

export async function inProcessServer(
  options: Partial<ServeOptions> = {},
): Promise<TestServer & { server: RunningServer }> {
  const server = await startServer({ host: "127.0.0.1", port: 0, logger: createLogger("silent"), ...options });
  const address = `127.0.0.1:${server.port}`;
  const client = connect(address);
  return {
    server,
    address,
    client,
    stop: async () => {
      client.close();
      await server.close(1000);
    },
  };
}

export interface ChildServer extends TestServer {
  process: ChildProcess;
  /** Everything the child wrote to stderr so far. */
  output(): string;
}

export async function childServer(args: string[] = [], nodeFlags: string[] = []): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [...nodeFlags, cliPath, "serve", "--port", "0", "--log-level", "warn", ...args],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let output = "";
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      output += chunk;
      const match = /listening on (\S+):(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`${match[1]}:${match[2]}`);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const client = connect(address);
  return {
    address,
    client,
    process: child,
    output: () => output,
    stop: async () => {
      client.close();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
