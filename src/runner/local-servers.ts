// Local MLSClient server processes for `selftest`: our own `serve` command,
// started on port 0; each tells its real port in a pino JSON line whose msg
// is "listening on HOST:PORT". They are killed when the session ends, fails,
// is interrupted, or when this process exits in any other way.
import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { projectRoot } from "./project-root.js";

export interface LocalServer {
  address: string;
  child: ChildProcess;
  /** The last lines the server wrote to stderr, for when it dies. */
  tail: string[];
}

export function serveCommand(): string[] {
  return [
    process.execPath,
    join(projectRoot(), "dist", "src", "cli", "main.js"),
    "serve",
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "--log-level",
    "warn",
  ];
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort: an exiting runner must not leave servers behind.
  process.on("exit", () => live.forEach((c) => c.kill("SIGKILL")));
}

const LISTENING = /^listening on (\S+)$/;

function startOne(command: readonly string[], timeoutMs: number): Promise<LocalServer> {
  const [file, ...args] = command;
  if (file === undefined) return Promise.reject(new Error("empty server command"));
  const child = spawn(file, args, { stdio: ["ignore", "ignore", "pipe"] });
  live.add(child);
  child.once("exit", () => live.delete(child));
  const tail: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(`did not report "listening on HOST:PORT" within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(
        new Error(
          `local server ${command.slice(1).join(" ")}: ${why}${tail.length > 0 ? `\n  ${tail.join("\n  ")}` : ""}`,
        ),
      );
    };
    child.once("error", (error) => fail(error.message));
    child.once("exit", (code, signal) => fail(`exited (${signal ?? `code ${code}`}) before listening`));
    createInterface({ input: child.stderr as NonNullable<ChildProcess["stderr"]> }).on("line", (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      let msg: unknown;
      try {
        msg = (JSON.parse(line) as { msg?: unknown }).msg;
      } catch {
        return;
      }
      const match = typeof msg === "string" ? LISTENING.exec(msg) : null;
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        child.once("exit", () => live.delete(child));
        resolve({ address: match[1], child, tail });
      }
    });
  });
}

export async function startLocalServers(
  count: number,
  command: readonly string[] = serveCommand(),
  timeoutMs = 30_000,
): Promise<LocalServer[]> {
  installExitHook();
  const started = await Promise.allSettled(Array.from({ length: count }, () => startOne(command, timeoutMs)));
  const servers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed !== undefined) {
    await stopLocalServers(servers);
    throw failed.reason;
  }
  return servers;
}

/** SIGTERM, then SIGKILL for whoever has not gone within a few seconds. */
export async function stopLocalServers(servers: readonly LocalServer[], graceMs = 3000): Promise<void> {
  await Promise.all(
    servers.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}
